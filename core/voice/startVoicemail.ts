import type { VoiceTransport } from '../../providers/twilio';
import type { ActionRun } from '../run/actionRun';
import { ActionError } from '../run/errors';
import { resolveContact } from '../run/resolveContact';
import { toE164 } from '../contacts/phone';
import { placeCallOnce } from './placeOnce';
import type { CallStart } from './startCall';
import { voiceUrl } from './urls';
import { checkAudio } from './voicemailAudio';
import { audioToken } from './voicemailAudioLink';
import { callBlocked, voiceEndpoint } from './mayCall';
import type { CallingHoursMode } from '../run/callingHours';

/** The Voicemail action's fields, as the node read them for one item. */
export interface VoicemailInput {
	contact: Record<string, unknown>;
	audio: { bytes: Buffer; fileName: string | null; field: string };
	onHuman: 'hang_up' | 'play';
	stopOnResponse: boolean;
	/** What happens outside 8 AM to 9 PM in the contact's time zone. */
	callingHours: CallingHoursMode;
	runStartedAt: string;
	itemCount: number;
}

/** Long enough for a carrier's voicemail to pick up (most forward after about 20 to 25 seconds). */
const RING_SECONDS = 45;

/**
 * Starts one item's voicemail drop: checks the file first (MP3 or WAV), then the contact (number,
 * DND for calls, Stop on Response), keeps the recording in the workspace, and calls the contact
 * with detection that waits for the end of the greeting. The endpoint plays the file after the beep.
 */
export async function startVoicemail(
	run: ActionRun,
	voice: VoiceTransport,
	input: VoicemailInput,
	itemIndex: number,
	item: Record<string, unknown>,
	resumeUrl: string,
): Promise<CallStart> {
	const audioCheck = checkAudio(input.audio.bytes, input.audio.field);
	const raw = input.contact.phone;
	if (raw === undefined || raw === null || String(raw).trim() === '') {
		throw new ActionError(
			'Contact',
			'The contact has no phone number',
			'The Voicemail action needs a contact with a valid mobile number in contact.phone.',
		);
	}
	const phone = toE164(raw, run.workspace.defaultCountry);
	if (!phone.number)
		throw new ActionError('Contact', `The contact's phone "${String(raw)}" ${phone.problem}`);
	if (phone.type === 'fixed_line') {
		throw new ActionError(
			'Contact',
			`The contact's phone "${String(raw)}" is a landline`,
			'A voicemail drop needs a mobile number: landlines have no carrier voicemail to leave it in.',
		);
	}
	const to = phone.number;
	const resolved = await resolveContact(run.store, { ...input.contact, phone: to });
	const contact = resolved.contact!;
	const blocked = await callBlocked(run, input.contact, contact, input);
	if (blocked) return blocked;
	const caller = resolved.assignedUser?.connected_number || voice.callerId;
	if (!caller) {
		throw new ActionError(
			'Twilio',
			"Voicemails need the assigned user's Connected Number or an Aesthetix Twilio credential whose sender is a phone number",
		);
	}
	const urls = await voiceEndpoint(
		run,
		'Voicemails',
		'Twilio fetches the recording and reports the outcome there.',
	);
	const stored = await run.store.voicemailAudio.save(input.audio.bytes, {
		file_name: input.audio.fileName,
		content_type: audioCheck.contentType,
		format: audioCheck.format,
		bitrate_kbps: audioCheck.bitrateKbps ?? null,
	});
	const secret = await run.once('secret', () => run.store.settings.secret());
	const audio = {
		id: stored.id,
		url: `${urls.audio}?a=${audioToken(secret, stored.id)}`,
		format: stored.format,
		bitrate_kbps: stored.bitrate_kbps,
		size: stored.size,
		file_name: stored.file_name,
	};

	return placeCallOnce(run, itemIndex, {
		channel: 'voicemail',
		to,
		contactId: contact.id,
		field: 'Contact',
		row: {
			item_count: input.itemCount,
			kind: 'voicemail',
			audio_id: stored.id,
			on_human: input.onHuman,
			caller,
			detect_voicemail: true,
			stop_on_response: input.stopOnResponse,
			resume_url: resumeUrl,
			status: 'calling_contact',
			item,
			result: { audio, warnings: audioCheck.warnings, to_type: phone.type ?? 'unknown' },
		},
		async place(call) {
			const placed = await voice.place({
				to,
				from: caller,
				url: voiceUrl(urls, 'drop', call.id),
				statusCallback: voiceUrl(urls, 'status', call.id, 'contact'),
				timeout: RING_SECONDS,
				machineDetection: 'DetectMessageEnd',
			});
			return run.store.voiceCalls.update(call.id, { contact_call_sid: placed.sid });
		},
		refused: (error) => `Calling ${to} failed: ${error.message}`,
	});
}
