import type { IDataObject } from 'n8n-workflow';
import { ActionError } from '../../../core/run/errors';
import { publicTask } from '../../../core/store/manualTasks';
import { fieldsOf, readTask, type ManualActionsOperation } from './task';

/** Reassign: to a team user, or Unassigned. */
export const reassign: ManualActionsOperation = {
	async execute(ctx, i, run) {
		const task = await readTask(ctx, i, run);
		const { v1, assigneeLabel } = fieldsOf(ctx);
		const chosen = ctx.getNodeParameter('assignee', i) as number | string;
		const userId = chosen === 'unassigned' ? 0 : Number(chosen);
		if (!v1 && String(chosen ?? '').trim() === '')
			throw ActionError.of(assigneeLabel, 'choose a team user, or Unassigned');
		if (!Number.isInteger(userId) || (userId && !(await run.store.teamUsers.get(userId))))
			throw ActionError.of(assigneeLabel, `no team user has the id ${chosen}`);
		return publicTask(
			(await run.store.manualTasks.reassign(task.id, userId || null))!,
		) as unknown as IDataObject;
	},
};
