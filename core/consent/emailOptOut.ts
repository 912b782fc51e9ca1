import type { EmailKind } from './unsubscribe';
import type { Consent, ConsentEntry } from '../store/consent';
import type { Contact } from '../store/types';
import type { ConsentFlag } from '../store/consentFlags';

const SKIPPED: Partial<Record<ConsentFlag, string>> = {
	dnd_all: 'The contact is in Do Not Disturb for all channels',
	dnd_email: 'The contact is in Do Not Disturb for email',
	email_unsubscribed: 'The contact unsubscribed from marketing email',
};

/**
 * What keeps an email from the contact: Do Not Disturb (which complaints and hard bounces set too)
 * stops every email; an unsubscribe stops marketing email only, so a booking confirmation still
 * reaches someone who asked for no promotions.
 */
export function emailBlockedBy(
	contact: Pick<Contact, 'dnd_all' | 'dnd_email' | 'email_unsubscribed'>,
	kind: EmailKind,
): ConsentFlag | undefined {
	if (contact.dnd_all) return 'dnd_all';
	if (contact.dnd_email) return 'dnd_email';
	if (kind === 'marketing' && contact.email_unsubscribed) return 'email_unsubscribed';
	return undefined;
}

const when = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

/** The reason a skipped send gives: the opt-out, and how and when it happened when the trail knows. */
export function optOutReason(flag: ConsentFlag, entry: ConsentEntry | undefined): string {
	const base = SKIPPED[flag] ?? flag;
	return entry ? `${base}: ${entry.detail} (${when(entry.at)})` : base;
}

/** Why this email must not go to the contact, or undefined when it may. */
export async function emailOptOut(
	consent: Consent,
	contact: Contact,
	kind: EmailKind,
): Promise<string | undefined> {
	const flag = emailBlockedBy(contact, kind);
	return flag && optOutReason(flag, await consent.latest(contact.id, flag));
}
