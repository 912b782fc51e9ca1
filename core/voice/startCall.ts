import type { VoiceTransport } from '../../providers/twilio';
import type { ActionRun } from '../run/actionRun';
import { ActionError } from '../run/errors';
import { renderField } from '../run/render';
import { resolveContact } from '../run/resolveContact';
import { toE164 } from '../contacts/phone';
import type { VoiceCall } from '../store/voiceCalls';
import { placeCallOnce } from './placeOnce';
import { routeCall } from './routing';
import { voiceUrl } from './urls';
import { callBlocked, voiceEndpoint } from './mayCall';
import type { CallingHoursMode } from '../run/callingHours';

/** The Call action's fields, as the node read them for one item. */
export interface CallInput {
	contact: Record<string, unknown>;
	whisper: string;
	callTimeout: number;
	disableVoicemailDetect: boolean;
	connectAfterKeypress: boolean;
	stopOnResponse: boolean;
	/** What happens outside 8 AM to 9 PM in the contact's time zone. */
	callingHours: CallingHoursMode;
	/** When the workflow's run began (ISO-8601): responses from then on stop it. */
	runStartedAt: string;
	/** How many items the node run has. */
	itemCount: number;
}

export type CallStart =
	| { kind: 'placed'; call: VoiceCall }
	| { kind: 'skipped'; result: Record<string, unknown> }
	| { kind: 'stopped'; reason: string }
	/** Outside the contact's calling window, with Calling Hours set to wait: nobody is called before it opens. */
	| {
			kind: 'deferred';
			opensAt: string;
			contactId: number;
			callingHours: { time_zone: string; local_time: string };
	  };

export const DEFAULT_WHISPER =
	'You have a new lead, {{contact.name}}. Press any button to connect.';

function contactNumber(raw: unknown, defaultCountry: string | undefined): string {
	if (raw === undefined || raw === null || String(raw).trim() === '') {
		throw new ActionError(
			'Contact',
			'The contact has no phone number',
			'The Call action needs a contact with a valid phone number in contact.phone.',
		);
	}
	const { number, problem } = toE164(raw, defaultCountry);
	if (!number) throw new ActionError('Contact', `The contact's phone "${String(raw)}" ${problem}`);
	return number;
}

/**
 * Starts one item's call: checks the contact (number, DND for calls, Stop on Response), picks who
 * is called first by the CRM's routing rule, and rings that person with the whisper. The rest of
 * the call runs through the workspace endpoint as Twilio reports it; the node waits meanwhile.
 */
export async function startCall(
	run: ActionRun,
	voice: VoiceTransport,
	input: CallInput,
	itemIndex: number,
	item: Record<string, unknown>,
	resumeUrl: string,
): Promise<CallStart> {
	if (!Number.isInteger(input.callTimeout) || input.callTimeout < 1 || input.callTimeout > 600) {
		throw new ActionError(
			'Call Timeout (s)',
			`Call Timeout must be a whole number of seconds from 1 to 600, not ${input.callTimeout}`,
		);
	}
	const to = contactNumber(input.contact.phone, run.workspace.defaultCountry);
	const resolved = await resolveContact(run.store, { ...input.contact, phone: to });
	const contact = resolved.contact!;
	const blocked = await callBlocked(run, input.contact, contact, input);
	if (blocked) return blocked;
	const route = routeCall(resolved.assignedUser, run.workspace);
	if (!voice.callerId) {
		throw new ActionError(
			'Twilio',
			'Calls need an Aesthetix Twilio credential whose sender is a phone number: a Messaging Service cannot place calls',
		);
	}
	const urls = await voiceEndpoint(
		run,
		'Calls',
		"Twilio asks the endpoint what to say on each leg and reports the call's progress there.",
	);
	const context = await run.mergeContext(item, input.contact, resolved);
	const whisper = renderField(
		run,
		input.whisper.trim() || DEFAULT_WHISPER,
		'Call Whisper',
		'text',
		context,
	);

	const field = route.routedTo === 'assigned_user' ? 'Contact' : 'Company Phone';
	return placeCallOnce(run, itemIndex, {
		channel: 'call',
		to,
		contactId: contact.id,
		field,
		row: {
			item_count: input.itemCount,
			user_number: route.number,
			user_id: route.user?.id ?? null,
			routed_to: route.routedTo,
			caller: voice.callerId!,
			whisper: whisper.text,
			blank_merge_fields: whisper.blankFields,
			call_timeout: input.callTimeout,
			detect_voicemail: !input.disableVoicemailDetect,
			keypress: input.connectAfterKeypress,
			stop_on_response: input.stopOnResponse,
			resume_url: resumeUrl,
			status: 'calling_user',
			item,
		},
		async place(call) {
			const placed = await voice.place({
				to: route.number,
				from: voice.callerId!,
				url: voiceUrl(urls, 'user', call.id),
				statusCallback: voiceUrl(urls, 'status', call.id, 'user'),
				timeout: input.callTimeout,
			});
			return run.store.voiceCalls.update(call.id, { user_call_sid: placed.sid });
		},
		refused: (error) => `Calling ${route.number} failed: ${error.message}`,
	});
}
