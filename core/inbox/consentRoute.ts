import { isConsentFlag } from '../store/consentFlags';
import type { WorkspaceStore } from '../store';
import { inboxDetail } from '../store/consent';
import { isAdmin, type InboxSession } from './auth';
import { INBOX_FLAGS } from './consentSection';

/**
 * An owner's or admin's change to a contact's consent from the contact's page: recorded in the
 * trail as theirs. A coordinator's post, a flag the page does not offer, or a contact they may not
 * see changes nothing.
 */
export async function changeConsent(
	store: WorkspaceStore,
	session: InboxSession,
	contactId: number,
	body: Record<string, unknown>,
): Promise<boolean> {
	if (!isAdmin(session.user)) return false;
	const flag = body.flag;
	if (!isConsentFlag(flag) || !INBOX_FLAGS.includes(flag)) return false;
	const optedOut = String(body.opted_out) === '1';
	await store.consent.record({
		contactId,
		flag,
		optedOut,
		source: 'inbox',
		detail: inboxDetail(session.user.name),
	});
	return true;
}
