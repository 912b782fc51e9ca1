import type { CallInput } from '../../core/voice/startCall';
import { startCall } from '../../core/voice/startCall';
import { readCallingHours } from '../shared/descriptions/callingHoursField';
import { readContact } from '../shared/descriptions/contact';
import { readMergeText } from '../shared/execution/mergeText';
import { runStartedAt } from '../shared/descriptions/stopOnResponseField';
import type { VoiceAction } from '../shared/waiting/voiceWait';

/** The Call action's fields and its start, for the run and for items woken when their window opens. */
export const callAction: VoiceAction<CallInput> = {
	key: 'call',
	async read(ctx, _run, i) {
		return {
			contact: readContact(ctx, i),
			whisper: readMergeText(ctx, 'whisper', i),
			callTimeout: ctx.getNodeParameter('callTimeout', i, 30) as number,
			disableVoicemailDetect: ctx.getNodeParameter('disableVoicemailDetect', i, false) as boolean,
			connectAfterKeypress: ctx.getNodeParameter('connectAfterKeypress', i, true) as boolean,
			stopOnResponse: ctx.getNodeParameter('stopOnResponse', i, false) as boolean,
			callingHours: readCallingHours(ctx, i, 'wait'),
			runStartedAt: runStartedAt(ctx),
			itemCount: ctx.getInputData().length,
		};
	},
	start: startCall,
	save: (input) => ({ ...input }),
	restore: (saved) => saved as unknown as CallInput,
};
