import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { createTwilioVoice } from '../../providers/twilio';
import { twilioConfig } from '../shared/transport/twilio';
import { placeCallsAndWait, voiceWebhook } from '../shared/waiting/voiceWait';
import { voicemailAction } from './action';
import { startActionRun } from '../shared/transport/workspace';
import { voicemailProperties } from './description';
import { TWILIO_CREDENTIAL } from '../shared/transport/credentials';
import {
	twilioActionCredentialTests,
	twilioActionDescription,
} from '../shared/descriptions/header';

export class Voicemail implements INodeType {
	description: INodeTypeDescription = {
		icon: { light: 'file:../../icons/voicemail.svg', dark: 'file:../../icons/voicemail.dark.svg' },
		subtitle: 'Leaves a recorded voicemail',
		usableAsTool: true,
		...twilioActionDescription({
			displayName: 'Aesthetix Voicemail',
			name: 'voicemail',
			description:
				"Leaves a pre-recorded voicemail after the contact's greeting, without a live conversation; waits for the outcome",
			defaultName: 'Voicemail',
			waitingNodeTooltip: "Waiting for the voicemail's outcome from Twilio",
			properties: voicemailProperties,
		}),
	};

	methods = { credentialTest: twilioActionCredentialTests };

	webhook = voiceWebhook(voicemailAction);

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const run = await startActionRun(this);
		const voice = createTwilioVoice(twilioConfig(await this.getCredentials(TWILIO_CREDENTIAL)));
		return placeCallsAndWait(this, run, voice, voicemailAction);
	}
}
