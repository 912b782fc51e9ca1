/**
 * Inside a snapshot, what belongs to one clinic is written as a reference the loading clinic
 * resolves: `[[value:company_name]]` for a per-clinic value, `[[template:email:Booking confirmation]]`
 * and `[[template:sms:…]]` for a saved template, `[[team:Maya Lopez]]` for a team member. Plain
 * Handlebars custom values (`{{company.name}}`) and n8n expressions are left as they are: they are
 * already the same in every clinic.
 */
export type ReferenceKind = 'value' | 'email_template' | 'sms_template' | 'team';

export interface Reference {
	kind: ReferenceKind;
	name: string;
	text: string;
}

const PATTERN = /\[\[(value|template:email|template:sms|team):([^\]\n]{1,200})\]\]/g;

const KINDS: Record<string, ReferenceKind> = {
	value: 'value',
	'template:email': 'email_template',
	'template:sms': 'sms_template',
	team: 'team',
};

export const reference = {
	value: (key: string) => `[[value:${key}]]`,
	template: (kind: 'email' | 'sms', name: string) => `[[template:${kind}:${name}]]`,
	team: (name: string) => `[[team:${name}]]`,
};

/** Every string inside a value, wherever it is nested. */
export function* stringsIn(value: unknown): Generator<string> {
	if (typeof value === 'string') yield value;
	else if (Array.isArray(value)) for (const item of value) yield* stringsIn(item);
	else if (value && typeof value === 'object')
		for (const item of Object.values(value)) yield* stringsIn(item);
}

export function* referencesIn(value: unknown): Generator<Reference> {
	for (const text of stringsIn(value)) {
		for (const match of text.matchAll(PATTERN)) {
			yield { kind: KINDS[match[1]], name: match[2], text: match[0] };
		}
	}
}

/** Replaces every reference in every string of a value (a copy) with what `resolve` gives for it. */
export function resolveReferences<T>(value: T, resolve: (ref: Reference) => string | number): T {
	const walk = (item: unknown): unknown => {
		if (typeof item === 'string') {
			// A parameter that is only a reference (a picked template or user) becomes the picked id
			// itself, with the id's own type, as the node's picker would have stored it.
			const whole = [...item.matchAll(PATTERN)];
			if (whole.length === 1 && whole[0][0] === item && whole[0][1] !== 'value') {
				return resolve({ kind: KINDS[whole[0][1]], name: whole[0][2], text: item });
			}
			return item.replace(PATTERN, (text, kind: string, name: string) =>
				String(resolve({ kind: KINDS[kind], name, text })),
			);
		}
		if (Array.isArray(item)) return item.map(walk);
		if (item && typeof item === 'object') {
			return Object.fromEntries(Object.entries(item).map(([k, v]) => [k, walk(v)]));
		}
		return item;
	};
	return walk(value) as T;
}
