import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { startCall } from '../../core/voice/startCall';
import { createTwilioVoice } from '../../providers/twilio';
import { readContact } from '../shared/contact';
import { readMergeText } from '../shared/mergeText';
import { runStartedAt } from '../shared/stopOnResponse';
import { TWILIO_CREDENTIAL, twilioConfig, testTwilioCredential } from '../shared/twilio';
import { taskCompletedWebhooks } from '../shared/waitingTask';
import { startActionRun, testWorkspaceCredential } from '../shared/workspace';
import { callProperties } from './description';
import { callsCompletedWebhook, placeCallsAndWait } from '../shared/voiceWaiting';

export class Call implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Aesthetix Call',
		name: 'call',
		icon: { light: 'file:../../icons/call.svg', dark: 'file:../../icons/call.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: 'Calls the assigned user, then the contact',
		description: 'Calls the assigned user (or the Company Phone) with a whisper, then bridges the contact; waits for the outcome',
		defaults: { name: 'Call' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: [
			{ name: 'aesthetixTwilioApi', displayName: 'Twilio Account', required: true, testedBy: 'aesthetixTwilioTest' },
			{ name: 'aesthetixWorkspaceApi', displayName: 'Workspace', required: true, testedBy: 'aesthetixWorkspaceTest' },
		],
		webhooks: taskCompletedWebhooks,
		waitingNodeTooltip: "Waiting for the call's outcome from Twilio",
		properties: callProperties,
	};

	methods = { credentialTest: { aesthetixTwilioTest: testTwilioCredential, aesthetixWorkspaceTest: testWorkspaceCredential } };

	webhook = callsCompletedWebhook;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const run = await startActionRun(this);
		const voice = createTwilioVoice(twilioConfig(await this.getCredentials(TWILIO_CREDENTIAL)));
		const since = runStartedAt(this);
		const itemCount = this.getInputData().length;
		return placeCallsAndWait(this, run, 'call', (i, item, resumeUrl) =>
			startCall(
				run,
				voice,
				{
					contact: readContact(this, i),
					whisper: readMergeText(this, 'whisper', i),
					callTimeout: this.getNodeParameter('callTimeout', i, 30) as number,
					disableVoicemailDetect: this.getNodeParameter('disableVoicemailDetect', i, false) as boolean,
					connectAfterKeypress: this.getNodeParameter('connectAfterKeypress', i, true) as boolean,
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
