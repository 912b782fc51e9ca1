import type { IExecuteFunctions } from 'n8n-workflow';
import type { ResumePost } from '../../../core/run/resume';
import { ActionError } from '../../../core/run/errors';
import type { WorkspaceStore } from '../../../core/store';
import type { ManualTask } from '../../../core/store/manualTasks';
import type { TextTransport } from '../../../providers/twilio';
import type { NodeOperation } from '../../shared/execution/operations';

/** What a run of the Manual Actions node opens once and its operations share. */
export interface ManualActionsRun {
	store: WorkspaceStore;
	texts: () => Promise<TextTransport>;
	resume: ResumePost;
}

export type ManualActionsOperation = NodeOperation<ManualActionsRun>;

/**
 * Version 1 typed the task, the user who worked it and the new assignee; 1.1 picks them from the
 * workspace. The fields each version shows, by the names its user sees.
 */
export const fieldsOf = (ctx: IExecuteFunctions) =>
	ctx.getNode().typeVersion < 1.1
		? { v1: true, task: 'taskId', taskLabel: 'Task ID', assigneeLabel: 'New Assignee User ID' }
		: { v1: false, task: 'task', taskLabel: 'Task', assigneeLabel: 'New Assignee' };

/** A task or contact id: picked from a list, typed, or the plain number of version 1 workflows. */
export function idOf(value: unknown): number {
	const raw =
		value && typeof value === 'object' && 'value' in value
			? (value as { value: unknown }).value
			: value;
	const id = Number(String(raw ?? '').trim());
	return Number.isInteger(id) && id > 0 ? id : 0;
}

/** The task the item names, or an error naming the field. */
export async function readTask(
	ctx: IExecuteFunctions,
	i: number,
	{ store }: ManualActionsRun,
): Promise<ManualTask> {
	const fields = fieldsOf(ctx);
	const id = idOf(ctx.getNodeParameter(fields.task, i));
	if (!id) throw ActionError.of(fields.taskLabel, 'choose a task, or give the id of one');
	const task = await store.manualTasks.get(id);
	if (!task) throw ActionError.of(fields.taskLabel, `no manual action task has the id ${id}`);
	return task;
}
