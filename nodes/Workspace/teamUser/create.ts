import { NodeOperationError, type IDataObject } from 'n8n-workflow';
import { show, type WorkspaceOperation } from '../types';
import { teamUserFields, toTeamUserInput } from './fields';

export const create: WorkspaceOperation = {
	properties: [
		{ displayName: 'Name', name: 'userName', type: 'string', default: '', required: true, displayOptions: show('teamUser', 'create') },
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			description: 'A user with the same email is updated instead of created',
			displayOptions: show('teamUser', 'create'),
			options: teamUserFields,
		},
	],
	async execute(ctx, i, store) {
		const name = (ctx.getNodeParameter('userName', i) as string).trim();
		if (!name) throw new NodeOperationError(ctx.getNode(), 'Name is empty', { itemIndex: i });
		const raw = ctx.getNodeParameter('additionalFields', i, {}) as IDataObject;
		const user = await store.teamUsers.upsert({ ...toTeamUserInput(raw), name, active: true });
		return user as unknown as IDataObject;
	},
};
