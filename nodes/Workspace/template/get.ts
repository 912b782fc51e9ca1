import { NodeOperationError, type IDataObject } from 'n8n-workflow';
import { show, type WorkspaceOperation } from '../types';

export const templateIdProperty = (operation: string) => ({
	displayName: 'Template ID',
	name: 'templateId',
	type: 'number' as const,
	default: 0,
	required: true,
	displayOptions: show('template', operation),
});

export const get: WorkspaceOperation = {
	properties: [templateIdProperty('get')],
	async execute(ctx, i, store) {
		const id = ctx.getNodeParameter('templateId', i) as number;
		const template = await store.templates.get(id);
		if (!template)
			throw new NodeOperationError(ctx.getNode(), `Template ID: no template has the id ${id}`, {
				itemIndex: i,
			});
		return template as unknown as IDataObject;
	},
};
