/** What the layers above see of Twilio: texts and WhatsApp messages out, signed webhooks in. */
export interface TwilioConfig {
	accountSid: string;
	/** Auth Token, or an API key and its secret. */
	auth:
		| { kind: 'authToken'; authToken: string }
		| { kind: 'apiKey'; apiKeySid: string; apiKeySecret: string };
	/** The token Twilio signs webhooks with: the account's Auth Token. */
	webhookAuthToken: string;
	sender:
		| { kind: 'phoneNumber'; fromNumber: string }
		| { kind: 'messagingService'; messagingServiceSid: string };
	/** https://api.twilio.com, or a Twilio-compatible API. */
	apiBaseUrl: string;
	/** How many times a 429 is retried, with exponential backoff, before giving up. */
	maxRetries?: number;
	/**
	 * Messages per second this process sends from the sender; 0 does not pace. Twilio queues what a
	 * number cannot send at once, so this bounds the queue, not the carrier's rate.
	 */
	messagesPerSecond?: number;
}

export interface OutgoingText {
	to: string;
	body?: string;
	channel: 'sms' | 'whatsapp';
	/** A number of the account to send from instead of the credential's sender (a user's own number). */
	from?: string;
	statusCallback?: string;
	/** An approved WhatsApp template: its Content SID and variables. */
	content?: { sid: string; variables: Record<string, string> };
}

export interface SentText {
	sid: string;
	status: string;
	from: string | null;
	segments: number;
}

export type TextFailureKind =
	| 'invalid_number'
	| 'not_sms_capable'
	| 'opted_out'
	| 'unreachable'
	| 'region_not_enabled'
	| 'invalid_sender'
	| 'auth'
	| 'rate_limited'
	| 'whatsapp_not_connected'
	| 'connection'
	| 'other';

export class TextSendError extends Error {
	constructor(
		readonly kind: TextFailureKind,
		message: string,
		readonly code?: number,
		readonly status?: number,
	) {
		super(message);
		this.name = 'TextSendError';
	}
}

export interface TextTransport {
	send(text: OutgoingText): Promise<SentText>;
	/** The sender texts go out from, as the conversation shows it. */
	readonly senderLabel: string;
}
