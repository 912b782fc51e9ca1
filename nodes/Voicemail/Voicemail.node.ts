import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { createTwilioVoice } from '../../providers/twilio';
import { TWILIO_CREDENTIAL, twilioConfig, testTwilioCredential } from '../shared/twilio';
import { placeCallsAndWait, voiceWebhook } from '../shared/voiceWaiting';
import { voicemailAction } from './action';
import { taskCompletedWebhooks } from '../shared/waitingTask';
import { startActionRun, testWorkspaceCredential } from '../shared/workspace';
import { voicemailProperties } from './description';

export class Voicemail implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Aesthetix Voicemail',
		name: 'voicemail',
		icon: { light: 'file:../../icons/voicemail.svg', dark: 'file:../../icons/voicemail.dark.svg' },
		group: ['output'],
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: 'Leaves a recorded voicemail',
		description:
			"Leaves a pre-recorded voicemail after the contact's greeting, without a live conversation; waits for the outcome",
		defaults: { name: 'Voicemail' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: [
			{
				name: 'aesthetixTwilioApi',
				displayName: 'Twilio Account',
				required: true,
				testedBy: 'aesthetixTwilioTest',
			},
			{
				name: 'aesthetixWorkspaceApi',
				displayName: 'Workspace',
				required: true,
				testedBy: 'aesthetixWorkspaceTest',
			},
		],
		webhooks: taskCompletedWebhooks,
		waitingNodeTooltip: "Waiting for the voicemail's outcome from Twilio",
		properties: voicemailProperties,
	};

	methods = {
		credentialTest: {
			aesthetixTwilioTest: testTwilioCredential,
			aesthetixWorkspaceTest: testWorkspaceCredential,
		},
	};

	webhook = voiceWebhook(voicemailAction);

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const run = await startActionRun(this);
		const voice = createTwilioVoice(twilioConfig(await this.getCredentials(TWILIO_CREDENTIAL)));
		return placeCallsAndWait(this, run, voice, voicemailAction);
	}
}
