import { TextSendError, type TextFailureKind } from './types';

/** Twilio's error codes, in words a workflow builder can act on. */
const EXPLAINED: Record<number, [TextFailureKind, (to: string) => string]> = {
	21211: ['invalid_number', (to) => `${to} is not a valid phone number (Twilio error 21211)`],
	21614: [
		'not_sms_capable',
		(to) => `${to} cannot receive texts: it is a landline or not SMS-capable (Twilio error 21614)`,
	],
	21610: [
		'opted_out',
		(to) => `${to} has opted out of texts from this sender by replying STOP (Twilio error 21610)`,
	],
	21612: ['unreachable', (to) => `${to} cannot be reached from this sender (Twilio error 21612)`],
	21408: [
		'region_not_enabled',
		(to) =>
			`Sending to ${to} needs its region enabled in the Twilio console's Messaging Geo Permissions (Twilio error 21408)`,
	],
	21606: [
		'invalid_sender',
		() =>
			'The sending number cannot send texts, or is not on this Twilio account (Twilio error 21606)',
	],
	21212: [
		'invalid_sender',
		() => 'The sending number is not a valid phone number (Twilio error 21212)',
	],
	21659: [
		'invalid_sender',
		() => 'The sending number is not a Twilio number of this account (Twilio error 21659)',
	],
	21603: [
		'invalid_sender',
		() =>
			'The Twilio credential has no sending number or Messaging Service SID (Twilio error 21603)',
	],
	20003: [
		'auth',
		() =>
			'Twilio refused the credential: check the Account SID and Auth Token or API key (Twilio error 20003)',
	],
	20429: [
		'rate_limited',
		() => 'Twilio kept answering "too many requests" after several retries (Twilio error 20429)',
	],
	63007: [
		'whatsapp_not_connected',
		() => 'The sender is not connected to WhatsApp (Twilio error 63007)',
	],
	63016: [
		'other',
		() =>
			'WhatsApp allows free text only within 24 hours of the last reply: use an approved template (Twilio error 63016)',
	],
};

interface RestLikeError {
	status?: number;
	code?: number;
	message?: string;
}

export function explainTwilioError(error: RestLikeError, to: string): TextSendError {
	const known = error.code !== undefined ? EXPLAINED[error.code] : undefined;
	if (known) return new TextSendError(known[0], known[1](to), error.code, error.status);
	if (error.status === 429)
		return new TextSendError('rate_limited', EXPLAINED[20429][1](to), 20429, 429);
	if (error.status === undefined) {
		return new TextSendError(
			'connection',
			`Could not reach the Twilio API: ${error.message ?? 'no answer'}`,
		);
	}
	return new TextSendError(
		'other',
		`Twilio refused the text to ${to}: ${error.message ?? 'unknown error'}${error.code ? ` (Twilio error ${error.code})` : ''}`,
		error.code,
		error.status,
	);
}
