import { parseMailbox } from '../../contacts/addresses';
import type { WorkspaceStore } from '../../store';
import type { EmailEndpointEvent } from './emailEvents';

/** An email a provider's inbound route posted, reduced to what threading and the conversation need. */
export interface InboundEmail {
	from: string;
	to: string | null;
	subject: string | null;
	text: string;
	messageId: string | null;
	/** In-Reply-To first, then References newest first: the sent emails this one may answer. */
	answers: string[];
}

const field = (fields: Record<string, unknown>, ...names: string[]): string | undefined => {
	for (const name of names) {
		const value = fields[name];
		const first = Array.isArray(value) ? value[0] : value;
		if (typeof first === 'string' && first !== '') return first;
	}
	return undefined;
};

const messageIds = (value: string | undefined): string[] => value?.match(/<[^<>\s]+>/g) ?? [];

function threadIds(inReplyTo: string | undefined, references: string | undefined): string[] {
	return [...new Set([...messageIds(inReplyTo), ...messageIds(references).reverse()])];
}

/** Header values of a raw header block (SendGrid's `headers` field), folded lines joined. */
function headerBlock(raw: string): Record<string, string> {
	const headers: Record<string, string> = {};
	for (const line of raw.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
		const colon = line.indexOf(':');
		if (colon > 0)
			headers[line.slice(0, colon).trim().toLowerCase()] ??= line.slice(colon + 1).trim();
	}
	return headers;
}

/** Mailgun's route `forward()` post: every MIME header is a field of its own. */
export function readMailgunInbound(fields: Record<string, unknown>): InboundEmail {
	return {
		from: field(fields, 'from', 'From', 'sender') ?? '',
		to: field(fields, 'recipient', 'To') ?? null,
		subject: field(fields, 'subject', 'Subject') ?? null,
		text: field(fields, 'stripped-text', 'body-plain') ?? '',
		messageId: messageIds(field(fields, 'Message-Id', 'Message-ID', 'message-id'))[0] ?? null,
		answers: threadIds(
			field(fields, 'In-Reply-To', 'in-reply-to'),
			field(fields, 'References', 'references'),
		),
	};
}

/** SendGrid's Inbound Parse post: the headers come as one raw block. */
export function readSendGridInbound(fields: Record<string, unknown>): InboundEmail {
	const headers = headerBlock(field(fields, 'headers') ?? '');
	return {
		from: field(fields, 'from') ?? headers.from ?? '',
		to: field(fields, 'to') ?? headers.to ?? null,
		subject: field(fields, 'subject') ?? headers.subject ?? null,
		text: field(fields, 'text') ?? '',
		messageId: messageIds(headers['message-id'])[0] ?? null,
		answers: threadIds(headers['in-reply-to'], headers.references),
	};
}

/**
 * An inbound email: threaded to the sent email it answers (Replied on that action's statistics)
 * and logged to the contact's conversation, where it also counts as the contact's response. Mail
 * from someone the workspace does not know, answering nothing it sent, is not kept.
 */
export async function recordInboundEmail(
	store: WorkspaceStore,
	email: InboundEmail,
	source: 'mailgun' | 'sendgrid',
): Promise<EmailEndpointEvent[]> {
	const sender = parseMailbox(email.from).mailbox?.address ?? null;
	let answered: Awaited<ReturnType<WorkspaceStore['deliveryEvents']['emailByMessageId']>>;
	for (const id of email.answers) {
		answered = await store.deliveryEvents.emailByMessageId(id);
		if (answered) break;
	}
	const delivery = answered ? await store.deliveries.get(answered.id) : undefined;
	const contactId =
		delivery?.contact_id ??
		(sender ? (await store.contacts.findByEmailOrPhone(sender, null))?.id : undefined);
	if (contactId === undefined || contactId === null) return [];
	const messageId = email.messageId ?? `<${source}-${Date.now()}@inbound>`;
	if (email.messageId && (await store.emailReplies.seen(email.messageId))) return [];
	const at = new Date().toISOString();
	if (delivery) {
		const fresh = await store.deliveryEvents.record({
			delivery_id: delivery.id,
			event: 'replied',
			dedup_key: `reply:${messageId}`,
			source,
			occurred_at: at,
		});
		if (!fresh) return [];
	}
	await store.conversations.log({
		contact_id: contactId,
		channel: 'email',
		direction: 'inbound',
		status: 'received',
		subject: email.subject,
		body: email.text,
		from_address: email.from || sender,
		to_address: email.to,
		provider_message_id: messageId,
		workflow_id: delivery?.workflow_id ?? null,
		action_name: delivery?.action_name ?? null,
		execution_id: null,
		meta: delivery ? { in_reply_to: delivery.provider_message_id, source } : { source },
	});
	return [
		{
			event: 'email.replied',
			contact_id: contactId,
			from: email.from,
			subject: email.subject,
			in_reply_to: delivery?.provider_message_id ?? null,
			action_name: delivery?.action_name ?? null,
			workflow_id: delivery?.workflow_id ?? null,
		},
	];
}

/** Whether the contact replied by email since a moment: Stop on Response asks this. */
export function contactRepliedByEmailSince(
	store: WorkspaceStore,
	contactId: number,
	since: Date | string,
): Promise<boolean> {
	return store.emailReplies.repliedSince(
		contactId,
		typeof since === 'string' ? since : since.toISOString(),
	);
}
