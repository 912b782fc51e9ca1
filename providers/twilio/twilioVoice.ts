import { twilioClient } from './client';
import type { TwilioConfig } from './types';
import {
	CallPlaceError,
	type CallFailureKind,
	type OutgoingCall,
	type PlacedCall,
	type VoiceTransport,
} from './voiceTypes';

/** Every status, so the endpoint sees a leg answer as well as end. */
const EVENTS = ['initiated', 'ringing', 'answered', 'completed'];

/** Twilio's call errors, in words a workflow builder can act on. */
const EXPLAINED: Record<number, [CallFailureKind, (to: string) => string]> = {
	21210: [
		'invalid_caller',
		() =>
			'The calling number is not a verified caller ID or Twilio number of this account (Twilio error 21210)',
	],
	21212: [
		'invalid_caller',
		() => 'The calling number is not a valid phone number (Twilio error 21212)',
	],
	21211: ['invalid_number', (to) => `${to} is not a valid phone number (Twilio error 21211)`],
	21217: ['invalid_number', (to) => `${to} is not a valid phone number (Twilio error 21217)`],
	21214: ['unreachable', (to) => `${to} cannot be reached (Twilio error 21214)`],
	21215: [
		'unreachable',
		(to) =>
			`Calling ${to} needs its region enabled in the Twilio console's Voice Geo Permissions (Twilio error 21215)`,
	],
	21216: ['unreachable', (to) => `${to} is blocked for calls on this account (Twilio error 21216)`],
	20003: [
		'auth',
		() =>
			'Twilio refused the credential: check the Account SID and Auth Token or API key (Twilio error 20003)',
	],
};

function explain(
	error: { status?: number; code?: number; message?: string },
	to: string,
): CallPlaceError {
	const known = error.code !== undefined ? EXPLAINED[error.code] : undefined;
	if (known) return new CallPlaceError(known[0], known[1](to), error.code);
	if (error.status === undefined)
		return new CallPlaceError(
			'connection',
			`Could not reach the Twilio API: ${error.message ?? 'no answer'}`,
		);
	return new CallPlaceError(
		'other',
		`Twilio refused the call to ${to}: ${error.message ?? 'unknown error'}${error.code ? ` (Twilio error ${error.code})` : ''}`,
		error.code,
	);
}

/** Calls through Twilio's Calls API. */
export function createTwilioVoice(config: TwilioConfig): VoiceTransport {
	const client = twilioClient(config);
	return {
		callerId: config.sender.kind === 'phoneNumber' ? config.sender.fromNumber : undefined,
		async place(call: OutgoingCall): Promise<PlacedCall> {
			try {
				const created = await client.calls.create({
					to: call.to,
					from: call.from,
					url: call.url,
					method: 'POST',
					statusCallback: call.statusCallback,
					statusCallbackMethod: 'POST',
					statusCallbackEvent: EVENTS,
					timeout: call.timeout,
					...(call.machineDetection ? { machineDetection: call.machineDetection } : {}),
				});
				return { sid: created.sid, status: created.status };
			} catch (error) {
				throw explain(error as { status?: number; code?: number; message?: string }, call.to);
			}
		},
		async hangUp(callSid: string): Promise<void> {
			try {
				await client.calls(callSid).update({ status: 'completed' });
			} catch (error) {
				// A leg that ended on its own in the meantime needs nothing more.
				if ((error as { status?: number }).status !== 404)
					throw explain(error as { message?: string }, callSid);
			}
		},
	};
}
