import { readUnsubscribeToken, type UnsubscribeView } from '../../consent/unsubscribe';
import type { WorkspaceStore } from '../../store';
import type { ConsentSource } from '../../store/consentFlags';
import type { EmailEndpointEvent } from './emailEvents';

export interface UnsubscribeRequest {
	method: string;
	token: unknown;
	/** The posted form: RFC 8058's `List-Unsubscribe=One-Click`, or the page's own buttons. */
	body: Record<string, unknown>;
}

export interface UnsubscribeResponse {
	status: number;
	/** What the page shows (the Inbox draws it). */
	view: UnsubscribeView;
	events: EmailEndpointEvent[];
}

/** The page's own buttons say so; anything else posted to the address is the mail client's one click. */
const fromPage = (body: Record<string, unknown>) => body.via === 'page';

/**
 * The address in an email's List-Unsubscribe header and its visible link. A POST unsubscribes at
 * once with no cookie and no form to fill in, as RFC 8058 requires of the mail client's one click;
 * a GET (which link scanners make too) only shows a page that confirms with one button and offers
 * to resubscribe.
 */
export async function handleUnsubscribe(
	store: WorkspaceStore,
	req: UnsubscribeRequest,
): Promise<UnsubscribeResponse> {
	const page = (
		status: number,
		view: UnsubscribeView,
		events: EmailEndpointEvent[] = [],
	): UnsubscribeResponse => ({ status, view, events });
	const ids = readUnsubscribeToken(await store.settings.secret(), req.token);
	if (!ids) return page(404, { state: 'invalid' });
	const delivery = await store.deliveries.get(ids.deliveryId);
	const contact = await store.contacts.get(ids.contactId);
	// An erased contact is gone with their email: there is no list left to take them off.
	if (!delivery || !contact || delivery.contact_id !== contact.id)
		return page(200, { state: 'forgotten' });
	if (delivery.is_test) return page(200, { state: 'test' });
	if (req.method !== 'POST')
		return page(200, { state: contact.email_unsubscribed ? 'unsubscribed' : 'subscribed' });

	const about = {
		recipient: delivery.recipient,
		action_name: delivery.action_name,
		workflow_id: delivery.workflow_id,
		contact_id: contact.id,
	};
	if (req.body.action === 'resubscribe') {
		const changed = await store.consent.record({
			contactId: contact.id,
			flag: 'email_unsubscribed',
			optedOut: false,
			source: 'unsubscribe_page',
			detail: 'resubscribed on the unsubscribe page',
			deliveryId: delivery.id,
		});
		return page(
			200,
			{ state: 'resubscribed' },
			changed ? [{ event: 'email.resubscribed', source: 'unsubscribe_page', ...about }] : [],
		);
	}
	const source: ConsentSource = fromPage(req.body) ? 'unsubscribe_page' : 'one_click';
	const changed = await store.consent.record({
		contactId: contact.id,
		flag: 'email_unsubscribed',
		optedOut: true,
		source,
		detail:
			source === 'one_click'
				? `one-click unsubscribe from the mail app, on "${delivery.action_name}"`
				: `unsubscribe link in "${delivery.action_name}"`,
		deliveryId: delivery.id,
	});
	// Counted once per email, however the person asked and however often.
	await store.deliveryEvents.record({
		delivery_id: delivery.id,
		event: 'unsubscribed',
		dedup_key: `unsubscribe:${delivery.id}`,
		source: source === 'one_click' ? 'one-click' : 'link',
	});
	return page(
		200,
		{ state: 'unsubscribed', justNow: true },
		changed ? [{ event: 'email.unsubscribed', source, ...about }] : [],
	);
}
