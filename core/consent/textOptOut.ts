import type { WorkspaceStore } from '../store';
import type { ConsentEntry } from '../store/consent';

/** Twilio refused a text because the number opted out of the sender: the workspace learns it too. */
export function recordTextRefused(
	store: WorkspaceStore,
	contactId: number,
): Promise<ConsentEntry | undefined> {
	return store.consent.record({
		contactId,
		flag: 'sms_opted_out',
		optedOut: true,
		source: 'twilio',
		detail: 'Twilio refused a text: the number has opted out of this sender',
	});
}
