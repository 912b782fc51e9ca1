import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import { completeManualTask } from '../../core/manualActions/completeTask';
import { sweepManualTasks } from '../../core/manualActions/resumeWorkflow';
import {
	publicTask,
	type ManualTaskStatus,
	type ManualTaskType,
} from '../../core/store/manualTasks';
import { createTwilioMessaging, type TextTransport } from '../../providers/twilio';
import { runPerItem } from '../shared/errors';
import { testTwilioCredential, twilioConfig } from '../shared/twilio';
import { testWorkspaceCredential, workspaceStore } from '../shared/workspace';
import { MANUAL_ACTIONS_VERSIONS, manualActionsProperties } from './description';
import { optionSubtitle } from '../shared/subtitle';
import { getTaskAssignees, searchContacts, searchOpenTasks } from './methods';
import { getTeamUsers } from '../shared/teamUsers';

/** A task or contact id: picked from a list, typed, or the plain number of version 1 workflows. */
function idOf(value: unknown): number {
	const raw =
		value && typeof value === 'object' && 'value' in value
			? (value as { value: unknown }).value
			: value;
	const id = Number(String(raw ?? '').trim());
	return Number.isInteger(id) && id > 0 ? id : 0;
}

export class ManualActions implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Aesthetix Manual Actions',
		name: 'manualActions',
		icon: {
			light: 'file:../../icons/manual-actions.svg',
			dark: 'file:../../icons/manual-actions.dark.svg',
		},
		group: ['transform'],
		version: MANUAL_ACTIONS_VERSIONS,
		defaultVersion: 1.1,
		subtitle: optionSubtitle(manualActionsProperties, 'operation'),
		description:
			'Works the Manual Actions queue: list, complete, delete and reassign SMS and call tasks',
		defaults: { name: 'Manual Actions' },
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
			{
				name: 'aesthetixTwilioApi',
				displayName: 'Twilio Account',
				required: false,
				testedBy: 'aesthetixTwilioTest',
			},
		],
		properties: manualActionsProperties,
	};

	methods = {
		loadOptions: { getTeamUsers, getTaskAssignees },
		listSearch: { searchOpenTasks, searchContacts },
		credentialTest: {
			aesthetixWorkspaceTest: testWorkspaceCredential,
			aesthetixTwilioTest: testTwilioCredential,
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const store = await workspaceStore(this);
		let texts: TextTransport | undefined;
		const textsFor = async () =>
			(texts ??= createTwilioMessaging(
				twilioConfig(await this.getCredentials('aesthetixTwilioApi')),
			));
		const resume = async (url: string, body: unknown) => {
			await this.helpers.httpRequest({
				method: 'POST',
				url,
				body: body as IDataObject,
				json: true,
			});
		};
		await sweepManualTasks(store, resume);
		// Version 1 records Completed By as typed; later versions pick a team user and record their name.
		const completedBy = async (i: number): Promise<string> => {
			const value = this.getNodeParameter('completedBy', i) as string | number;
			if (this.getNode().typeVersion < 1.1) return String(value);
			const user = String(value ?? '').trim() ? await store.teamUsers.find(value) : undefined;
			if (!user)
				throw new NodeOperationError(
					this.getNode(),
					`Completed By: no team user is "${value}" (choose one from the list, or give an id, an email or a name)`,
					{ itemIndex: i },
				);
			return user.name;
		};
		const v1 = this.getNode().typeVersion < 1.1;
		const results = await runPerItem(this, async (i) => {
			const operation = this.getNodeParameter('operation', i) as string;
			if (operation === 'getAll') {
				const filters = this.getNodeParameter('filters', i, {}) as {
					assignee?: string;
					contact?: string;
					contactId?: unknown;
					status?: ManualTaskStatus;
					type?: ManualTaskType;
				};
				const assignee =
					filters.assignee === 'unassigned'
						? null
						: filters.assignee
							? Number(filters.assignee)
							: undefined;
				let contactId = idOf(filters.contactId) || undefined;
				if (filters.contact?.trim()) {
					const reference = filters.contact.trim();
					const contact = await store.contacts.findByEmailOrPhone(
						reference.includes('@') ? reference : null,
						reference.includes('@') ? null : reference,
					);
					// A contact the workspace does not know has no tasks.
					if (!contact) return { tasks: [] };
					contactId = contact.id;
				}
				let tasks = await store.manualTasks.list({
					assigneeUserId: assignee,
					contactId,
					status: filters.status,
					type: filters.type,
				});
				if (!v1 && !(this.getNodeParameter('returnAll', i, false) as boolean))
					tasks = tasks.slice(0, this.getNodeParameter('limit', i, 50) as number);
				return { tasks: tasks.map(publicTask) as unknown as IDataObject[] };
			}
			const taskField = v1 ? 'Task ID' : 'Task';
			const id = idOf(this.getNodeParameter(v1 ? 'taskId' : 'task', i));
			if (!id)
				throw new NodeOperationError(
					this.getNode(),
					`${taskField}: choose a task, or give the id of one`,
					{ itemIndex: i },
				);
			const task = await store.manualTasks.get(id);
			if (!task)
				throw new NodeOperationError(
					this.getNode(),
					`${taskField}: no manual action task has the id ${id}`,
					{ itemIndex: i },
				);
			if (operation === 'get') return publicTask(task) as unknown as IDataObject;
			if (operation === 'reassign') {
				const field = v1 ? 'New Assignee User ID' : 'New Assignee';
				const chosen = this.getNodeParameter('assignee', i) as number | string;
				const userId = chosen === 'unassigned' ? 0 : Number(chosen);
				if (!v1 && String(chosen ?? '').trim() === '') {
					throw new NodeOperationError(
						this.getNode(),
						`${field}: choose a team user, or Unassigned`,
						{ itemIndex: i },
					);
				}
				if (!Number.isInteger(userId) || (userId && !(await store.teamUsers.get(userId)))) {
					throw new NodeOperationError(
						this.getNode(),
						`${field}: no team user has the id ${chosen}`,
						{ itemIndex: i },
					);
				}
				return publicTask(
					(await store.manualTasks.reassign(id, userId || null))!,
				) as unknown as IDataObject;
			}
			const deleting = operation === 'delete';
			if (!deleting && !v1) {
				const taskType = this.getNodeParameter('taskType', i) as ManualTaskType;
				if (task.type !== taskType) {
					throw new NodeOperationError(
						this.getNode(),
						`Task Type: task ${id} is ${task.type === 'sms' ? 'an SMS' : 'a call'} task; choose ${task.type === 'sms' ? 'SMS' : 'Call'}`,
						{ itemIndex: i },
					);
				}
			}
			const done = await completeManualTask(
				store,
				id,
				{
					completedBy: await completedBy(i),
					message:
						deleting || task.type !== 'sms'
							? undefined
							: (this.getNodeParameter('message', i, '') as string),
					outcome:
						deleting || task.type !== 'call'
							? undefined
							: (this.getNodeParameter('outcome', i) as string),
					notes:
						deleting || (!v1 && task.type !== 'call')
							? undefined
							: (this.getNodeParameter('notes', i, '') as string),
					skipSending: deleting,
				},
				{ texts: task.type === 'sms' && !deleting ? await textsFor() : undefined, resume },
			);
			return {
				...(publicTask(done.task) as unknown as IDataObject),
				completed_now: done.completedNow,
				workflow_resumed: done.resumed,
				workflow: done.workflow,
				note: done.note ?? null,
			};
		});
		const output: INodeExecutionData[] = [];
		for (const item of results) {
			const tasks = item.json.tasks as IDataObject[] | undefined;
			if (tasks && !item.json.error)
				for (const task of tasks) output.push({ json: task, pairedItem: item.pairedItem });
			else output.push(item);
		}
		return [output];
	}
}
