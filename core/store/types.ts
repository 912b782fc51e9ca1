/** The CRM records the workspace store keeps, in the spec's words. */

export type ContactAccess = 'all' | 'assigned';

export interface TeamUser {
	id: number;
	name: string;
	email: string | null;
	phone: string | null;
	whatsapp: string | null;
	/** The Twilio number connected to the user, when set. */
	connected_number?: string | null;
	slack_user_id: string | null;
	role: string;
	team: string | null;
	contact_access: ContactAccess;
	dnd: boolean;
	active: boolean;
}

export type DndChannel = 'email' | 'sms' | 'calls';

export interface Contact {
	id: number;
	first_name: string | null;
	last_name: string | null;
	email: string | null;
	phone: string | null;
	assigned_user_id: number | null;
	dnd_all: boolean;
	dnd_email: boolean;
	dnd_sms: boolean;
	dnd_calls: boolean;
	sms_opted_out: boolean;
	/** Unsubscribed from marketing email; transactional email still reaches them. */
	email_unsubscribed: boolean;
	tags: string[];
	custom_fields: Record<string, unknown>;
	created_at: string;
	updated_at: string;
}

export type ConversationChannel =
	| 'email'
	| 'sms'
	| 'whatsapp'
	| 'slack'
	| 'call'
	| 'voicemail'
	| 'external_call'
	| 'review_request'
	| 'workflow';

export interface ConversationMessage {
	id: number;
	contact_id: number;
	channel: ConversationChannel;
	direction: 'outbound' | 'inbound';
	status: string;
	subject: string | null;
	body: string | null;
	from_address: string | null;
	to_address: string | null;
	provider_message_id: string | null;
	workflow_id: string | null;
	action_name: string | null;
	execution_id: string | null;
	meta: Record<string, unknown>;
	created_at: string;
}

export type TemplateKind = 'email' | 'sms';

export interface SavedTemplate {
	id: number;
	kind: TemplateKind;
	name: string;
	subject: string | null;
	body: string;
	updated_at: string;
}

/** The status an action's statistics count; Accepted and Rejected come from the send itself. */
export type DeliveryStatus =
	| 'sending'
	| 'accepted'
	| 'sent'
	| 'rejected'
	| 'delivered'
	| 'failed'
	| 'opened'
	| 'clicked'
	| 'bounced'
	| 'complained'
	| 'skipped'
	/** n8n stopped (a crash, a killed worker) while the message was being sent: it may have gone out. */
	| 'interrupted';

export interface DeliveryRecord {
	id: number;
	idempotency_key: string;
	workflow_id: string;
	node_id: string;
	action_name: string;
	execution_id: string | null;
	channel: string;
	contact_id: number | null;
	recipient: string;
	provider_message_id: string | null;
	status: DeliveryStatus;
	error: string | null;
	is_test: boolean;
	result: Record<string, unknown>;
	/** The provider's own last status word, such as Twilio's `undelivered`. */
	provider_status: string | null;
	/** For email: `marketing` or `transactional`. */
	message_kind: string | null;
	clicked_at: string | null;
	created_at: string;
	updated_at: string;
}
