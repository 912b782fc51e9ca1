import type { WorkspaceStore } from '../../core/store/workspaceStore';
import type { ConsentFlag } from '../../core/store/consentFlags';

/** What an owner does on the contact's Inbox page: an opt-out recorded in the consent trail as theirs. */
export function optOutByOwner(store: WorkspaceStore, contactId: number, flag: ConsentFlag) {
	return store.consent.record({
		contactId,
		flag,
		optedOut: true,
		source: 'inbox',
		detail: 'by Ivy Chen in the Inbox',
	});
}
