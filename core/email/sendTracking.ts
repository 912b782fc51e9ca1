import type { ActionRun } from '../run/actionRun';
import { endpointBase } from '../links/endpointUrls';
import { linkToken } from '../links/trackedLinks';
import { deliveryToken } from './deliveryToken';
import { htmlToText } from '../run/htmlToText';
import { trackHtml } from './trackHtml';

/** The user variable (Mailgun) and unique argument (SendGrid) that bring a provider's events back to the send. */
export const DELIVERY_VARIABLE = 'aesthetix_delivery';
/** The same token as a plain header, for providers and relays that keep headers but know neither of the above. */
export const DELIVERY_HEADER = 'X-Aesthetix-Delivery';

export interface EmailTracking {
	html: string;
	text: string;
	headers: Record<string, string>;
	/** The original addresses of the links that now go through the endpoint. */
	tracked_links: string[];
	open_tracking: boolean;
}

/**
 * What an email carries so its statistics can be counted: links through the workspace endpoint
 * (Clicked), an open pixel unless turned off (Opened), and the delivery token in the headers
 * Mailgun and SendGrid hand back with their events (Delivered, Bounced, Complained, Stored).
 * Without an active endpoint and a public base URL, or with Cc or Bcc, the body goes out as written.
 */
export async function prepareEmailTracking(
	run: ActionRun,
	deliveryId: number,
	html: string,
	options: { trackOpens: boolean; isTest: boolean; hasCopies: boolean },
): Promise<EmailTracking> {
	if (options.isTest)
		return { html, text: htmlToText(html), headers: {}, tracked_links: [], open_tracking: false };
	const secret = await run.once('secret', () => run.store.settings.secret());
	const token = deliveryToken(secret, 'delivery', deliveryId);
	const headers = {
		[DELIVERY_HEADER]: token,
		'X-Mailgun-Variables': JSON.stringify({ [DELIVERY_VARIABLE]: token }),
		'X-SMTPAPI': JSON.stringify({ unique_args: { [DELIVERY_VARIABLE]: token } }),
	};
	const base = await run.once('endpoint-base', () =>
		endpointBase(run.store, run.workspace.publicBaseUrl),
	);
	// The plain part keeps the original links: it is read by people and filters, not counted.
	const text = htmlToText(html);
	// Cc and Bcc get the very same message: an open or click there could not be told from the
	// contact's, and statistics count the contact only. Provider events still count, per recipient.
	if (!base || options.hasCopies)
		return { html, text, headers, tracked_links: [], open_tracking: false };
	const tracked = await trackHtml(html, {
		track: async (url) =>
			`${base}/email/click?t=${linkToken(secret, (await run.store.trackedLinks.create(deliveryId, url)).id)}`,
		pixelUrl: options.trackOpens
			? `${base}/email/open?t=${deliveryToken(secret, 'open', deliveryId)}`
			: undefined,
	});
	return {
		html: tracked.html,
		text,
		headers,
		tracked_links: tracked.links,
		open_tracking: options.trackOpens,
	};
}
