/**
 * The node fields whose picked value is a row of the workspace (a saved template, a team user) by its
 * id. Ids differ from one clinic to the next, so a snapshot writes these as references by name and
 * the loading clinic puts its own ids back, typed as the field's picker stores them.
 */
export type EntityKind = 'team' | 'email_template' | 'sms_template';

export interface EntityField {
	/** The parameter's path inside the node's parameters. */
	path: string[];
	kind: EntityKind;
	/** What the picker stores: team users are numbers in most pickers, strings where "unassigned" is a choice. */
	stores: 'number' | 'string';
}

const PACKAGE = 'n8n-nodes-aesthetix.';

export const ENTITY_FIELDS: Record<string, EntityField[]> = {
	[`${PACKAGE}sendEmail`]: [{ path: ['template'], kind: 'email_template', stores: 'string' }],
	[`${PACKAGE}sendSms`]: [{ path: ['template'], kind: 'sms_template', stores: 'string' }],
	[`${PACKAGE}manualActionSms`]: [
		{ path: ['template'], kind: 'sms_template', stores: 'string' },
		{ path: ['advancedSettings', 'assignTo'], kind: 'team', stores: 'number' },
	],
	[`${PACKAGE}manualActionCall`]: [
		{ path: ['advancedSettings', 'assignTo'], kind: 'team', stores: 'number' },
	],
	[`${PACKAGE}internalNotification`]: [
		{ path: ['particularUsers'], kind: 'team', stores: 'number' },
		{ path: ['emailTemplate'], kind: 'email_template', stores: 'string' },
		{ path: ['smsTemplate'], kind: 'sms_template', stores: 'string' },
	],
	[`${PACKAGE}slack`]: [{ path: ['internalUser'], kind: 'team', stores: 'number' }],
	[`${PACKAGE}manualActions`]: [
		{ path: ['completedBy'], kind: 'team', stores: 'number' },
		{ path: ['assignee'], kind: 'team', stores: 'string' },
		{ path: ['filters', 'assignee'], kind: 'team', stores: 'string' },
	],
};

/** A literal id as a picker stored it; expressions (`=…`), empty values and words such as "unassigned" are not ids. */
export function pickedId(value: unknown): number | undefined {
	if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
	if (typeof value === 'string' && /^\d+$/.test(value) && Number(value) > 0) return Number(value);
	return undefined;
}

/**
 * Calls `change` with the value at each entity field of a node's parameters (each entry of a list
 * field on its own) and writes back what it returns: a copy, the original untouched.
 */
export function mapEntityFields(
	type: string,
	parameters: Record<string, unknown>,
	change: (value: unknown, field: EntityField) => unknown,
): Record<string, unknown> {
	const copy = structuredClone(parameters);
	for (const field of ENTITY_FIELDS[type] ?? []) {
		const parent = field.path
			.slice(0, -1)
			.reduce<unknown>(
				(at, key) =>
					at && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined,
				copy,
			) as Record<string, unknown> | undefined;
		const key = field.path[field.path.length - 1];
		if (!parent || typeof parent !== 'object' || !(key in parent)) continue;
		const value = parent[key];
		parent[key] = Array.isArray(value) ? value.map((v) => change(v, field)) : change(value, field);
	}
	return copy;
}
