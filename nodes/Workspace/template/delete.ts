import { templateIdProperty } from './get';
import type { WorkspaceOperation } from '../types';

export const remove: WorkspaceOperation = {
	properties: [templateIdProperty],
	async execute(ctx, i, store) {
		const id = ctx.getNodeParameter('templateId', i) as number;
		return { id, deleted: await store.templates.delete(id) };
	},
};
