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
import { contactProperty } from '../shared/descriptions/contact';
import {
	queueManualTasks,
	taskCompletedWebhooks,
	tasksCompletedWebhook,
} from '../shared/waiting/taskWait';
import { testWorkspaceCredential } from '../shared/transport/workspace';

export class ManualActionCall implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Aesthetix Manual Action Call',
		name: 'manualActionCall',
		icon: {
			light: 'file:../../icons/manual-action-call.svg',
			dark: 'file:../../icons/manual-action-call.dark.svg',
		},
		group: ['output'],
		version: MANUAL_ACTION_VERSIONS,
		defaultVersion: 1.1,
		subtitle: 'Waits for the call in Manual Actions',
		description:
			'Creates a call task for a team member; the workflow waits until the outcome is recorded',
		defaults: { name: 'Manual Action Call' },
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
		waitingNodeTooltip: 'Waiting for the call to be worked from Inbox > Manual Actions',
		properties: [
			{
				displayName:
					'This node\'s name is the Action Name (for example "Lead Follow-Up Call"). The workflow advances only when the task is completed or deleted from the Manual Actions queue; calling the contact anywhere else does not complete it.',
				name: 'actionNameNotice',
				type: 'notice',
				default: '',
			},
			contactProperty,
			...assignmentProperties,
		],
	};

	methods = {
		loadOptions: { getAssignToOptions },
		credentialTest: { aesthetixWorkspaceTest: testWorkspaceCredential },
	};

	webhook = tasksCompletedWebhook;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return queueManualTasks(this, 'call');
	}
}
