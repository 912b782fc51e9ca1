import type { IDataObject } from 'n8n-workflow';
import {
	publicTask,
	type ManualTaskStatus,
	type ManualTaskType,
} from '../../../core/store/manualTasks';
import { fieldsOf, idOf, type ManualActionsOperation } from './task';

interface Filters {
	assignee?: string;
	contact?: string;
	contactId?: unknown;
	status?: ManualTaskStatus;
	type?: ManualTaskType;
}

/** Get Many: the queue's tasks by assignee, contact, status and type; 1.1 adds Return All and Limit. */
export const getAll: ManualActionsOperation = {
	async execute(ctx, i, { store }) {
		const filters = ctx.getNodeParameter('filters', i, {}) as Filters;
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
			if (!contact) return [];
			contactId = contact.id;
		}
		let tasks = await store.manualTasks.list({
			assigneeUserId: assignee,
			contactId,
			status: filters.status,
			type: filters.type,
		});
		if (!fieldsOf(ctx).v1 && !(ctx.getNodeParameter('returnAll', i, false) as boolean))
			tasks = tasks.slice(0, ctx.getNodeParameter('limit', i, 50) as number);
		return tasks.map(publicTask) as unknown as IDataObject[];
	},
};
