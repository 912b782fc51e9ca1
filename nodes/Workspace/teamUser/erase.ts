import type { IDataObject } from 'n8n-workflow';
import { ActionError } from '../../../core/run/errors';
import type { WorkspaceOperation } from '../types';

/** Removes a team user and what names them; their contacts and open tasks become unassigned. */
export const erase: WorkspaceOperation = {
	properties: [
		{
			displayName: 'User',
			name: 'userId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'maya@glowmedspa.com',
			description: "The team user's ID, email or name",
		},
	],
	async execute(ctx, i, store) {
		const reference = String(ctx.getNodeParameter('userId', i)).trim();
		const user = await store.teamUsers.find(reference);
		if (!user) throw new ActionError('User', `User: no team user is "${reference}"`);
		return (await store.erasure.teamUser(user.id)) as unknown as IDataObject;
	},
};
