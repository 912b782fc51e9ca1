import { toE164 } from '../contacts/phone';
import { readLinkToken } from '../links/trackedLinks';
import type { WorkspaceStore } from '../store';
import type { DeliveryStatus } from '../store/types';

export interface WorkspaceEvent {
	event:
		| 'message.status'
		| 'message.inbound'
		| 'contact.opted_out'
		| 'contact.opted_in'
		| 'link.clicked';
	[key: string]: unknown;
}

/** Twilio's message statuses, as the action statistics count them. */
const STATUS: Record<string, DeliveryStatus> = {
	accepted: 'accepted',
	queued: 'accepted',
	sending: 'accepted',
	sent: 'sent',
	delivered: 'delivered',
	read: 'delivered',
	undelivered: 'failed',
	failed: 'failed',
};

/** Twilio's default opt-out and opt-in keywords; only a reply of the single word counts. */
const OPT_OUT = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT'];
const OPT_IN = ['START', 'YES', 'UNSTOP'];

/**
 * What makes a Twilio callback unique, from signed parameters only: a status report is one status of
 * one message or call, an inbound text is one message. Twilio's I-Twilio-Idempotency-Token header is
 * not signed, so it names a callback only when the body carries no SID.
 */
export function twilioReplayKey(
	route: 'status' | 'inbound',
	params: Record<string, string>,
	idempotencyToken?: string,
): string | undefined {
	const sid = params.MessageSid || params.SmsSid || params.CallSid;
	if (sid) {
		const status =
			route === 'status'
				? `:${(params.MessageStatus || params.SmsStatus || params.CallStatus || '').toLowerCase()}`
				: '';
		return `twilio:${route}:${sid}${status}`;
	}
	return idempotencyToken ? `twilio:token:${idempotencyToken}` : undefined;
}

/**
 * A message status callback: moves the text's delivery record and its conversation entry forward.
 * With a `replayKey` the callback's receipt is taken as it moves them: `replay` when it was received
 * before, and then nothing moved. When it throws, it holds no receipt (see `Deliveries.reportText`).
 */
export async function recordMessageStatus(
	store: WorkspaceStore,
	params: Record<string, string>,
	replayKey?: string,
): Promise<{ replay: boolean; event?: WorkspaceEvent }> {
	const sid = params.MessageSid || params.SmsSid;
	const twilioStatus = (params.MessageStatus || params.SmsStatus || '').toLowerCase();
	const status = STATUS[twilioStatus];
	if (!sid || !status) return { replay: false };
	const error = params.ErrorCode ? `Twilio error ${params.ErrorCode}` : null;
	const { replay, record } = await store.deliveries.reportText(
		sid,
		status,
		twilioStatus,
		error,
		replayKey,
	);
	if (replay) return { replay };
	return {
		replay,
		event: {
			event: 'message.status',
			message_sid: sid,
			status: twilioStatus,
			error_code: params.ErrorCode ?? null,
			to: params.To ?? null,
			action_name: record?.action_name ?? null,
			workflow_id: record?.workflow_id ?? null,
			contact_id: record?.contact_id ?? null,
		},
	};
}

/**
 * An inbound text: logged to the sender's conversation; STOP and the other opt-out words opt the
 * contact out of texts, START opts them back in.
 */
export async function recordInboundText(
	store: WorkspaceStore,
	params: Record<string, string>,
): Promise<WorkspaceEvent[]> {
	const from = toE164(params.From).number;
	if (!from) return [];
	const contact = await store.contacts.findOrCreate({ phone: from });
	const body = params.Body ?? '';
	await store.conversations.log({
		contact_id: contact.id,
		channel: 'sms',
		direction: 'inbound',
		status: 'received',
		subject: null,
		body,
		from_address: from,
		to_address: params.To ?? null,
		provider_message_id: params.MessageSid ?? null,
		workflow_id: null,
		action_name: null,
		execution_id: null,
	});
	const events: WorkspaceEvent[] = [
		{
			event: 'message.inbound',
			contact_id: contact.id,
			from,
			to: params.To ?? null,
			body,
			message_sid: params.MessageSid ?? null,
		},
	];
	const keyword = body.trim().toUpperCase();
	const optedOut = OPT_OUT.includes(keyword) ? true : OPT_IN.includes(keyword) ? false : undefined;
	if (optedOut === undefined) return events;
	// The contact's own word, in their consent trail.
	await store.consent.record({
		contactId: contact.id,
		flag: 'sms_opted_out',
		optedOut,
		source: 'text_reply',
		detail: `replied ${keyword}`,
	});
	events.push({
		event: optedOut ? 'contact.opted_out' : 'contact.opted_in',
		contact_id: contact.id,
		phone: from,
		keyword,
	});
	return events;
}

/** A tracked link: counts the click on its message and says where to send the person. */
export async function followTrackedLink(
	store: WorkspaceStore,
	token: string,
): Promise<{ url: string; event: WorkspaceEvent } | undefined> {
	const id = readLinkToken(await store.settings.secret(), token);
	if (id === undefined) return undefined;
	const link = await store.trackedLinks.click(id);
	if (!link) return undefined;
	await store.deliveries.markClicked(link.delivery_id);
	const delivery = await store.deliveries.get(link.delivery_id);
	return {
		url: link.url,
		event: {
			event: 'link.clicked',
			url: link.url,
			clicks: link.clicks,
			action_name: delivery?.action_name ?? null,
			workflow_id: delivery?.workflow_id ?? null,
			contact_id: delivery?.contact_id ?? null,
		},
	};
}
