/** What the layers above see of Twilio Voice: calls placed and hung up, TwiML to answer with. */
export interface OutgoingCall {
	to: string;
	from: string;
	/** Where Twilio fetches the call's TwiML once answered (signed POST). */
	url: string;
	statusCallback: string;
	/** Ring time in seconds before the attempt counts as not answered. */
	timeout: number;
	/** Answering machine detection: Enable reports at once, DetectMessageEnd waits for the greeting's end. */
	machineDetection?: 'Enable' | 'DetectMessageEnd';
}

export interface PlacedCall {
	sid: string;
	status: string;
}

export type CallFailureKind =
	'invalid_number' | 'invalid_caller' | 'unreachable' | 'auth' | 'connection' | 'other';

export class CallPlaceError extends Error {
	constructor(
		readonly kind: CallFailureKind,
		message: string,
		readonly code?: number,
	) {
		super(message);
		this.name = 'CallPlaceError';
	}
}

export interface VoiceTransport {
	place(call: OutgoingCall): Promise<PlacedCall>;
	/** Ends a live call (a leg left alone in its conference). */
	hangUp(callSid: string): Promise<void>;
	/** The number calls come from: the credential's sending number, when it has one. */
	readonly callerId: string | undefined;
}
