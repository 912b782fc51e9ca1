import { toE164 } from '../contacts/phone';
import type { ActionRun } from '../run/actionRun';
import { ActionError } from '../run/errors';

/** The Log External Call fields, as the node read them for one item. */
export interface LogExternalCallInput {
	direction: string;
	date: string;
	to: string;
	from: string;
	callStatus: string;
	/** The recording's URL, when the calling system passed one. */
	attachment: string;
	durationSeconds?: number;
	notes?: string;
}

export interface LogExternalCallResult {
	action_name: string;
	status: 'logged';
	conversation_id: number;
	contact_id: number;
	/** True when no contact had the number and one was created for it. */
	contact_created: boolean;
	direction: 'inbound' | 'outbound';
	date: string;
	from: string;
	to: string;
	call_status: string;
	recording_url: string | null;
	duration_seconds: number | null;
	notes: string | null;
	/** True when n8n retried the node and this call was already logged: it was not logged twice. */
	already_logged?: boolean;
}

function direction(raw: string): 'inbound' | 'outbound' {
	const value = raw.trim().toLowerCase();
	if (value === 'inbound' || value === 'outbound') return value;
	throw new ActionError('Direction', `Direction must be "inbound" or "outbound", not "${raw}"`);
}

function phone(field: 'To' | 'From', raw: string): string {
	const { number, problem } = toE164(raw);
	if (!number) throw new ActionError(field, `${field} "${raw}" ${problem}`);
	return number;
}

/** ISO dates, and Unix times in seconds or milliseconds (what dialers post); empty means now. */
function callDate(raw: string): string {
	const text = String(raw ?? '').trim();
	if (text === '') return new Date().toISOString();
	const date = /^\d+$/.test(text)
		? new Date(Number(text) * (text.length <= 10 ? 1000 : 1))
		: new Date(text);
	if (Number.isNaN(date.getTime()))
		throw new ActionError('Date', `Date "${text}" is not a date such as 2026-12-01T15:00:00Z`);
	return date.toISOString();
}

function recordingUrl(raw: string): string | null {
	const text = String(raw ?? '').trim();
	if (text === '') return null;
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		throw new ActionError('Attachment', `Attachment "${text}" is not a URL`);
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:')
		throw new ActionError('Attachment', `Attachment "${text}" must be an http or https URL`);
	return url.toString();
}

/**
 * Logs one call made in an outside calling system to the contact's conversation. The contact is the
 * caller for an inbound call and the one called for an outbound call, found by that number or created.
 */
export async function logExternalCall(
	run: ActionRun,
	input: LogExternalCallInput,
	itemIndex: number,
): Promise<LogExternalCallResult> {
	const dir = direction(input.direction);
	const from = phone('From', input.from);
	const to = phone('To', input.to);
	const callStatus = input.callStatus
		.trim()
		.toLowerCase()
		.replace(/[\s-]+/g, '_');
	if (!callStatus)
		throw new ActionError(
			'Call Status',
			'Call Status is empty',
			'Map it to the status the calling system posts, such as completed or no-answer.',
		);
	const date = callDate(input.date);
	const recording = recordingUrl(input.attachment);
	const duration =
		input.durationSeconds !== undefined &&
		Number.isFinite(input.durationSeconds) &&
		input.durationSeconds >= 0
			? Math.round(input.durationSeconds)
			: null;
	const notes = input.notes?.trim() || null;

	const contactPhone = dir === 'inbound' ? from : to;
	const existing = await run.store.contacts.findByEmailOrPhone(null, contactPhone);
	const contact = existing ?? (await run.store.contacts.findOrCreate({ phone: contactPhone }));
	const { workflowId, actionName, executionId } = run.identity;
	const { entry, alreadyLogged } = await run.store.conversations.logOnce({
		contact_id: contact.id,
		channel: 'external_call',
		direction: dir,
		status: callStatus,
		subject: null,
		body: notes,
		from_address: from,
		to_address: to,
		provider_message_id: null,
		workflow_id: workflowId,
		action_name: actionName,
		execution_id: executionId,
		meta: { recording_url: recording, duration_seconds: duration },
		created_at: date,
		idempotency_key: run.idempotencyKey(itemIndex, 'external_call'),
	});
	return {
		action_name: actionName,
		status: 'logged',
		conversation_id: entry.id,
		contact_id: contact.id,
		contact_created: !existing && !alreadyLogged,
		direction: dir,
		date,
		from,
		to,
		call_status: callStatus,
		recording_url: recording,
		duration_seconds: duration,
		notes,
		...(alreadyLogged ? { already_logged: true } : {}),
	};
}
