import type { INodeProperties } from 'n8n-workflow';
import type { WorkspaceOperation } from '../types';
import { operationProperties } from '../../shared/descriptions/operations';
import { activate } from './activate';
import { create } from './create';
import { erase } from './erase';
import { getAll } from './getAll';
import { importUsers } from './importUsers';
import { passwordLink } from './passwordLink';
import { deactivate, update } from './update';

export const teamUserOperations: Record<string, WorkspaceOperation> = {
	create,
	update,
	getAll,
	deactivate,
	delete: erase,
	import: importUsers,
	passwordLink,
	activate,
};

export const teamUserProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['teamUser'] } },
		default: 'create',
		options: [
			{
				name: 'Activate',
				value: 'activate',
				action: 'Activate a team user',
				description:
					'Give an inactive user (one a snapshot created) their sign-in email, and get their set-password link',
			},
			{
				name: 'Create or Update',
				value: 'create',
				action: 'Create or update a team user',
				description: 'Add a team user, or update the one with the same email',
			},
			{
				name: 'Create Set-Password Link',
				value: 'passwordLink',
				action: 'Create a set password link for a team user',
				description: 'A single-use, expiring link with which the user chooses their Inbox password',
			},
			{
				name: 'Deactivate',
				value: 'deactivate',
				action: 'Deactivate a team user',
				description: 'Stop notifying and assigning the user',
			},
			{
				name: 'Delete',
				value: 'delete',
				action: 'Delete a team user',
				description:
					'Erase the user, their sign-in and notifications; their contacts and open tasks become unassigned',
			},
			{ name: 'Get Many', value: 'getAll', action: 'Get many team users' },
			{
				name: 'Import',
				value: 'import',
				action: 'Import a list of team users',
				description: 'Create or update many users in one run',
			},
			{ name: 'Update', value: 'update', action: 'Update a team user' },
		],
	},
	...operationProperties('teamUser', teamUserOperations),
];
