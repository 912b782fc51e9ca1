/** One placeholder of a WhatsApp template, such as {{1}} or {{first_name}}, and the sample the template gives it. */
export interface TemplateVariable {
	key: string;
	sample: string;
}

/** Twilio's variable names: letters, digits and underscores, no spaces (https://www.twilio.com/docs/content/using-variables-with-content-api). */
const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

function placeholdersIn(value: unknown, found: string[]): void {
	if (typeof value === 'string') {
		for (const match of value.matchAll(PLACEHOLDER)) found.push(match[1]);
	} else if (Array.isArray(value)) {
		for (const entry of value) placeholdersIn(entry, found);
	} else if (value && typeof value === 'object') {
		for (const entry of Object.values(value)) placeholdersIn(entry, found);
	}
}

const numeric = (key: string) => /^\d+$/.test(key);

/**
 * The variables a template needs filled: those its `variables` declares (with their samples) and
 * any placeholder its content types use without one (a title, a button URL). Numbered ones come in
 * number order, as WhatsApp numbers them; named ones follow in the order the template uses them.
 */
export function templateVariables(template: {
	variables?: Record<string, unknown> | null;
	types?: unknown;
}): TemplateVariable[] {
	const samples = template.variables ?? {};
	const used: string[] = [];
	placeholdersIn(template.types, used);
	const keys = [...new Set([...Object.keys(samples), ...used])];
	const rank = (key: string) =>
		used.includes(key) ? used.indexOf(key) : used.length + keys.indexOf(key);
	const numbered = keys.filter(numeric).sort((a, b) => Number(a) - Number(b));
	const named = keys.filter((k) => !numeric(k)).sort((a, b) => rank(a) - rank(b));
	return [...numbered, ...named].map((key) => ({
		key,
		sample: samples[key] === undefined || samples[key] === null ? '' : String(samples[key]),
	}));
}

/** How the editor names a variable's field: its placeholder and the template's sample value. */
export function variableLabel(variable: TemplateVariable): string {
	return variable.sample ? `{{${variable.key}}} (e.g. ${variable.sample})` : `{{${variable.key}}}`;
}

/**
 * A variable's value as WhatsApp takes it: Twilio refuses values with a newline, a tab or more than
 * four spaces in a row (error 21656), so those become one space; text from a contact record or a
 * form often has them, and the alert still reads the same.
 */
export function flattenVariableValue(value: string): string {
	return value
		.replace(/[\t\r\n]+/g, ' ')
		.replace(/ {5,}/g, ' ')
		.trim();
}
