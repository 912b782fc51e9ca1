/** The workspace's Reputation settings: where reviews go, whether requests may be sent, and their wording. */
export interface ReputationSettings {
	review_link: string;
	enabled: boolean;
	email_subject: string;
	email_body: string;
	sms_body: string;
	/** The workspace sender, for contacts with no assigned user (or one without an email address). */
	sender_name: string;
	sender_email: string;
}

export const REPUTATION_SETTING = 'reputation';

/** The wording a workspace starts with; each custom value is filled per contact. */
export const DEFAULT_WORDING = {
	email_subject: 'How was your visit to {{company.name}}?',
	email_body:
		"Hi {{contact.first_name}},\n\nThank you for choosing {{company.name}}. We'd love to hear how your visit went: would you take a minute to leave us a review?\n\n{{reputation.review_link}}\n\n{{user.name}}",
	sms_body:
		"Hi {{contact.first_name}}, thanks for visiting {{company.name}}! We'd love your feedback: {{reputation.review_link}}",
};

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

/** Reads stored settings; empty wording falls back to the defaults, and requests are on unless turned off. */
export function readReputation(stored: Record<string, unknown>): ReputationSettings {
	return {
		review_link: text(stored.review_link),
		enabled: stored.enabled !== false,
		email_subject: text(stored.email_subject) || DEFAULT_WORDING.email_subject,
		email_body: text(stored.email_body) || DEFAULT_WORDING.email_body,
		sms_body: text(stored.sms_body) || DEFAULT_WORDING.sms_body,
		sender_name: text(stored.sender_name),
		sender_email: text(stored.sender_email),
	};
}
