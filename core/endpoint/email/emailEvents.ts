import { readDeliveryToken } from '../../email/deliveryToken';
import type { WorkspaceStore } from '../../store';
import type { EmailEvent } from '../../store/deliveryEvents';
import { consentFromEmailEvent } from './emailConsent';

/** One provider event, in the package's words, before it is matched to a send. */
export interface EmailProviderEvent {
	event: EmailEvent;
	source: 'mailgun' | 'sendgrid';
	/** The provider's own id of the event: its retries carry the same one. */
	eventId: string;
	/** The delivery token set at send time (Mailgun user variable, SendGrid unique argument). */
	token?: string;
	messageId?: string;
	recipient?: string;
	occurredAt: string;
	reason: string | null;
	/** A bounce that will not succeed later (hard bounce, Mailgun's `permanent` failure). */
	permanent?: boolean;
	/** SendGrid's unsubscribe group of a group unsubscribe or resubscribe. */
	group?: string;
}

export interface EmailEndpointEvent {
	event: string;
	[key: string]: unknown;
}

/** The outbound message's conversation entry shows the provider's last word on it. */
const CONVERSATION_STATUS: Partial<Record<EmailEvent, string>> = {
	delivered: 'delivered',
	bounced: 'bounced',
	complained: 'complained',
	rejected: 'rejected',
};

/**
 * Records a verified provider event on the email it is about: matched by the token set at send
 * time, else by Message-ID; counted once however often the provider retries; only the primary
 * recipient counts (a Cc or Bcc copy has its own events with the same ids). A complaint or a
 * permanent bounce puts the contact in Do Not Disturb for email, an unsubscribe takes them off
 * marketing email, each with its entry in the consent trail.
 */
export async function recordEmailEvent(
	store: WorkspaceStore,
	input: EmailProviderEvent,
): Promise<EmailEndpointEvent | undefined> {
	const secret = await store.settings.secret();
	const byToken = readDeliveryToken(secret, 'delivery', input.token);
	const delivery =
		byToken !== undefined
			? await store.deliveries.get(byToken)
			: input.messageId
				? await matchByMessageId(store, input.messageId)
				: undefined;
	if (!delivery || delivery.is_test) return undefined;
	if (input.recipient && input.recipient.trim().toLowerCase() !== delivery.recipient.toLowerCase())
		return undefined;
	const fresh = await store.deliveryEvents.record({
		delivery_id: delivery.id,
		event: input.event,
		dedup_key: `${input.source}:${input.eventId}`,
		source: input.source,
		reason: input.reason,
		occurred_at: input.occurredAt,
	});
	if (!fresh) return undefined;
	const status = CONVERSATION_STATUS[input.event];
	if (status && delivery.provider_message_id)
		await store.conversations.updateStatus(delivery.provider_message_id, status);
	const consent = await consentFromEmailEvent(store, input, delivery);
	return {
		event: `email.${input.event}`,
		recipient: delivery.recipient,
		reason: input.reason,
		at: input.occurredAt,
		provider: input.source,
		action_name: delivery.action_name,
		workflow_id: delivery.workflow_id,
		contact_id: delivery.contact_id,
		...(consent?.flag === 'dnd_email' ? { contact_dnd_email: true } : {}),
		...(consent?.flag === 'email_unsubscribed' ? { contact_unsubscribed: consent.opted_out } : {}),
	};
}

async function matchByMessageId(store: WorkspaceStore, messageId: string) {
	const found = await store.deliveryEvents.emailByMessageId(messageId);
	return found && store.deliveries.get(found.id);
}

/** Seconds since the epoch, as providers send them, to the store's ISO time. */
export function isoFromSeconds(seconds: unknown): string {
	const n = Number(seconds);
	return Number.isFinite(n) && n > 0 ? new Date(n * 1000).toISOString() : new Date().toISOString();
}
