import { createPublicKey, verify } from 'node:crypto';
import { isoFromSeconds, type EmailProviderEvent } from './emailEvents';
import { DELIVERY_VARIABLE } from '../../email/sendTracking';

/**
 * SendGrid's Signed Event Webhook: an ECDSA (P-256, SHA-256) signature, base64 DER, over the
 * timestamp header followed by the raw body bytes, checked with the account's verification key
 * (base64 DER SubjectPublicKeyInfo, as SendGrid shows it).
 */
export function isSignedBySendGrid(
	publicKey: string,
	signature: string | undefined,
	timestamp: string | undefined,
	rawBody: Buffer | undefined,
): boolean {
	if (!publicKey || !signature || !timestamp || !rawBody) return false;
	try {
		const key = createPublicKey({
			key: Buffer.from(publicKey.replace(/\s+/g, ''), 'base64'),
			format: 'der',
			type: 'spki',
		});
		return verify(
			'sha256',
			Buffer.concat([Buffer.from(timestamp, 'utf8'), rawBody]),
			key,
			Buffer.from(signature, 'base64'),
		);
	} catch {
		return false;
	}
}

/** Whether the text is a verification key SendGrid could have issued. */
export function isSendGridKey(publicKey: string): boolean {
	try {
		const key = createPublicKey({
			key: Buffer.from(publicKey.replace(/\s+/g, ''), 'base64'),
			format: 'der',
			type: 'spki',
		});
		return key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1';
	} catch {
		return false;
	}
}

type SendGridEvent = Record<string, unknown> & {
	event?: string;
	sg_event_id?: string;
	email?: string;
	timestamp?: number;
};

const text = (value: unknown): string | null =>
	typeof value === 'string' && value !== '' ? value : null;

/** A SendGrid Event Webhook body (a JSON array) as the package's events, leaving out those it does not count. */
export function readSendGridEvents(body: unknown): EmailProviderEvent[] {
	if (!Array.isArray(body)) return [];
	const events: EmailProviderEvent[] = [];
	for (const raw of body as SendGridEvent[]) {
		if (!raw?.event || !raw.sg_event_id) continue;
		const common = {
			source: 'sendgrid' as const,
			eventId: raw.sg_event_id,
			token: text(raw[DELIVERY_VARIABLE]) ?? undefined,
			messageId: text(raw['smtp-id']) ?? undefined,
			recipient: text(raw.email) ?? undefined,
			occurredAt: isoFromSeconds(raw.timestamp),
		};
		const reason = [raw.status, raw.reason].map(text).filter(Boolean).join(' ') || null;
		switch (raw.event) {
			case 'delivered':
				events.push({ ...common, event: 'delivered', reason: text(raw.response) });
				break;
			case 'bounce':
				// `blocked` is a refusal that may pass later (an IP block); `bounce` is a hard bounce.
				events.push({ ...common, event: 'bounced', reason, permanent: raw.type !== 'blocked' });
				break;
			case 'dropped':
				events.push({ ...common, event: 'rejected', reason });
				break;
			case 'deferred':
				events.push({ ...common, event: 'deferred', reason: text(raw.response) });
				break;
			case 'spamreport':
				events.push({
					...common,
					event: 'complained',
					reason: 'The recipient marked the email as spam',
				});
				break;
			case 'unsubscribe':
				events.push({ ...common, event: 'unsubscribed', reason: 'The recipient unsubscribed' });
				break;
			case 'group_unsubscribe':
			case 'group_resubscribe': {
				const group = raw.asm_group_id === undefined ? undefined : String(raw.asm_group_id);
				const subscribed = raw.event === 'group_resubscribe';
				events.push({
					...common,
					event: subscribed ? 'resubscribed' : 'unsubscribed',
					reason: `The recipient ${subscribed ? 'resubscribed to' : 'unsubscribed from'} group ${group ?? '(none)'}`,
					group,
				});
				break;
			}
			case 'open':
				events.push({ ...common, event: 'opened', reason: null });
				break;
			case 'click':
				events.push({ ...common, event: 'clicked', reason: text(raw.url) });
				break;
		}
	}
	return events;
}
