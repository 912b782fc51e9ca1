import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { ActionError } from '../../../core/run/errors';
import { nodeParameter } from '../execution/parameters';

/** The workflow's contact, as every contact action reads it from the trigger's item. */
export const contactProperty: INodeProperties = {
	displayName: 'Contact',
	name: 'contact',
	type: 'json',
	default: '={{ $json.contact ?? $json.body?.contact }}',
	description:
		"The contact this action is about: an object with email, phone, first_name, last_name and optionally assigned_user. By default the trigger's contact (also inside a Webhook node's body).",
};

export function readContact(ctx: IExecuteFunctions, itemIndex: number): Record<string, unknown> {
	const value = nodeParameter<unknown>(ctx, 'contact', itemIndex, {});
	if (value === undefined || value === null || value === '') return {};
	if (typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
	if (typeof value === 'string') {
		try {
			const parsed = JSON.parse(value) as unknown;
			if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
				return parsed as Record<string, unknown>;
		} catch {
			// reported below
		}
	}
	throw new ActionError(
		'Contact',
		`Contact must be an object such as {"email": "jane@example.com"}, not ${JSON.stringify(value)}`,
	);
}
