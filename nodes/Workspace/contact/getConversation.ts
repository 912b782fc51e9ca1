import type { IDataObject } from 'n8n-workflow';
import { contactIdProperty } from './update';
import type { WorkspaceOperation } from '../types';

export const getConversation: WorkspaceOperation = {
	properties: [contactIdProperty],
	async execute(ctx, i, store) {
		return (await store.conversations.forContact(
			ctx.getNodeParameter('contactId', i) as number,
		)) as unknown as IDataObject[];
	},
};
