import { startVoicemail, type VoicemailInput } from '../../core/voice/startVoicemail';
import { readCallingHours } from '../shared/descriptions/callingHoursField';
import { readContact } from '../shared/descriptions/contact';
import { runStartedAt } from '../shared/descriptions/stopOnResponseField';
import type { VoiceAction } from '../shared/waiting/voiceWait';
import { readAudioFile } from './audioFile';

/** The Voicemail action's fields and its start, for the run and for items woken when their window opens. */
export const voicemailAction: VoiceAction<VoicemailInput> = {
	key: 'voicemail',
	async read(ctx, run, i) {
		return {
			contact: readContact(ctx, i),
			audio: await readAudioFile(ctx, run, i),
			onHuman: ctx.getNodeParameter('onHuman', i, 'hang_up') === 'play' ? 'play' : 'hang_up',
			stopOnResponse: ctx.getNodeParameter('stopOnResponse', i, false) as boolean,
			callingHours: readCallingHours(ctx, i, 'wait'),
			runStartedAt: runStartedAt(ctx),
			itemCount: ctx.getInputData().length,
		};
	},
	start: startVoicemail,
	// The recording waits with the item: the binary data or URL may be gone by the time the window opens.
	save: (input) => ({
		...input,
		audio: { ...input.audio, bytes: input.audio.bytes.toString('base64') },
	}),
	restore(saved) {
		const input = saved as unknown as VoicemailInput & { audio: { bytes: string } };
		return { ...input, audio: { ...input.audio, bytes: Buffer.from(input.audio.bytes, 'base64') } };
	},
};
