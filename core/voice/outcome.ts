import type { VoiceCall } from '../store/voiceCalls';

/** Who picked up a leg, in the words the output uses. */
export type Answer =
	'human' | 'machine' | 'answered' | 'no_answer' | 'busy' | 'failed' | 'canceled' | 'not_called';

export const TERMINAL_STATUSES = ['completed', 'busy', 'no-answer', 'failed', 'canceled'];

const MACHINE = /^(machine|fax)/;

/**
 * A leg's answer from Twilio's final status and detection result. Without detection an answered
 * leg is just "answered": a person and a voicemail greeting look the same.
 */
export function legAnswer(
	status: string | null,
	answeredBy: string | null,
	detected: boolean,
): Answer {
	if (!status) return 'not_called';
	if (status === 'completed' || status === 'in-progress') {
		if (!detected) return 'answered';
		return answeredBy && MACHINE.test(answeredBy) ? 'machine' : 'human';
	}
	return (
		(
			{ busy: 'busy', 'no-answer': 'no_answer', failed: 'failed', canceled: 'canceled' } as Record<
				string,
				Answer
			>
		)[status] ?? 'failed'
	);
}

export interface CallOutcome {
	action_name: string;
	status: 'completed';
	/** connected, contact_voicemail, contact_no_answer, contact_busy, contact_failed, no_keypress, user_no_answer, user_busy, user_failed. */
	outcome: string;
	routed_to: VoiceCall['routed_to'];
	user: {
		number: string | null;
		call_sid: string | null;
		answered: Answer;
		status: string | null;
		duration: number;
		pressed_key: boolean;
	};
	contact: {
		id: number | null;
		number: string | null;
		call_sid: string | null;
		answered: Answer;
		answered_by: string | null;
		status: string | null;
		duration: number;
		bridged: boolean;
	};
	duration: number;
	voicemail_detection: boolean;
	/** The custom values that rendered blank in the whisper. */
	blank_merge_fields: string[];
	/** The CRM's Stop on Response table: an answer by the contact counts; a voicemail only when detection is off. */
	counts_as_response: boolean;
	stop_on_response: boolean;
	error?: string;
}

export function callOutcome(call: VoiceCall): CallOutcome {
	const user = legAnswer(call.user_status, null, false);
	const contact =
		call.contact_call_sid || call.contact_status
			? legAnswer(call.contact_status, call.contact_answered_by, call.detect_voicemail)
			: 'not_called';
	let outcome: string;
	if (user !== 'answered') outcome = `user_${user}`;
	else if (contact === 'not_called') outcome = 'no_keypress';
	else if (contact === 'machine') outcome = 'contact_voicemail';
	else if (contact === 'human' || contact === 'answered')
		outcome = call.contact_bridged ? 'connected' : 'contact_answered';
	else outcome = `contact_${contact}`;
	return {
		action_name: call.action_name,
		status: 'completed',
		outcome,
		routed_to: call.routed_to,
		user: {
			number: call.user_number,
			call_sid: call.user_call_sid,
			answered: user === 'answered' ? 'human' : user,
			status: call.user_status,
			duration: call.user_duration ?? 0,
			pressed_key: call.keypressed,
		},
		contact: {
			id: call.contact_id,
			number: call.contact_number,
			call_sid: call.contact_call_sid,
			answered: contact,
			answered_by: call.contact_answered_by,
			status: call.contact_status,
			duration: call.contact_duration ?? 0,
			bridged: call.contact_bridged,
		},
		duration: call.user_duration ?? 0,
		voicemail_detection: call.detect_voicemail,
		blank_merge_fields: call.blank_merge_fields,
		counts_as_response: contact === 'human' || contact === 'answered',
		stop_on_response: call.stop_on_response,
		...(call.error ? { error: call.error } : {}),
	};
}

/** The conversation line for the call. */
export function callSummary(o: CallOutcome, userLabel: string): string {
	const words: Record<string, string> = {
		connected: `connected to the contact for ${o.contact.duration} s`,
		contact_answered: 'the contact answered',
		contact_voicemail: "the contact's voicemail answered; not connected",
		contact_no_answer: 'the contact did not answer',
		contact_busy: "the contact's line was busy",
		contact_failed: 'the contact could not be called',
		contact_canceled: 'the call to the contact was canceled',
		no_keypress: 'no key was pressed, so the contact was not called',
		user_no_answer: `${userLabel} did not answer`,
		user_busy: `${userLabel}'s line was busy`,
		user_failed: `${userLabel} could not be called`,
	};
	return `Called ${userLabel} (${o.user.number}) first: ${words[o.outcome] ?? o.outcome}.`;
}
