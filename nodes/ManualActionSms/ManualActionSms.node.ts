import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import {
	assignmentProperties,
	getAssignToOptions,
	MANUAL_ACTION_VERSIONS,
} from '../shared/descriptions/assignToField';
import { fileUrlsProperty, readFileUrls } from '../shared/descriptions/attachments';
import { contactProperty } from '../shared/descriptions/contact';
import { testRecipientNotice } from '../shared/execution/editorRun';
import { readMergeText } from '../shared/execution/mergeText';
import { getSmsTemplates, smsTemplateProperty } from '../shared/methods/templates';
import {
	queueManualTasks,
	taskCompletedWebhooks,
	tasksCompletedWebhook,
} from '../shared/waiting/taskWait';
import { testWorkspaceCredential } from '../shared/transport/workspace';

export class ManualActionSms implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Aesthetix Manual Action SMS',
		name: 'manualActionSms',
		icon: {
			light: 'file:../../icons/manual-action-sms.svg',
			dark: 'file:../../icons/manual-action-sms.dark.svg',
		},
		group: ['output'],
		version: MANUAL_ACTION_VERSIONS,
		defaultVersion: 1.1,
		subtitle: 'Waits for the task in Manual Actions',
		description:
			'Creates a task for a team member to send an SMS to the contact; the workflow waits until it is sent',
		defaults: { name: 'Manual Action SMS' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: [
			{
				name: 'aesthetixWorkspaceApi',
				displayName: 'Workspace',
				required: true,
				testedBy: 'aesthetixWorkspaceTest',
			},
		],
		webhooks: taskCompletedWebhooks,
		waitingNodeTooltip: 'Waiting for the task to be sent from Inbox > Manual Actions',
		properties: [
			{
				displayName:
					'This node\'s name is the Action Name (for example "Welcome Follow-Up SMS"). The contact advances only after the task is sent from the Manual Actions queue.',
				name: 'actionNameNotice',
				type: 'notice',
				default: '',
			},
			contactProperty,
			smsTemplateProperty,
			{
				displayName: 'Message',
				name: 'message',
				type: 'string',
				typeOptions: { rows: 4 },
				default: '',
				required: true,
				placeholder:
					'Hi {{contact.first_name}}, thanks for your interest. Click here to book your consultation: https://…',
				description:
					'The prefilled text, with custom values and trigger links (booking or form links); the coordinator can edit it before sending',
			},
			fileUrlsProperty('Add Attachment', 'attachments'),
			{
				displayName: 'Test Phone Number',
				name: 'testPhoneNumber',
				type: 'string',
				default: '',
				placeholder: '+15551234567',
				description:
					'When you run the workflow from the editor, the task texts this number (with country code) instead of the contact once it is sent: a preview. Live runs ignore it.',
			},
			testRecipientNotice(
				{ displayName: 'Test Phone Number', name: 'testPhoneNumber' },
				'queues a task that texts the real contact once it is sent',
			),
			...assignmentProperties,
		],
	};

	methods = {
		loadOptions: { getSmsTemplates, getAssignToOptions },
		credentialTest: { aesthetixWorkspaceTest: testWorkspaceCredential },
	};

	webhook = tasksCompletedWebhook;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return queueManualTasks(this, 'sms', (i) => ({
			template: { templateId: this.getNodeParameter('template', i, '') as string, sync: false },
			message: readMergeText(this, 'message', i),
			attachmentUrls: readFileUrls(this, 'attachments', i),
			testPhoneNumber: this.getNodeParameter('testPhoneNumber', i, '') as string,
		}));
	}
}
