import type { Contact, TeamUser } from '../store/types';
import { withAppointmentDates } from './dates';

export interface CompanyInfo {
	name: string;
	phone: string;
	time_zone: string;
}

export interface MergeSources {
	/** The n8n item's JSON: the trigger's `contact`, `appointment` and any other objects. */
	item: Record<string, unknown>;
	/** The contact as the workspace knows it, when the action is about a contact. */
	contact?: Contact;
	assignedUser?: TeamUser;
	company: CompanyInfo;
	reputation: Record<string, unknown>;
}

const asObject = (value: unknown): Record<string, unknown> =>
	value && typeof value === 'object' && !Array.isArray(value)
		? (value as Record<string, unknown>)
		: {};

function fullName(first: unknown, last: unknown): string {
	return [first, last].filter((part) => typeof part === 'string' && part.trim() !== '').join(' ');
}

function contactValues(
	stored: Contact | undefined,
	fromItem: Record<string, unknown>,
): Record<string, unknown> {
	const base: Record<string, unknown> = stored
		? {
				...stored.custom_fields,
				id: stored.id,
				first_name: stored.first_name,
				last_name: stored.last_name,
				email: stored.email,
				phone: stored.phone,
				tags: stored.tags,
			}
		: {};
	// The trigger's values are the newest; the record fills what the trigger did not send.
	const merged: Record<string, unknown> = { ...base };
	for (const [key, value] of Object.entries(fromItem)) {
		if (value !== undefined && value !== null && value !== '') merged[key] = value;
	}
	const name = fullName(merged.first_name, merged.last_name);
	merged.name ??= name || undefined;
	merged.full_name ??= name || undefined;
	return merged;
}

function userValues(user: TeamUser | undefined): Record<string, unknown> {
	if (!user) return {};
	const [first, ...rest] = user.name.split(' ');
	return {
		id: user.id,
		name: user.name,
		first_name: first,
		last_name: rest.join(' '),
		email: user.email,
		phone: user.phone,
	};
}

const WEBHOOK_ENVELOPE = ['headers', 'params', 'query', 'body', 'webhookUrl', 'executionMode'];

/**
 * What the trigger supplied. n8n's Webhook node wraps the posted JSON in `body`; its objects
 * (`contact`, `appointment`, ...) are what merge fields name, as if the trigger had sent them bare.
 */
export function triggerData(json: Record<string, unknown>): Record<string, unknown> {
	const body = json.body;
	if (!('headers' in json) || !body || typeof body !== 'object' || Array.isArray(body)) return json;
	const rest = Object.fromEntries(
		Object.entries(json).filter(([key]) => !WEBHOOK_ENVELOPE.includes(key)),
	);
	return { ...(body as Record<string, unknown>), ...rest };
}

/** Everything a merge field can name: the item's objects plus what the workspace knows. */
export function buildMergeContext(sources: MergeSources): Record<string, unknown> {
	const item = triggerData(sources.item);
	const context: Record<string, unknown> = { ...item };
	context.contact = contactValues(sources.contact, asObject(item.contact));
	if (item.appointment !== undefined) {
		context.appointment = withAppointmentDates(
			asObject(item.appointment),
			sources.company.time_zone,
		);
	}
	context.user = { ...userValues(sources.assignedUser), ...asObject(item.user) };
	context.company = { ...sources.company, ...asObject(item.company) };
	context.reputation = { ...sources.reputation, ...asObject(item.reputation) };
	return context;
}
