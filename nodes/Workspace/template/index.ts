import type { INodeProperties } from 'n8n-workflow';
import type { WorkspaceOperation } from '../types';
import { operationProperties } from '../../shared/descriptions/operations';
import { remove } from './delete';
import { get } from './get';
import { getAll } from './getAll';
import { save } from './save';

export const templateOperations: Record<string, WorkspaceOperation> = {
	save,
	get,
	getAll,
	delete: remove,
};

export const templateProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['template'] } },
		default: 'save',
		options: [
			{
				name: 'Create or Update',
				value: 'save',
				action: 'Create or update a template',
				description: 'Save a template by name',
			},
			{ name: 'Delete', value: 'delete', action: 'Delete a template' },
			{ name: 'Get', value: 'get', action: 'Get a template' },
			{ name: 'Get Many', value: 'getAll', action: 'Get many templates' },
		],
	},
	...operationProperties('template', templateOperations),
];
