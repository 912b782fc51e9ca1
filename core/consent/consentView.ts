import type { ConsentEntry } from '../store/consent';
import type { Contact } from '../store/types';
import type { ConsentFlag } from '../store/consentFlags';

const CHANGES: Record<ConsentFlag, [on: string, off: string]> = {
	email_unsubscribed: ['Unsubscribed from marketing email', 'Subscribed to marketing email again'],
	dnd_email: ['Do Not Disturb for email on', 'Do Not Disturb for email off'],
	sms_opted_out: ['Opted out of texts', 'Opted back in to texts'],
	dnd_sms: ['Do Not Disturb for SMS on', 'Do Not Disturb for SMS off'],
	dnd_calls: ['Do Not Disturb for calls on', 'Do Not Disturb for calls off'],
	dnd_all: ['Do Not Disturb for all channels on', 'Do Not Disturb for all channels off'],
};

/** What a trail entry changed, in words: "Unsubscribed from marketing email". */
export const changeOf = (entry: Pick<ConsentEntry, 'flag' | 'opted_out'>) =>
	CHANGES[entry.flag][entry.opted_out ? 0 : 1];

export interface ConsentView {
	contact_id: number;
	email: { marketing: 'subscribed' | 'unsubscribed'; dnd: boolean };
	sms: { opted_out: boolean; dnd: boolean };
	calls: { dnd: boolean };
	all_channels: { dnd: boolean };
	/** Newest first. */
	trail: Array<Omit<ConsentEntry, 'id' | 'contact_id'> & { change: string }>;
}

/** Where the contact stands on each channel, and how they got there: the Workspace node's Get Consent. */
export function consentView(contact: Contact, trail: ConsentEntry[]): ConsentView {
	return {
		contact_id: contact.id,
		email: {
			marketing: contact.email_unsubscribed ? 'unsubscribed' : 'subscribed',
			dnd: contact.dnd_email,
		},
		sms: { opted_out: contact.sms_opted_out, dnd: contact.dnd_sms },
		calls: { dnd: contact.dnd_calls },
		all_channels: { dnd: contact.dnd_all },
		trail: trail.map(({ id: _id, contact_id: _contact, ...entry }) => ({
			at: entry.at,
			channel: entry.channel,
			flag: entry.flag,
			opted_out: entry.opted_out,
			change: changeOf(entry),
			source: entry.source,
			detail: entry.detail,
			delivery_id: entry.delivery_id,
		})),
	};
}
