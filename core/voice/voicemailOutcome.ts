import type { VoiceCall } from '../store/voiceCalls';
import { legAnswer, type Answer } from './outcome';

export interface VoicemailOutcome {
	action_name: string;
	status: 'completed';
	/** left_voicemail, human_answered, no_answer, busy, failed, not_left (a greeting that never ended, a fax). */
	outcome: string;
	answered: Answer;
	answered_by: string | null;
	/** What a person who answered got: `hung_up` (politely) or `played`. */
	human_answer: 'hung_up' | 'played' | null;
	call_sid: string | null;
	from: string | null;
	to: string | null;
	/** What the numbering plan says the number is: mobile, fixed_line_or_mobile, ... or unknown. */
	to_type?: string;
	duration: number;
	/** A person answering is the contact's response; a voicemail is not. */
	counts_as_response: boolean;
	stop_on_response: boolean;
	audio?: Record<string, unknown>;
	warnings?: string[];
	error?: string;
}

const LEFT = /^machine_end_/;

export function voicemailOutcome(call: VoiceCall): VoicemailOutcome {
	const answered = legAnswer(call.contact_status, call.contact_answered_by, true);
	const human = answered === 'human' && call.contact_answered_by === 'human';
	let outcome: string;
	if (answered === 'machine' && LEFT.test(call.contact_answered_by ?? ''))
		outcome = 'left_voicemail';
	else if (human) outcome = 'human_answered';
	else if (answered === 'human' || answered === 'machine') outcome = 'not_left';
	else outcome = answered === 'not_called' ? 'failed' : answered;
	const { audio, warnings, to_type } = call.result as {
		audio?: Record<string, unknown>;
		warnings?: string[];
		to_type?: string;
	};
	return {
		action_name: call.action_name,
		status: 'completed',
		outcome,
		answered,
		answered_by: call.contact_answered_by,
		human_answer: human ? (call.on_human === 'play' ? 'played' : 'hung_up') : null,
		call_sid: call.contact_call_sid,
		from: call.caller,
		to: call.contact_number,
		...(to_type ? { to_type } : {}),
		duration: call.contact_duration ?? 0,
		counts_as_response: human,
		stop_on_response: call.stop_on_response,
		...(audio ? { audio } : {}),
		...(warnings?.length ? { warnings } : {}),
		...(call.error ? { error: call.error } : {}),
	};
}

export function voicemailSummary(o: VoicemailOutcome): string {
	const words: Record<string, string> = {
		left_voicemail: 'the voicemail was left after the beep',
		human_answered:
			o.human_answer === 'played'
				? 'a person answered and heard the recording'
				: 'a person answered; the call ended politely without the recording',
		not_left: 'no voicemail greeting ended, so nothing was left',
		no_answer: 'nobody answered and no voicemail picked up',
		busy: 'the line was busy',
		failed: 'the call could not be placed',
		canceled: 'the call was canceled',
	};
	return `Voicemail drop to ${o.to}: ${words[o.outcome] ?? o.outcome}.`;
}
