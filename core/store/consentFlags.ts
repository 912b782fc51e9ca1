/**
 * The contact's per-channel opt-outs. Each is a flag on the contact (what every action reads) and
 * an entry in the consent trail each time it changes (what the contact's page and the Workspace
 * node show); both are written only by `Consent.record`.
 */
export const CONSENT_FLAGS = {
	email_unsubscribed: { channel: 'email', label: 'Unsubscribed from marketing email' },
	dnd_email: { channel: 'email', label: 'Do Not Disturb for email' },
	sms_opted_out: { channel: 'sms', label: 'Opted out of texts' },
	dnd_sms: { channel: 'sms', label: 'Do Not Disturb for SMS' },
	dnd_calls: { channel: 'calls', label: 'Do Not Disturb for calls' },
	dnd_all: { channel: 'all', label: 'Do Not Disturb for all channels' },
} as const;

export type ConsentFlag = keyof typeof CONSENT_FLAGS;
export type ConsentChannel = (typeof CONSENT_FLAGS)[ConsentFlag]['channel'];

export const isConsentFlag = (value: unknown): value is ConsentFlag =>
	typeof value === 'string' && Object.prototype.hasOwnProperty.call(CONSENT_FLAGS, value);

/**
 * How the change happened: the person themselves (a link, a reply), their mailbox provider or
 * email service, the texting provider, a workflow, or a team member in the Inbox.
 */
export type ConsentSource =
	| 'one_click'
	| 'unsubscribe_page'
	| 'mailgun'
	| 'sendgrid'
	| 'text_reply'
	| 'twilio'
	| 'workflow'
	| 'inbox';

export const SOURCE_LABELS: Record<ConsentSource, string> = {
	one_click: 'One-click unsubscribe',
	unsubscribe_page: 'Unsubscribe link',
	mailgun: 'Mailgun',
	sendgrid: 'SendGrid',
	text_reply: 'Text reply',
	twilio: 'Twilio',
	workflow: 'Workflow',
	inbox: 'Inbox',
};

export const CHANNEL_LABELS: Record<ConsentChannel, string> = {
	email: 'Email',
	sms: 'SMS',
	calls: 'Calls',
	all: 'All channels',
};
