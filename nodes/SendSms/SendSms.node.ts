import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { sendSms, type SendSmsInput } from '../../core/sms/sendSms';
import { keepDecidedItems } from '../../core/run/waitForWindow';
import { createTwilioMessaging } from '../../providers/twilio';
import { readFileUrls } from '../shared/attachments';
import { EditorRunWatch } from '../shared/editorRun';
import { readContact } from '../shared/contact';
import { runPerItem } from '../shared/errors';
import { readMergeText } from '../shared/mergeText';
import { nodeParameter } from '../shared/parameters';
import { runStartedAt } from '../shared/stopOnResponse';
import { getSmsTemplates } from '../shared/templates';
import {
	TWILIO_CREDENTIAL,
	textsInFlight,
	twilioConfig,
	testTwilioCredential,
} from '../shared/twilio';
import { startActionRun, testWorkspaceCredential } from '../shared/workspace';
import { sendSmsProperties } from './description';
import { requireWaker, sendWokenTexts, textStep } from './waitForWindow';
import { WindowWait } from '../shared/windowWait';
import { readCallingHours } from '../shared/callingHours';
import { taskCompletedWebhooks } from '../shared/waitingTask';

export class SendSms implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Aesthetix Send SMS',
		name: 'sendSms',
		icon: { light: 'file:../../icons/send-sms.svg', dark: 'file:../../icons/send-sms.dark.svg' },
		group: ['output'],
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: '={{ $parameter["message"] }}',
		description: 'Sends an automated text message to the contact in the workflow',
		defaults: { name: 'Send SMS' },
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
		waitingNodeTooltip: "Waiting for the contacts' calling windows to open",
		properties: sendSmsProperties,
	};

	methods = {
		loadOptions: { getSmsTemplates },
		credentialTest: {
			aesthetixTwilioTest: testTwilioCredential,
			aesthetixWorkspaceTest: testWorkspaceCredential,
		},
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
