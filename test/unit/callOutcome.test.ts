import { callOutcome, legAnswer } from '../../core/voice/outcome';
import type { VoiceCall } from '../../core/store/voiceCalls';

const base = {
	action_name: 'Call',
	routed_to: 'assigned_user',
	user_number: '+15550002001',
	user_call_sid: 'CA1',
	user_status: 'completed',
	user_duration: 40,
	keypressed: true,
	contact_id: 7,
	contact_number: '+15550003001',
	contact_call_sid: 'CA2',
	contact_status: 'completed',
	contact_duration: 30,
	contact_answered_by: null,
	contact_bridged: true,
	detect_voicemail: true,
	stop_on_response: true,
	error: null,
} as unknown as VoiceCall;

describe("a leg's answer", () => {
	it.each([
		['completed', 'human', true, 'human'],
		['completed', 'unknown', true, 'human'],
		['completed', 'machine_start', true, 'machine'],
		['completed', 'fax', true, 'machine'],
		['completed', null, false, 'answered'],
		['no-answer', null, true, 'no_answer'],
		['busy', null, false, 'busy'],
		['failed', null, true, 'failed'],
		[null, null, true, 'not_called'],
	] as const)(
		'%s with AnsweredBy %s (detection %s) is %s',
		(status, answeredBy, detected, expected) => {
			expect(legAnswer(status, answeredBy, detected)).toBe(expected);
		},
	);
});

describe("the spec's Stop on Response table: what counts as the contact's response", () => {
	it('detection on: a person answering counts, a voicemail does not', () => {
		expect(callOutcome({ ...base, contact_answered_by: 'human' })).toMatchObject({
			outcome: 'connected',
			counts_as_response: true,
		});
		expect(
			callOutcome({ ...base, contact_answered_by: 'machine_start', contact_bridged: false }),
		).toMatchObject({
			outcome: 'contact_voicemail',
			counts_as_response: false,
		});
	});

	it('detection off: any answer counts, the voicemail included', () => {
		expect(callOutcome({ ...base, detect_voicemail: false })).toMatchObject({
			outcome: 'connected',
			counts_as_response: true,
			contact: { answered: 'answered' },
		});
	});

	it('the user not answering or not pressing a key never counts', () => {
		expect(
			callOutcome({
				...base,
				user_status: 'no-answer',
				contact_call_sid: null,
				contact_status: null,
			}),
		).toMatchObject({
			outcome: 'user_no_answer',
			counts_as_response: false,
		});
		expect(
			callOutcome({ ...base, keypressed: false, contact_call_sid: null, contact_status: null }),
		).toMatchObject({
			outcome: 'no_keypress',
			counts_as_response: false,
		});
		expect(
			callOutcome({ ...base, contact_status: 'no-answer', contact_bridged: false }),
		).toMatchObject({ outcome: 'contact_no_answer', counts_as_response: false });
	});
});
