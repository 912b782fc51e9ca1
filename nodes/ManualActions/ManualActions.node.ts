import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import { completeManualTask } from '../../core/manualActions/completeTask';
import { sweepManualTasks } from '../../core/manualActions/resumeWorkflow';
import { publicTask, type ManualTaskStatus, type ManualTaskType } from '../../core/store/manualTasks';
import { createTwilioMessaging, type TextTransport } from '../../providers/twilio';
import { runPerItem } from '../shared/errors';
import { twilioConfig } from '../shared/twilio';
import { testWorkspaceCredential, workspaceStore } from '../shared/workspace';
import { manualActionsProperties } from './description';
import { optionSubtitle } from '../shared/subtitle';

export class ManualActions implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Aesthetix Manual Actions',
		name: 'manualActions',
		icon: { light: 'file:../../icons/manual-actions.svg', dark: 'file:../../icons/manual-actions.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: optionSubtitle(manualActionsProperties, 'operation'),
		description: 'Works the Manual Actions queue: list, complete, delete and reassign SMS and call tasks',
		defaults: { name: 'Manual Actions' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: [
			{ name: 'aesthetixWorkspaceApi', displayName: 'Workspace', required: true, testedBy: 'aesthetixWorkspaceTest' },
			{ name: 'aesthetixTwilioApi', displayName: 'Twilio Account', required: false },
		],
		properties: manualActionsProperties,
	};

	methods = { credentialTest: { aesthetixWorkspaceTest: testWorkspaceCredential } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const store = await workspaceStore(this);
		let texts: TextTransport | undefined;
		const textsFor = async () => (texts ??= createTwilioMessaging(twilioConfig(await this.getCredentials('aesthetixTwilioApi'))));
		const resume = async (url: string, body: unknown) => {
			await this.helpers.httpRequest({ method: 'POST', url, body: body as IDataObject, json: true });
		};
		await sweepManualTasks(store, resume);
		const results = await runPerItem(this, async (i) => {
			const operation = this.getNodeParameter('operation', i) as string;
			if (operation === 'getAll') {
				const filters = this.getNodeParameter('filters', i, {}) as {
					assignee?: string;
					contact?: string;
					contactId?: number;
					status?: ManualTaskStatus;
					type?: ManualTaskType;
				};
				const assignee = filters.assignee === 'unassigned' ? null : filters.assignee ? Number(filters.assignee) : undefined;
				let contactId = filters.contactId || undefined;
				if (filters.contact?.trim()) {
					const reference = filters.contact.trim();
					const contact = await store.contacts.findByEmailOrPhone(reference.includes('@') ? reference : null, reference.includes('@') ? null : reference);
					// A contact the workspace does not know has no tasks.
					if (!contact) return { tasks: [] };
					contactId = contact.id;
				}
				const tasks = await store.manualTasks.list({ assigneeUserId: assignee, contactId, status: filters.status, type: filters.type });
				return { tasks: tasks.map(publicTask) as unknown as IDataObject[] };
			}
			const id = this.getNodeParameter('taskId', i) as number;
			const task = await store.manualTasks.get(id);
			if (!task) throw new NodeOperationError(this.getNode(), `Task ID: no manual action task has the id ${id}`, { itemIndex: i });
			if (operation === 'get') return publicTask(task) as unknown as IDataObject;
			if (operation === 'reassign') {
				const userId = this.getNodeParameter('assignee', i) as number;
				if (userId && !(await store.teamUsers.get(userId))) throw new NodeOperationError(this.getNode(), `New Assignee User ID: no team user has the id ${userId}`, { itemIndex: i });
				return publicTask((await store.manualTasks.reassign(id, userId || null))!) as unknown as IDataObject;
			}
			const deleting = operation === 'delete';
			const done = await completeManualTask(
				store,
				id,
				{
					completedBy: this.getNodeParameter('completedBy', i) as string,
					message: deleting ? undefined : (this.getNodeParameter('message', i, '') as string),
					outcome: deleting || task.type === 'sms' ? undefined : (this.getNodeParameter('outcome', i) as string),
					notes: deleting ? undefined : (this.getNodeParameter('notes', i, '') as string),
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
			if (tasks && !item.json.error) for (const task of tasks) output.push({ json: task, pairedItem: item.pairedItem });
			else output.push(item);
		}
		return [output];
	}
}
