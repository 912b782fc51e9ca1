import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { createTwilioVoice } from '../../providers/twilio';
import { twilioConfig } from '../shared/transport/twilio';
import { startActionRun } from '../shared/transport/workspace';
import { callProperties } from './description';
import { placeCallsAndWait, voiceWebhook } from '../shared/waiting/voiceWait';
import { callAction } from './action';
import { TWILIO_CREDENTIAL } from '../shared/transport/credentials';
import {
	twilioActionCredentialTests,
	twilioActionDescription,
} from '../shared/descriptions/header';

export class Call implements INodeType {
	description: INodeTypeDescription = {
		icon: { light: 'file:../../icons/call.svg', dark: 'file:../../icons/call.dark.svg' },
		subtitle: 'Calls the assigned user, then the contact',
		usableAsTool: true,
		...twilioActionDescription({
			displayName: 'Aesthetix Call',
			name: 'call',
			description:
				'Calls the assigned user (or the Company Phone) with a whisper, then bridges the contact; waits for the outcome',
			defaultName: 'Call',
			waitingNodeTooltip: "Waiting for the call's outcome from Twilio",
			properties: callProperties,
		}),
	};

	methods = { credentialTest: twilioActionCredentialTests };

	webhook = voiceWebhook(callAction);

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const run = await startActionRun(this);
		const voice = createTwilioVoice(twilioConfig(await this.getCredentials(TWILIO_CREDENTIAL)));
		return placeCallsAndWait(this, run, voice, callAction);
	}
}
