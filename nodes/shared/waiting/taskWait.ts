import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IWebhookDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { WAIT_INDEFINITELY } from 'n8n-workflow';
import { taskOutcome } from '../../../core/manualActions/completeTask';
import {
	createManualTask,
	QUEUED_LOG,
	type ManualTaskInput,
} from '../../../core/manualActions/createTask';
import type { WorkspaceStore } from '../../../core/store';
import type { ManualTask, ManualTaskType } from '../../../core/store/manualTasks';
import { readWaitLimit } from '../descriptions/assignToField';
import { readContact } from '../descriptions/contact';
import { EditorRunWatch } from '../execution/editorRun';
import { executionResumeUrl } from '../execution/executionKeys';
import { runPerItem } from '../execution/errors';
import { startActionRun, workspaceStore } from '../transport/workspace';

/** The restart webhook n8n routes a waiting execution's resume request to: /webhook-waiting/<execution>/<node id>. */
export const taskCompletedWebhooks: IWebhookDescription[] = [
	{
		name: 'default',
		httpMethod: 'POST',
		responseMode: 'onReceived',
		responseData: '',
		path: '={{ $nodeId }}',
		restartWebhook: true,
		isFullPath: true,
	},
];

/** The signed URL that resumes this execution at this node; kept on the task so whoever completes it can call it. */
export function resumeUrlFor(ctx: IExecuteFunctions): string {
	const url = new URL(executionResumeUrl(ctx));
	url.pathname = `${url.pathname.replace(/\/+$/, '')}/${encodeURIComponent(ctx.getNode().id)}`;
	return url.toString();
}

/**
 * On resume: each completed task of this node becomes an output item with its contact and outcome.
 * The resume URL is a bearer token, so the request is checked against the store as well: it must
 * name exactly this execution's tasks at this node, all of them completed. Anything else is refused
 * and the execution goes on waiting.
 */
export async function tasksCompletedWebhook(
	this: IWebhookFunctions,
): Promise<IWebhookResponseData> {
	const store = await workspaceStore(this);
	const tasks = await store.manualTasks.forWaitingNode(this.getExecutionId(), this.getNode().id);
	const refuse = (message: string): IWebhookResponseData => {
		this.logger.warn(`Manual action resume refused: ${message}`);
		this.getResponseObject().status(409).json({ resumed: false, error: message });
		return { noWebhookResponse: true };
	};
	if (tasks.length === 0) return refuse('this execution has no manual action tasks at this node');
	const open = tasks.filter((t) => t.status !== 'completed');
	if (open.length > 0)
		return refuse(
			`${open.length} of ${tasks.length} tasks of this manual action are not completed yet`,
		);
	const named = (this.getBodyData() as { tasks?: unknown } | undefined)?.tasks;
	const ids = new Set(tasks.map((t) => t.id));
	const claimed = Array.isArray(named) ? new Set(named.map(Number)) : new Set<number>();
	if (claimed.size !== ids.size || [...claimed].some((id) => !ids.has(id))) {
		return refuse('the task ids do not match the tasks this execution waits for');
	}
	return {
		webhookResponse: { resumed: true, tasks: [...ids] },
		workflowData: [await completedItems(this, store, tasks)],
	};
}

const TEXT_YOURSELF = 'Fill in Test Phone Number to text yourself instead.';

/**
 * What the action outputs once its tasks are done: each task's contact and outcome, flagged when an
 * editor run's task texted the real contact (n8n keeps no execution hints from a resume webhook).
 */
async function completedItems(
	ctx: Pick<IWebhookFunctions, 'getMode'>,
	store: WorkspaceStore,
	tasks: ManualTask[],
): Promise<INodeExecutionData[]> {
	const watch = new EditorRunWatch(ctx, TEXT_YOURSELF);
	const items = [];
	for (const task of tasks) {
		const contact = await store.contacts.get(task.contact_id);
		const outcome = taskOutcome(task);
		const json = {
			contact: contact as unknown as IDataObject,
			manual_action: outcome as unknown as IDataObject,
		};
		items.push({
			json: watch.note(
				json,
				outcome.message_sid !== undefined && task.send_to === null,
				contact?.phone,
			),
		});
	}
	return items;
}

const UNIT_MS: Record<string, number> = {
	seconds: 1000,
	minutes: 60_000,
	hours: 3_600_000,
	days: 86_400_000,
};

/** The optional wait limit, as the moment the workflow moves on. */
function waitLimit(ctx: IExecuteFunctions): Date | undefined {
	const limit = readWaitLimit(ctx);
	if (!limit) return undefined;
	return new Date(Date.now() + limit.amount * (UNIT_MS[limit.unit] ?? UNIT_MS.hours));
}

/**
 * Both manual actions: a task per item in the queue, then the execution waits (in n8n's database,
 * so it survives restarts) until the tasks are completed from the queue.
 */
export async function queueManualTasks(
	ctx: IExecuteFunctions,
	type: ManualTaskType,
	readSms?: (itemIndex: number) => ManualTaskInput['sms'],
): Promise<INodeExecutionData[][]> {
	const run = await startActionRun(ctx);
	const resumeUrl = resumeUrlFor(ctx);
	const waitTill = waitLimit(ctx);
	const tasks: ManualTask[] = [];
	const watch = new EditorRunWatch(ctx, TEXT_YOURSELF, 'queued texts to');
	const items = await runPerItem(ctx, async (i, item) => {
		const task = await createManualTask(
			run,
			{
				type,
				contact: readContact(ctx, i),
				assignTo:
					(ctx.getNodeParameter('advancedSettings', i, {}) as { assignTo?: string }).assignTo ?? '',
				sms: readSms?.(i),
			},
			i,
			item.json,
			resumeUrl,
		);
		tasks.push(task);
		ctx.logger.info(`${QUEUED_LOG[type]} (task ${task.id}, ${run.identity.actionName})`);
		const state = {
			task_id: task.id,
			status: 'pending',
			assignee_user_id: task.assignee_user_id,
			assignment: task.assignment,
			...(type === 'sms' ? { blank_merge_fields: task.blank_merge_fields } : {}),
		};
		if (type === 'sms' && task.send_to === null && run.identity.isManual)
			watch.willReach((await run.store.contacts.get(task.contact_id))?.phone);
		if (waitTill) {
			// When the limit passes, n8n resumes by passing this node's input items through unchanged;
			// the note is written on those items so that the output says the task was not worked in time.
			item.json.manual_action = {
				...state,
				status: 'not_completed_in_time',
				wait_limit: waitTill.toISOString(),
			};
		}
		return { ...item.json, manual_action: state };
	});
	if (tasks.length > 0 && tasks.every((t) => t.status === 'completed')) {
		// A retry whose tasks were all completed for the execution it retries has nothing to wait for.
		return [
			await completedItems(
				ctx,
				run.store,
				[...tasks].sort((a, b) => a.item_index - b.item_index),
			),
		];
	}
	ctx.addExecutionHints({ message: QUEUED_LOG[type], location: 'outputPane' });
	watch.warn();
	await ctx.putExecutionToWait(waitTill ?? WAIT_INDEFINITELY);
	return [items];
}
