import type { IDataObject } from 'n8n-workflow';
import type { WorkspaceOperation } from '../types';

export const getAll: WorkspaceOperation = {
	properties: [
		{
			displayName: 'Include Deactivated Users',
			name: 'includeInactive',
			type: 'boolean',
			default: false,
		},
	],
	async execute(ctx, i, store) {
		return (await store.teamUsers.list({
			includeInactive: ctx.getNodeParameter('includeInactive', i) as boolean,
		})) as unknown as IDataObject[];
	},
};
