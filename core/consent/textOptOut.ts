import type { WorkspaceStore } from '../store';
import type { ConsentEntry } from '../store/consent';

/** A STOP (or START) the contact texted: their own word, in the trail. */
export function recordTextReply(
	store: WorkspaceStore,
	contactId: number,
	keyword: string,
	optedOut: boolean,
): Promise<ConsentEntry | undefined> {
	return store.consent.record({
		contactId,
		flag: 'sms_opted_out',
		optedOut,
		source: 'text_reply',
		detail: `replied ${keyword}`,
	});
}

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
