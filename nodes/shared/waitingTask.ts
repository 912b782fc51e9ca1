import type { IDataObject, IExecuteFunctions, INodeExecutionData, IWebhookDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { WAIT_INDEFINITELY } from 'n8n-workflow';
import { taskOutcome } from '../../core/manualActions/completeTask';
import { createManualTask, QUEUED_LOG, type ManualTaskInput } from '../../core/manualActions/createTask';
import type { ManualTaskType } from '../../core/store/manualTasks';
import { readContact } from './contact';
import { runPerItem } from './errors';
import { startActionRun, workspaceStore } from './workspace';

/** The restart webhook n8n routes a waiting execution's resume request to: /webhook-waiting/<execution>/<node id>. */
export const taskCompletedWebhooks: IWebhookDescription[] = [
	{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', responseData: '', path: '={{ $nodeId }}', restartWebhook: true, isFullPath: true },
];

/** The signed URL that resumes this execution at this node; kept on the task so whoever completes it can call it. */
export function resumeUrlFor(ctx: IExecuteFunctions): string {
	const base = String(ctx.evaluateExpression('{{ $execution.resumeUrl }}', 0));
	const url = new URL(base);
	url.pathname = `${url.pathname.replace(/\/+$/, '')}/${encodeURIComponent(ctx.getNode().id)}`;
	return url.toString();
}

/** On resume: each completed task of this node becomes an output item with its contact and outcome. */
export async function tasksCompletedWebhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const store = await workspaceStore(this);
	const body = this.getBodyData() as { tasks?: unknown[] };
	const ids = (body.tasks ?? []).map(Number).filter(Number.isInteger);
	const tasks = (await Promise.all(ids.map((id) => store.manualTasks.get(id)))).filter((t) => t && t.status === 'completed');
	const items = [];
	for (const task of tasks) {
		const contact = await store.contacts.get(task!.contact_id);
		items.push({ json: { contact: contact as unknown as IDataObject, manual_action: taskOutcome(task!) as unknown as IDataObject } });
	}
	return { webhookResponse: { resumed: true, tasks: ids }, workflowData: [items] };
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
	const items = await runPerItem(ctx, async (i, item) => {
		const task = await createManualTask(
			run,
			{
				type,
				contact: readContact(ctx, i),
				assignTo: (ctx.getNodeParameter('advancedSettings', i, {}) as { assignTo?: string }).assignTo ?? '',
				sms: readSms?.(i),
			},
			i,
			item.json,
			resumeUrl,
		);
		ctx.logger.info(`${QUEUED_LOG[type]} (task ${task.id}, ${run.identity.actionName})`);
		return { ...item.json, manual_action: { task_id: task.id, status: 'pending', assignee_user_id: task.assignee_user_id, assignment: task.assignment } };
	});
	ctx.addExecutionHints({ message: QUEUED_LOG[type], location: 'outputPane' });
	await ctx.putExecutionToWait(WAIT_INDEFINITELY);
	return [items];
}
