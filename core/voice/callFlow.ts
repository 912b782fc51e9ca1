import {
	conferenceTwiml,
	hangupTwiml,
	playTwiml,
	whisperTwiml,
	type VoiceTransport,
} from '../../providers/twilio';
import { describeResponse, logStop } from '../run/stopOnResponse';
import type { EndpointUrls } from '../links/endpointUrls';
import type { WorkspaceStore } from '../store';
import type { VoiceCall } from '../store/voiceCalls';
import { audioToken } from './voicemailAudioLink';
import { voicemailOutcome, voicemailSummary } from './voicemailOutcome';
import { callOutcome, callSummary, TERMINAL_STATUSES } from './outcome';
import { voiceUrl, type VoiceRoute } from './urls';

export interface VoiceFlowDeps {
	store: WorkspaceStore;
	voice: VoiceTransport;
	urls: Pick<EndpointUrls, 'voice' | 'audio'>;
	/** Resumes the waiting Call node (a POST to its resume URL). */
	resume: (url: string, body: unknown) => Promise<void>;
	log: (message: string) => void;
}

/** Both legs meet in a room only this call knows. */
const room = (call: VoiceCall) => `aesthetix-call-${call.id}-${call.execution_id}`;
const MACHINE = /^(machine|fax)/;

/**
 * One of Twilio's requests about a call (the TwiML of a leg, or a status callback), already checked
 * for Twilio's signature. Returns the TwiML to answer with, or undefined for a bare 204.
 */
export async function handleVoiceRequest(
	deps: VoiceFlowDeps,
	route: VoiceRoute,
	query: { call?: unknown; leg?: unknown },
	params: Record<string, string>,
): Promise<string | undefined> {
	const call = await deps.store.voiceCalls.get(Number(query.call));
	if (!call || !isLegOf(call, legOf(route, query.leg), params))
		return route === 'status' ? undefined : hangupTwiml();
	switch (route) {
		case 'user':
			if (call.status !== 'calling_user') return hangupTwiml();
			return whisperTwiml(
				call.whisper ?? '',
				call.keypress,
				voiceUrl(deps.urls, 'connect', call.id),
			);
		case 'connect':
			return connectContact(deps, call, Boolean(params.Digits));
		case 'contact':
			return contactAnswered(deps, call, params.AnsweredBy ?? null);
		case 'drop':
			return dropVoicemail(deps, call, params.AnsweredBy ?? null);
		case 'status':
			await legStatus(deps, call, query.leg === 'contact' ? 'contact' : 'user', params);
			return undefined;
		default:
			return hangupTwiml();
	}
}

/** Which leg a request is about: the user's leg asks for the whisper and answers it. */
function legOf(route: VoiceRoute, leg: unknown): 'user' | 'contact' {
	if (route === 'status') return leg === 'contact' ? 'contact' : 'user';
	return route === 'user' || route === 'connect' ? 'user' : 'contact';
}

/**
 * Whether Twilio's request is about this call's leg. The call id in the URL is the workspace's own
 * row number, which another workspace's calls share (a callback sent to the wrong clinic, or one
 * Twilio account for several clinics): the leg's CallSid decides once it is known, and the number
 * called before then (Twilio may ask for the first TwiML before the API's answer is stored).
 */
function isLegOf(
	call: VoiceCall,
	leg: 'user' | 'contact',
	params: Record<string, string>,
): boolean {
	const sid = leg === 'user' ? call.user_call_sid : call.contact_call_sid;
	if (sid && params.CallSid) return params.CallSid === sid;
	const number = leg === 'user' ? call.user_number : call.contact_number;
	return !number || !params.To || params.To === number;
}

/**
 * Voicemail: detection waited for the end of the greeting, so a machine hears the recording right
 * after the beep. A person is told politely and hung up on (or hears it, as the action chooses);
 * anything else (a greeting that never ended, a fax) gets nothing.
 */
async function dropVoicemail(
	deps: VoiceFlowDeps,
	call: VoiceCall,
	answeredBy: string | null,
): Promise<string> {
	await deps.store.voiceCalls.update(call.id, { contact_answered_by: answeredBy });
	const audioUrl = async () =>
		`${deps.urls.audio}?a=${audioToken(await deps.store.settings.secret(), call.audio_id!)}`;
	if (answeredBy?.startsWith('machine_end_')) return playTwiml(await audioUrl());
	if (answeredBy === 'human') {
		return call.on_human === 'play'
			? playTwiml(await audioUrl())
			: hangupTwiml(
					'Sorry, this message was meant for your voicemail. We will be in touch. Goodbye.',
				);
	}
	return hangupTwiml();
}

/** The user pressed a key (or the whisper ended with no key required): the contact's own call starts. */
async function connectContact(
	deps: VoiceFlowDeps,
	call: VoiceCall,
	pressed: boolean,
): Promise<string> {
	if (
		!(await deps.store.voiceCalls.advance(call.id, ['calling_user'], 'calling_contact', {
			keypressed: pressed,
		}))
	) {
		// Twilio repeated the request: the contact is already being called.
		return call.status === 'calling_contact' ? conferenceTwiml(room(call)) : hangupTwiml();
	}
	try {
		const placed = await deps.voice.place({
			to: call.contact_number!,
			from: call.caller!,
			url: voiceUrl(deps.urls, 'contact', call.id),
			statusCallback: voiceUrl(deps.urls, 'status', call.id, 'contact'),
			timeout: call.call_timeout ?? 30,
			...(call.detect_voicemail ? { machineDetection: 'Enable' as const } : {}),
		});
		await deps.store.voiceCalls.update(call.id, { contact_call_sid: placed.sid });
	} catch (error) {
		await deps.store.voiceCalls.update(call.id, {
			contact_status: 'failed',
			error: (error as Error).message,
		});
		return hangupTwiml('The contact could not be called. Goodbye.');
	}
	return conferenceTwiml(room(call), 'Connecting you now.');
}

/**
 * The contact's leg answered. With detection on, a machine is not bridged, so the user never hears a
 * voicemail greeting; the user's leg is then ended when the contact's leg reports its end.
 */
async function contactAnswered(
	deps: VoiceFlowDeps,
	call: VoiceCall,
	answeredBy: string | null,
): Promise<string> {
	if (call.detect_voicemail && answeredBy && MACHINE.test(answeredBy)) {
		await deps.store.voiceCalls.update(call.id, { contact_answered_by: answeredBy });
		return hangupTwiml();
	}
	await deps.store.voiceCalls.update(call.id, {
		contact_answered_by: answeredBy,
		contact_bridged: true,
	});
	return conferenceTwiml(room(call));
}

async function legStatus(
	deps: VoiceFlowDeps,
	call: VoiceCall,
	leg: 'user' | 'contact',
	params: Record<string, string>,
): Promise<void> {
	const status = params.CallStatus ?? null;
	const duration = params.CallDuration !== undefined ? Number(params.CallDuration) : null;
	let current: VoiceCall;
	if (leg === 'user') {
		current = await deps.store.voiceCalls.update(call.id, {
			user_status: status,
			...(duration !== null ? { user_duration: duration } : {}),
		});
	} else {
		current = await deps.store.voiceCalls.update(call.id, {
			contact_status: status,
			...(duration !== null ? { contact_duration: duration } : {}),
			...(params.AnsweredBy && !call.contact_answered_by
				? { contact_answered_by: params.AnsweredBy }
				: {}),
		});
		const userLive =
			current.user_call_sid && !TERMINAL_STATUSES.includes(current.user_status ?? '');
		if (status && TERMINAL_STATUSES.includes(status) && userLive) {
			// The user waits alone in the room when the contact was never bridged: end that leg too.
			await deps.voice
				.hangUp(current.user_call_sid!)
				.catch((error: Error) => deps.log(`Ending the user's leg failed: ${error.message}`));
		}
	}
	if (isFinished(current)) await finishCall(deps, current);
}

function isFinished(call: VoiceCall): boolean {
	if (call.kind === 'voicemail')
		return (
			call.status === 'calling_contact' && TERMINAL_STATUSES.includes(call.contact_status ?? '')
		);
	if (!TERMINAL_STATUSES.includes(call.user_status ?? '')) return false;
	if (call.status === 'calling_user') return true;
	return call.status === 'calling_contact' && TERMINAL_STATUSES.includes(call.contact_status ?? '');
}

/** Once: the outcome goes to the conversation and the statistics, and the node resumes when all its items are done. */
async function finishCall(deps: VoiceFlowDeps, call: VoiceCall): Promise<void> {
	if (
		!(await deps.store.voiceCalls.advance(
			call.id,
			['calling_user', 'calling_contact'],
			'finishing',
		))
	)
		return;
	const voicemail = call.kind === 'voicemail';
	const outcome = voicemail ? voicemailOutcome(call) : callOutcome(call);
	const user = call.user_id ? await deps.store.teamUsers.get(call.user_id) : undefined;
	if (call.contact_id) {
		const entry = await deps.store.conversations.log({
			contact_id: call.contact_id,
			channel: voicemail ? 'voicemail' : 'call',
			direction: 'outbound',
			status: outcome.outcome,
			subject: voicemail ? 'Voicemail' : 'Call',
			body: voicemail
				? voicemailSummary(outcome as ReturnType<typeof voicemailOutcome>)
				: callSummary(outcome as ReturnType<typeof callOutcome>, user?.name ?? 'the Company Phone'),
			from_address: voicemail ? call.caller : call.user_number,
			to_address: call.contact_number,
			provider_message_id: voicemail ? call.contact_call_sid : call.user_call_sid,
			workflow_id: call.workflow_id,
			action_name: call.action_name,
			execution_id: call.execution_id,
			meta: voicemail
				? { ...outcome, contact_response: outcome.counts_as_response }
				: {
						outcome: outcome.outcome,
						legs: {
							user: (outcome as ReturnType<typeof callOutcome>).user,
							contact: (outcome as ReturnType<typeof callOutcome>).contact,
						},
						duration: outcome.duration,
						contact_response: outcome.counts_as_response,
					},
		});
		// The resumed node drops this item (the CRM's Stop on Response table); the reason is kept on the contact.
		if (call.stop_on_response && outcome.counts_as_response)
			await logStop(deps.store, { ...call, contact_id: call.contact_id }, describeResponse(entry));
	}
	// Statistics: a call is Delivered when the contact answered; a voicemail when it was heard.
	const delivered = voicemail
		? outcome.outcome === 'left_voicemail' ||
			(outcome as ReturnType<typeof voicemailOutcome>).human_answer === 'played'
		: outcome.counts_as_response;
	if (call.delivery_id) {
		await deps.store.deliveries.finish(call.delivery_id, {
			status: delivered ? 'delivered' : 'failed',
			provider_message_id: voicemail ? call.contact_call_sid : call.user_call_sid,
			error: delivered ? null : outcome.outcome,
			// The call's id stays beside its outcome: a retried execution finds the call through it.
			result: { call_id: call.id, ...(outcome as unknown as Record<string, unknown>) },
		});
	}
	await deps.store.voiceCalls.update(call.id, {
		status: 'completed',
		result: outcome as unknown as Record<string, unknown>,
	});
	await resumeWhenAllDone(deps, call);
}

/** Resumes the waiting node when every item of its run is done. */
export async function resumeWhenAllDone(
	deps: Pick<VoiceFlowDeps, 'store' | 'resume' | 'log'>,
	call: VoiceCall,
): Promise<void> {
	const siblings = await deps.store.voiceCalls.forWaitingNode(call.execution_id, call.node_id);
	if (siblings.length < call.item_count || siblings.some((s) => s.status !== 'completed')) return;
	// The last call can end before n8n has put the execution to wait; the resume is retried briefly.
	void retry(
		() => deps.resume(call.resume_url, { calls: siblings.map((s) => s.id) }),
		20,
		500,
	).catch((error: Error) =>
		deps.log(`Resuming the Call action of execution ${call.execution_id} failed: ${error.message}`),
	);
}

async function retry(work: () => Promise<void>, attempts: number, delayMs: number): Promise<void> {
	for (let i = 1; ; i++) {
		try {
			return await work();
		} catch (error) {
			if (i >= attempts) throw error;
			await new Promise((r) => setTimeout(r, delayMs));
		}
	}
}
