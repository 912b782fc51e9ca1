import type { IDataObject } from 'n8n-workflow';
import type { WorkspaceOperation } from '../types';

export const getAll: WorkspaceOperation = {
	properties: [],
	async execute(ctx, i, store) {
		const kind = ctx.getNodeParameter('kind', i) as 'email' | 'sms';
		return (await store.templates.list(kind)) as unknown as IDataObject[];
	},
};
