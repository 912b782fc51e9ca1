import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { completeManualTask } from '../../../core/manualActions/completeTask';
import { ActionError } from '../../../core/run/errors';
import { publicTask, type ManualTaskType } from '../../../core/store/manualTasks';
import { fieldsOf, readTask, type ManualActionsOperation, type ManualActionsRun } from './task';

/** Version 1 records Completed By as typed; later versions pick a team user and record their name. */
async function completedBy(ctx: IExecuteFunctions, i: number, { store }: ManualActionsRun) {
	const value = ctx.getNodeParameter('completedBy', i) as string | number;
	if (fieldsOf(ctx).v1) return String(value);
	const user = String(value ?? '').trim() ? await store.teamUsers.find(value) : undefined;
	if (!user)
		throw ActionError.of(
			'Completed By',
			`no team user is "${value}" (choose one from the list, or give an id, an email or a name)`,
		);
	return user.name;
}

/** Completes the task (Delete marks it complete without sending), and resumes its workflow. */
async function finish(ctx: IExecuteFunctions, i: number, run: ManualActionsRun, deleting: boolean) {
	const task = await readTask(ctx, i, run);
	const { v1 } = fieldsOf(ctx);
	if (!deleting && !v1) {
		const taskType = ctx.getNodeParameter('taskType', i) as ManualTaskType;
		if (task.type !== taskType) {
			const [kind, choice] = task.type === 'sms' ? ['an SMS', 'SMS'] : ['a call', 'Call'];
			throw ActionError.of('Task Type', `task ${task.id} is ${kind} task; choose ${choice}`);
		}
	}
	const done = await completeManualTask(
		run.store,
		task.id,
		{
			completedBy: await completedBy(ctx, i, run),
			message:
				deleting || task.type !== 'sms'
					? undefined
					: (ctx.getNodeParameter('message', i, '') as string),
			outcome:
				deleting || task.type !== 'call'
					? undefined
					: (ctx.getNodeParameter('outcome', i) as string),
			notes:
				deleting || (!v1 && task.type !== 'call')
					? undefined
					: (ctx.getNodeParameter('notes', i, '') as string),
			skipSending: deleting,
		},
		{
			texts: task.type === 'sms' && !deleting ? await run.texts() : undefined,
			resume: run.resume,
		},
	);
	return {
		...(publicTask(done.task) as unknown as IDataObject),
		completed_now: done.completedNow,
		workflow_resumed: done.resumed,
		workflow: done.workflow,
		note: done.note ?? null,
	};
}

export const complete: ManualActionsOperation = {
	execute: async (ctx, i, run) => await finish(ctx, i, run, false),
};

/** The spec's Delete: the task is marked complete and its workflow goes on. */
export const remove: ManualActionsOperation = {
	execute: async (ctx, i, run) => await finish(ctx, i, run, true),
};
