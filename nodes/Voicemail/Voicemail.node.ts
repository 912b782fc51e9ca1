import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { startVoicemail } from '../../core/voicemail/startVoicemail';
import { createTwilioVoice } from '../../providers/twilio';
import { readContact } from '../shared/contact';
import { runStartedAt } from '../shared/stopOnResponse';
import { TWILIO_CREDENTIAL, twilioConfig, testTwilioCredential } from '../shared/twilio';
import { callsCompletedWebhook, placeCallsAndWait } from '../shared/voiceWaiting';
import { taskCompletedWebhooks } from '../shared/waitingTask';
import { startActionRun, testWorkspaceCredential } from '../shared/workspace';
import { readAudioFile } from './audioFile';
import { voicemailProperties } from './description';

export class Voicemail implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Aesthetix Voicemail',
		name: 'voicemail',
		icon: { light: 'file:../../icons/voicemail.svg', dark: 'file:../../icons/voicemail.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: 'Leaves a recorded voicemail',
		description: "Leaves a pre-recorded voicemail after the contact's greeting, without a live conversation; waits for the outcome",
		defaults: { name: 'Voicemail' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: [
			{ name: 'aesthetixTwilioApi', displayName: 'Twilio Account', required: true, testedBy: 'aesthetixTwilioTest' },
			{ name: 'aesthetixWorkspaceApi', displayName: 'Workspace', required: true, testedBy: 'aesthetixWorkspaceTest' },
		],
		webhooks: taskCompletedWebhooks,
		waitingNodeTooltip: "Waiting for the voicemail's outcome from Twilio",
		properties: voicemailProperties,
	};

	methods = { credentialTest: { aesthetixTwilioTest: testTwilioCredential, aesthetixWorkspaceTest: testWorkspaceCredential } };

	webhook = callsCompletedWebhook;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const run = await startActionRun(this);
		const voice = createTwilioVoice(twilioConfig(await this.getCredentials(TWILIO_CREDENTIAL)));
		const since = runStartedAt(this);
		const itemCount = this.getInputData().length;
		return placeCallsAndWait(this, run, 'voicemail', async (i, item, resumeUrl) =>
			startVoicemail(
				run,
				voice,
				{
					contact: readContact(this, i),
					audio: await readAudioFile(this, run, i),
					onHuman: this.getNodeParameter('onHuman', i, 'hang_up') === 'play' ? 'play' : 'hang_up',
					stopOnResponse: this.getNodeParameter('stopOnResponse', i, false) as boolean,
					callingHours: this.getNodeParameter('callingHours', i, true) as boolean,
					runStartedAt: since,
					itemCount,
				},
				i,
				item.json,
				resumeUrl,
			),
		);
	}
}
