import { createHmac, timingSafeEqual } from 'node:crypto';
import { isoFromSeconds, type EmailProviderEvent } from './emailEvents';
import { DELIVERY_VARIABLE } from '../../email/sendTracking';

export interface MailgunSignature {
	timestamp?: unknown;
	token?: unknown;
	signature?: unknown;
}

/**
 * Mailgun's webhook and route signature: hex HMAC-SHA256 of timestamp + token with the domain's
 * HTTP webhook signing key.
 */
export function isSignedByMailgun(
	signingKey: string,
	signed: MailgunSignature | undefined,
): boolean {
	const { timestamp, token, signature } = signed ?? {};
	if (
		!signingKey ||
		typeof timestamp !== 'string' ||
		typeof token !== 'string' ||
		typeof signature !== 'string'
	)
		return false;
	const expected = Buffer.from(
		createHmac('sha256', signingKey)
			.update(timestamp + token)
			.digest('hex'),
	);
	const given = Buffer.from(signature.toLowerCase());
	return expected.length === given.length && timingSafeEqual(expected, given);
}

type EventData = {
	event?: string;
	id?: string;
	timestamp?: number;
	recipient?: string;
	severity?: string;
	reason?: string;
	'delivery-status'?: { code?: number; message?: string; description?: string };
	message?: { headers?: { 'message-id'?: string } };
	'user-variables'?: Record<string, unknown>;
	url?: string;
};

function failureReason(data: EventData): string | null {
	const status = data['delivery-status'];
	const words = [status?.code, status?.message || status?.description, data.reason].filter(
		(w) => w !== undefined && w !== null && w !== '',
	);
	return words.length ? words.join(' ') : null;
}

/** A Mailgun webhook body (`{signature, event-data}`) as the package's event, or undefined for events it does not count. */
export function readMailgunEvent(body: {
	'event-data'?: EventData;
}): EmailProviderEvent | undefined {
	const data = body['event-data'];
	if (!data?.event || !data.id) return undefined;
	const common = {
		source: 'mailgun' as const,
		eventId: data.id,
		token: data['user-variables']?.[DELIVERY_VARIABLE] as string | undefined,
		messageId: data.message?.headers?.['message-id'],
		recipient: data.recipient,
		occurredAt: isoFromSeconds(data.timestamp),
	};
	switch (data.event) {
		case 'delivered':
			return { ...common, event: 'delivered', reason: null };
		case 'failed':
			return data.severity === 'temporary'
				? { ...common, event: 'deferred', reason: failureReason(data) }
				: { ...common, event: 'bounced', reason: failureReason(data), permanent: true };
		case 'rejected':
			return { ...common, event: 'rejected', reason: failureReason(data) };
		case 'complained':
			return { ...common, event: 'complained', reason: 'The recipient marked the email as spam' };
		case 'unsubscribed':
			return { ...common, event: 'unsubscribed', reason: 'The recipient unsubscribed' };
		case 'opened':
			return { ...common, event: 'opened', reason: null };
		case 'clicked':
			return { ...common, event: 'clicked', reason: data.url ?? null };
		case 'stored':
			return { ...common, event: 'stored', reason: null };
		default:
			return undefined;
	}
}
