import { createHash, timingSafeEqual } from 'node:crypto';
import type { IWebhookFunctions } from 'n8n-workflow';
import { recordEmailEvent, type EmailEndpointEvent } from '../../core/endpoint/email/emailEvents';
import { signatureExpiresAt, staleSignature } from '../../core/endpoint/email/freshness';
import {
	readMailgunInbound,
	readSendGridInbound,
	recordInboundEmail,
} from '../../core/endpoint/email/inbound';
import { isSignedByMailgun, readMailgunEvent } from '../../core/endpoint/email/mailgun';
import {
	isSendGridKey,
	isSignedBySendGrid,
	readSendGridEvents,
} from '../../core/endpoint/email/sendgrid';
import { followEmailLink, PIXEL_GIF, recordOpen } from '../../core/endpoint/email/tracking';
import { handleUnsubscribe } from '../../core/endpoint/email/unsubscribe';
import { UNSUBSCRIBE_ROUTE } from '../../core/consent/unsubscribe';
import { unsubscribePage } from '../../core/inbox/unsubscribePage';
import type { WorkspaceStore } from '../../core/store';
import { EMAIL_EVENTS_CREDENTIAL, WORKSPACE_CREDENTIAL } from '../shared/transport/credentials';
import { optionalCredentials, recentCredentials } from '../shared/transport/recentCredentials';
import { workspaceSettings } from '../shared/transport/workspace';

/** The endpoint's email routes: open pixel and tracked links, provider event webhooks, inbound replies. */
export const EMAIL_ROUTES: Array<[string, 'GET' | 'POST']> = [
	['email/open', 'GET'],
	['email/click', 'GET'],
	['email/mailgun/events', 'POST'],
	['email/mailgun/inbound', 'POST'],
	['email/sendgrid/events', 'POST'],
	['email/sendgrid/inbound', 'POST'],
	// The one-click unsubscribe (POST, RFC 8058) and its page (GET).
	[UNSUBSCRIBE_ROUTE, 'GET'],
	[UNSUBSCRIBE_ROUTE, 'POST'],
];

/** Checks the keys' form before a provider ever posts: a mistyped SendGrid key would refuse every event. */
export async function testEmailEventsCredential(
	this: unknown,
	credential: { data?: Record<string, unknown> },
): Promise<{ status: 'OK' | 'Error'; message: string }> {
	const keys = (credential.data ?? {}) as EmailKeys;
	if (keys.sendgridVerificationKey && !isSendGridKey(keys.sendgridVerificationKey)) {
		return {
			status: 'Error',
			message:
				'SendGrid Verification Key is not a P-256 public key in base64 (it starts MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE)',
		};
	}
	if (keys.sendgridInboundSecret && keys.sendgridInboundSecret.length < 16) {
		return { status: 'Error', message: 'SendGrid Inbound Parse Key needs at least 16 characters' };
	}
	if (!keys.mailgunSigningSecret && !keys.sendgridVerificationKey && !keys.sendgridInboundSecret) {
		return { status: 'Error', message: 'Enter the key of at least one provider' };
	}
	return { status: 'OK', message: 'The keys are well formed' };
}

interface EmailKeys {
	mailgunSigningSecret?: string;
	sendgridVerificationKey?: string;
	sendgridInboundSecret?: string;
}

function sameSecret(expected: string | undefined, given: unknown): boolean {
	if (!expected || expected.length < 16 || typeof given !== 'string') return false;
	const a = Buffer.from(expected);
	const b = Buffer.from(given);
	return a.length === b.length && timingSafeEqual(a, b);
}

/** Form posts arrive parsed: multipart as n8n's `{ data, files }`, url-encoded as plain fields. */
function formFields(body: unknown): Record<string, unknown> {
	const record = (body ?? {}) as Record<string, unknown>;
	return record.data && typeof record.data === 'object' && !Array.isArray(record.data)
		? (record.data as Record<string, unknown>)
		: record;
}

/** Mailgun signs only timestamp and token: each token may carry one body, however often it is retried. */
async function freshMailgunPost(
	store: WorkspaceStore,
	signature: { token?: unknown; timestamp?: unknown } | undefined,
	content: unknown,
): Promise<boolean> {
	const digest = createHash('sha256').update(JSON.stringify(content)).digest('hex');
	return store.webhookTokens.use(
		`mailgun:${String(signature?.token)}`,
		digest,
		signatureExpiresAt(signature?.timestamp),
	);
}

/**
 * Serves one email route and writes its response; undefined when the request is for another
 * route. Provider posts that fail their signature check get 403 and change nothing.
 */
export async function handleEmailRoute(
	ctx: IWebhookFunctions,
	store: WorkspaceStore,
): Promise<EmailEndpointEvent[] | undefined> {
	const req = ctx.getRequestObject();
	const res = ctx.getResponseObject();
	const route =
		/\/email\/(open|click|unsubscribe|mailgun\/events|mailgun\/inbound|sendgrid\/events|sendgrid\/inbound)\/?$/.exec(
			req.path,
		)?.[1];
	if (!route) return undefined;

	if (route === 'open') {
		const event = await recordOpen(store, req.query.t);
		res
			.status(200)
			.set({ 'Cache-Control': 'no-store, private', 'Content-Type': 'image/gif' })
			.send(PIXEL_GIF);
		return event ? [event] : [];
	}
	if (route === 'unsubscribe') {
		const company = workspaceSettings(await recentCredentials(ctx, WORKSPACE_CREDENTIAL)).company
			.name;
		const answer = await handleUnsubscribe(store, {
			method: req.method,
			token: req.query.t,
			body: formFields(req.body),
		});
		// A page with no script and no framing; its one form posts back to this address.
		res
			.status(answer.status)
			.set({
				'Content-Security-Policy':
					"default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
				'X-Frame-Options': 'DENY',
				'Cache-Control': 'no-store',
				'Referrer-Policy': 'no-referrer',
			})
			.type('html')
			.send(unsubscribePage(answer.view, company));
		return answer.events;
	}
	if (route === 'click') {
		const followed = await followEmailLink(store, req.query.t);
		if (!followed) {
			res.status(404).type('text/plain').send('This link is not valid.');
			return [];
		}
		res.redirect(302, followed.url);
		return followed.event ? [followed.event] : [];
	}

	const keys = ((await optionalCredentials(ctx, EMAIL_EVENTS_CREDENTIAL)) ?? {}) as EmailKeys;
	const refuse = (): EmailEndpointEvent[] => {
		ctx.logger.warn(
			`Workspace Endpoint refused an unsigned or wrongly signed post to /email/${route}`,
		);
		res.status(403).type('text/plain').send('Forbidden');
		return [];
	};
	// Signed, but too long ago (or ahead) to be anything but a replay, or a wrong clock.
	const refuseStale = (why: string): EmailEndpointEvent[] => {
		ctx.logger.warn(`Workspace Endpoint refused a post to /email/${route}: ${why}`);
		res.status(400).type('text/plain').send(why);
		return [];
	};
	const events: EmailEndpointEvent[] = [];
	const keep = (event: EmailEndpointEvent | undefined) => event && events.push(event);

	if (route === 'mailgun/events') {
		const body = (req.body ?? {}) as {
			signature?: Record<string, unknown>;
			'event-data'?: Record<string, unknown>;
		};
		if (!isSignedByMailgun(keys.mailgunSigningSecret ?? '', body.signature)) return refuse();
		const stale = staleSignature(body.signature?.timestamp);
		if (stale) return refuseStale(stale);
		if (!(await freshMailgunPost(store, body.signature, body['event-data']))) return refuse();
		const event = readMailgunEvent(body);
		if (event) keep(await recordEmailEvent(store, event));
	} else if (route === 'sendgrid/events') {
		const headers = ctx.getHeaderData() as Record<string, string | undefined>;
		const signed = isSignedBySendGrid(
			keys.sendgridVerificationKey ?? '',
			headers['x-twilio-email-event-webhook-signature'],
			headers['x-twilio-email-event-webhook-timestamp'],
			(req as unknown as { rawBody?: Buffer }).rawBody,
		);
		if (!signed) return refuse();
		const stale = staleSignature(headers['x-twilio-email-event-webhook-timestamp']);
		if (stale) return refuseStale(stale);
		for (const event of readSendGridEvents(req.body)) keep(await recordEmailEvent(store, event));
	} else if (route === 'mailgun/inbound') {
		const fields = formFields(req.body);
		if (!isSignedByMailgun(keys.mailgunSigningSecret ?? '', fields)) return refuse();
		const stale = staleSignature(fields.timestamp);
		if (stale) return refuseStale(stale);
		const { timestamp: _t, token: _k, signature: _s, ...content } = fields;
		if (
			!(await freshMailgunPost(
				store,
				fields,
				Object.entries(content).sort(([a], [b]) => a.localeCompare(b)),
			))
		)
			return refuse();
		events.push(...(await recordInboundEmail(store, readMailgunInbound(fields), 'mailgun')));
	} else {
		if (!sameSecret(keys.sendgridInboundSecret, req.query.key)) return refuse();
		events.push(
			...(await recordInboundEmail(store, readSendGridInbound(formFields(req.body)), 'sendgrid')),
		);
	}
	// 200 for every verified post, counted or not: anything else makes the provider retry for hours.
	res.status(200).type('text/plain').send('OK');
	return events;
}
