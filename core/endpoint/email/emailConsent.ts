import type { ConsentEntry } from '../../store/consent';
import type { WorkspaceStore } from '../../store';
import type { DeliveryRecord } from '../../store/types';
import type { EmailProviderEvent } from './emailEvents';

const PROVIDER = { mailgun: 'Mailgun', sendgrid: 'SendGrid' } as const;

/**
 * What a provider's event means for the contact's consent, written to the one place every action
 * reads: a complaint or a hard bounce stops all email (Do Not Disturb); an unsubscribe stops
 * marketing email, and a group resubscribe gives it back.
 */
export async function consentFromEmailEvent(
	store: WorkspaceStore,
	event: EmailProviderEvent,
	delivery: DeliveryRecord,
): Promise<ConsentEntry | undefined> {
	if (delivery.contact_id === null) return undefined;
	const by = PROVIDER[event.source];
	const group = event.group ? ` from group ${event.group}` : '';
	const base = { contactId: delivery.contact_id, source: event.source, deliveryId: delivery.id };
	switch (event.event) {
		case 'complained':
			return store.consent.record({
				...base,
				flag: 'dnd_email',
				optedOut: true,
				detail: `marked "${delivery.action_name}" as spam (reported by ${by})`,
			});
		case 'bounced':
			if (!event.permanent) return undefined;
			return store.consent.record({
				...base,
				flag: 'dnd_email',
				optedOut: true,
				detail: `the address bounced permanently (reported by ${by})${event.reason ? `: ${event.reason}` : ''}`,
			});
		case 'unsubscribed':
			return store.consent.record({
				...base,
				flag: 'email_unsubscribed',
				optedOut: true,
				detail: `unsubscribe${group} reported by ${by}, on "${delivery.action_name}"`,
			});
		case 'resubscribed':
			return store.consent.record({
				...base,
				flag: 'email_unsubscribed',
				optedOut: false,
				detail: `resubscribe${event.group ? ` to group ${event.group}` : ''} reported by ${by}`,
			});
		default:
			return undefined;
	}
}
