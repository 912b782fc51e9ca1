import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Marketing mail carries the unsubscribe link and headers and honours unsubscribes; transactional mail does not. */
export type EmailKind = 'marketing' | 'transactional';

export const EMAIL_KINDS: readonly EmailKind[] = ['marketing', 'transactional'];

/** What the unsubscribe address shows the person: the page's state. */
export type UnsubscribeView =
	| { state: 'invalid' | 'forgotten' | 'test' | 'subscribed' | 'resubscribed' }
	| { state: 'unsubscribed'; justNow?: boolean };

/** The endpoint route the link and the List-Unsubscribe header point at. */
export const UNSUBSCRIBE_ROUTE = 'email/unsubscribe';

/** What RFC 8058 asks the mailbox provider to POST, and the header that announces it. */
export const ONE_CLICK_BODY = 'List-Unsubscribe=One-Click';

function signature(secret: string, contactId: number, deliveryId: number): string {
	return createHmac('sha256', secret)
		.update(`unsubscribe:${contactId}:${deliveryId}`)
		.digest('base64url')
		.slice(0, 22);
}

/**
 * The link's token: the contact and the email it came in, signed with the workspace's secret, so
 * the address alone (no cookie, no sign-in, as RFC 8058 requires) proves who asked, and a link from
 * one workspace or for one contact cannot be turned into another's.
 */
export function unsubscribeToken(secret: string, contactId: number, deliveryId: number): string {
	return `${contactId.toString(36)}.${deliveryId.toString(36)}.${signature(secret, contactId, deliveryId)}`;
}

export function readUnsubscribeToken(
	secret: string,
	token: unknown,
): { contactId: number; deliveryId: number } | undefined {
	const match = /^([0-9a-z]{1,12})\.([0-9a-z]{1,12})\.([A-Za-z0-9_-]{22})$/.exec(
		typeof token === 'string' ? token : '',
	);
	if (!match) return undefined;
	const contactId = parseInt(match[1], 36);
	const deliveryId = parseInt(match[2], 36);
	const expected = Buffer.from(signature(secret, contactId, deliveryId));
	const given = Buffer.from(match[3]);
	return expected.length === given.length && timingSafeEqual(expected, given)
		? { contactId, deliveryId }
		: undefined;
}

export const unsubscribeUrl = (endpointBase: string, token: string) =>
	`${endpointBase}/${UNSUBSCRIBE_ROUTE}?t=${token}`;

/** RFC 2369's header with RFC 8058's companion: mail clients show an Unsubscribe button and POST to it. */
export function oneClickHeaders(url: string): Record<string, string> {
	return { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': ONE_CLICK_BODY };
}

/**
 * Stands for `{{unsubscribe_link}}` while the message is rendered, before the send is claimed and
 * its link can be signed. Only characters the HTML escaper leaves alone, and a random part per run,
 * so no message or merge value can hold it by chance.
 */
export const unsubscribePlaceholder = () =>
	`https://unsubscribe.invalid/${randomBytes(12).toString('base64url')}`;

const escapeAttribute = (url: string) => url.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

/**
 * The message with its unsubscribe link in place: where `{{unsubscribe_link}}` was written, or, in
 * a message that has none, at its foot, where readers look for it.
 */
export function placeUnsubscribeLink(
	html: string,
	placeholder: string,
	url: string,
): { html: string; added: boolean } {
	if (html.includes(placeholder))
		return { html: html.split(placeholder).join(escapeAttribute(url)), added: false };
	const footer = `<p style="font-size:12px;color:#6b7280;margin-top:24px">Don't want these emails? <a href="${escapeAttribute(url)}">Unsubscribe</a></p>`;
	const end = html.search(/<\/body\s*>/i);
	return {
		html: end === -1 ? `${html}\n${footer}` : `${html.slice(0, end)}${footer}${html.slice(end)}`,
		added: true,
	};
}
