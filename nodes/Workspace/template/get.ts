import { type IDataObject, type INodeProperties } from 'n8n-workflow';
import { ActionError } from '../../../core/run/errors';
import type { WorkspaceOperation } from '../types';

export const templateIdProperty: INodeProperties = {
	displayName: 'Template ID',
	name: 'templateId',
	type: 'number',
	default: 0,
	required: true,
};

export const get: WorkspaceOperation = {
	properties: [templateIdProperty],
	async execute(ctx, i, store) {
		const id = ctx.getNodeParameter('templateId', i) as number;
		const template = await store.templates.get(id);
		if (!template) throw ActionError.of('Template ID', `no template has the id ${id}`);
		return template as unknown as IDataObject;
	},
};
