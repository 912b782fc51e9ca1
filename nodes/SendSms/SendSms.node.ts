import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { sendSms, type SendSmsInput } from '../../core/sms/sendSms';
import { keepDecidedItems } from '../../core/run/waitForWindow';
import { createTwilioMessaging } from '../../providers/twilio';
import { readFileUrls } from '../shared/descriptions/attachments';
import { EditorRunWatch } from '../shared/execution/editorRun';
import { readContact } from '../shared/descriptions/contact';
import { runPerItem } from '../shared/execution/errors';
import { readMergeText } from '../shared/execution/mergeText';
import { nodeParameter } from '../shared/execution/parameters';
import { runStartedAt } from '../shared/descriptions/stopOnResponseField';
import { getSmsTemplates } from '../shared/methods/templates';
import { textsInFlight, twilioConfig } from '../shared/transport/twilio';
import { startActionRun } from '../shared/transport/workspace';
import { sendSmsProperties } from './description';
import { requireWaker, sendWokenTexts, textStep } from './smsWindowWait';
import { WindowWait } from '../shared/waiting/windowWait';
import { readCallingHours } from '../shared/descriptions/callingHoursField';
import { TWILIO_CREDENTIAL } from '../shared/transport/credentials';
import {
	twilioActionCredentialTests,
	twilioActionDescription,
} from '../shared/descriptions/header';

export class SendSms implements INodeType {
	description: INodeTypeDescription = {
		icon: { light: 'file:../../icons/send-sms.svg', dark: 'file:../../icons/send-sms.dark.svg' },
		subtitle: '={{ $parameter["message"] }}',
		usableAsTool: true,
		...twilioActionDescription({
			displayName: 'Aesthetix Send SMS',
			name: 'sendSms',
			description: 'Sends an automated text message to the contact in the workflow',
			defaultName: 'Send SMS',
			waitingNodeTooltip: "Waiting for the contacts' calling windows to open",
			properties: sendSmsProperties,
		}),
	};

	methods = {
		loadOptions: { getSmsTemplates },
		credentialTest: twilioActionCredentialTests,
	};

	webhook = sendWokenTexts;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const run = await startActionRun(this);
		const twilio = twilioConfig(await this.getCredentials(TWILIO_CREDENTIAL));
		const transport = createTwilioMessaging(twilio);
		const watch = new EditorRunWatch(this, 'Fill in Test Phone Number to text yourself instead.');
		const wait = new WindowWait(this, run, 'sms');
		const output = await runPerItem(
			this,
			async (i, item) => {
				const input: SendSmsInput = {
					contact: readContact(this, i),
					template: { templateId: nodeParameter<string>(this, 'template', i, ''), sync: false },
					message: readMergeText(this, 'message', i),
					attachmentUrls: readFileUrls(this, 'attachments', i),
					testPhoneNumber: nodeParameter<string>(this, 'testPhoneNumber', i, ''),
					callingHours: readCallingHours(this, i, 'off'),
					stopOnResponseSince: nodeParameter<boolean>(this, 'stopOnResponse', i, false)
						? runStartedAt(this)
						: undefined,
				};
				const result = await sendSms(run, transport, input, i, item.json);
				if (result.status === 'waiting') await requireWaker(run);
				const json = await wait.output(i, item, textStep(result), () => ({ ...input }));
				return json && watch.note(json, result.status === 'sent' && !result.test, result.to);
			},
			{ concurrency: textsInFlight(twilio) },
		);
		watch.warn();
		return wait.finish(
			output,
			(decided, resumeUrl) => keepDecidedItems(run, resumeUrl, decided),
			(n) => `Calling Hours: ${n} text(s) wait for the contact's calling window.`,
		);
	}
}
