import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { createTwilioVoice } from '../../providers/twilio';
import { TWILIO_CREDENTIAL, twilioConfig, testTwilioCredential } from '../shared/twilio';
import { taskCompletedWebhooks } from '../shared/waitingTask';
import { startActionRun, testWorkspaceCredential } from '../shared/workspace';
import { callProperties } from './description';
import { placeCallsAndWait, voiceWebhook } from '../shared/voiceWaiting';
import { callAction } from './action';

export class Call implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Aesthetix Call',
		name: 'call',
		icon: { light: 'file:../../icons/call.svg', dark: 'file:../../icons/call.dark.svg' },
		group: ['output'],
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: 'Calls the assigned user, then the contact',
		description:
			'Calls the assigned user (or the Company Phone) with a whisper, then bridges the contact; waits for the outcome',
		defaults: { name: 'Call' },
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
		waitingNodeTooltip: "Waiting for the call's outcome from Twilio",
		properties: callProperties,
	};

	methods = {
		credentialTest: {
			aesthetixTwilioTest: testTwilioCredential,
			aesthetixWorkspaceTest: testWorkspaceCredential,
		},
	};

	webhook = voiceWebhook(callAction);

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const run = await startActionRun(this);
		const voice = createTwilioVoice(twilioConfig(await this.getCredentials(TWILIO_CREDENTIAL)));
		return placeCallsAndWait(this, run, voice, callAction);
	}
}
