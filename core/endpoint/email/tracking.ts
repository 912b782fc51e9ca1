import { readDeliveryToken } from '../../email/deliveryToken';
import { readLinkToken } from '../../links/trackedLinks';
import type { WorkspaceStore } from '../../store';
import type { EmailEndpointEvent } from './emailEvents';

/** The open pixel's image: a transparent 1×1 GIF. */
export const PIXEL_GIF = Buffer.from(
	'R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7',
	'base64',
);

/** An open pixel was loaded: Opened, counted from the first load. */
export async function recordOpen(
	store: WorkspaceStore,
	token: unknown,
): Promise<EmailEndpointEvent | undefined> {
	const id = readDeliveryToken(await store.settings.secret(), 'open', token);
	const delivery = id === undefined ? undefined : await store.deliveries.get(id);
	if (!delivery || delivery.is_test) return undefined;
	const fresh = await store.deliveryEvents.record({
		delivery_id: delivery.id,
		event: 'opened',
		dedup_key: `pixel:${delivery.id}`,
		source: 'pixel',
	});
	if (!fresh) return undefined;
	return {
		event: 'email.opened',
		recipient: delivery.recipient,
		action_name: delivery.action_name,
		workflow_id: delivery.workflow_id,
		contact_id: delivery.contact_id,
	};
}

/** A tracked link in an email: counts Clicked and says where the person goes. */
export async function followEmailLink(
	store: WorkspaceStore,
	token: unknown,
): Promise<{ url: string; event?: EmailEndpointEvent } | undefined> {
	const id = readLinkToken(await store.settings.secret(), typeof token === 'string' ? token : '');
	const link = id === undefined ? undefined : await store.trackedLinks.click(id);
	if (!link) return undefined;
	await store.deliveries.markClicked(link.delivery_id);
	const fresh = await store.deliveryEvents.record({
		delivery_id: link.delivery_id,
		event: 'clicked',
		dedup_key: `link:${link.id}`,
		source: 'link',
		reason: link.url,
	});
	const delivery = await store.deliveries.get(link.delivery_id);
	return {
		url: link.url,
		event:
			fresh && delivery
				? {
						event: 'email.clicked',
						url: link.url,
						recipient: delivery.recipient,
						action_name: delivery.action_name,
						workflow_id: delivery.workflow_id,
						contact_id: delivery.contact_id,
					}
				: undefined,
	};
}
