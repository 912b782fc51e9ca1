import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { sendSms } from '../../core/actions/sendSms';
import { createTwilioMessaging } from '../../providers/twilio';
import { readFileUrls } from '../shared/attachments';
import { EditorRunWatch } from '../shared/editorRun';
import { readContact } from '../shared/contact';
import { runPerItem } from '../shared/errors';
import { readMergeText } from '../shared/mergeText';
import { noteStopped, runStartedAt } from '../shared/stopOnResponse';
import { getSmsTemplates } from '../shared/templates';
import { TWILIO_CREDENTIAL, textsInFlight, twilioConfig, testTwilioCredential } from '../shared/twilio';
import { startActionRun, testWorkspaceCredential } from '../shared/workspace';
import { sendSmsProperties } from './description';

export class SendSms implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Aesthetix Send SMS',
		name: 'sendSms',
		icon: { light: 'file:../../icons/send-sms.svg', dark: 'file:../../icons/send-sms.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ $parameter["message"] }}',
		description: 'Sends an automated text message to the contact in the workflow',
		defaults: { name: 'Send SMS' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: [
			{ name: 'aesthetixTwilioApi', displayName: 'Twilio Account', required: true, testedBy: 'aesthetixTwilioTest' },
			{ name: 'aesthetixWorkspaceApi', displayName: 'Workspace', required: true, testedBy: 'aesthetixWorkspaceTest' },
		],
		properties: sendSmsProperties,
	};

	methods = {
		loadOptions: { getSmsTemplates },
		credentialTest: { aesthetixTwilioTest: testTwilioCredential, aesthetixWorkspaceTest: testWorkspaceCredential },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const run = await startActionRun(this);
		const twilio = twilioConfig(await this.getCredentials(TWILIO_CREDENTIAL));
		const transport = createTwilioMessaging(twilio);
		const watch = new EditorRunWatch(this, 'Fill in Test Phone Number to text yourself instead.');
		const output = await runPerItem(this, async (i, item) => {
			const result = await sendSms(
				run,
				transport,
				{
					contact: readContact(this, i),
					template: { templateId: this.getNodeParameter('template', i, '') as string, sync: false },
					message: readMergeText(this, 'message', i),
					attachmentUrls: readFileUrls(this, 'attachments', i),
					testPhoneNumber: this.getNodeParameter('testPhoneNumber', i, '') as string,
					callingHours: this.getNodeParameter('callingHours', i, false) as boolean,
					stopOnResponseSince: this.getNodeParameter('stopOnResponse', i, false) ? runStartedAt(this) : undefined,
				},
				i,
				item.json,
			);
			if (result.status === 'stopped') return noteStopped(this, i, result.reason!);
			return watch.note({ ...item.json, sms: result as unknown as IDataObject }, result.status === 'sent' && !result.test, result.to);
		}, { concurrency: textsInFlight(twilio) });
		watch.warn();
		return [output];
	}
}
