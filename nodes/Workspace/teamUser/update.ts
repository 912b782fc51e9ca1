import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { ActionError } from '../../../core/run/errors';
import type { TeamUser, WorkspaceStore } from '../../../core/store';
import type { WorkspaceOperation } from '../types';
import { teamUserFields, toTeamUserInput } from './fields';

export const userIdProperty: INodeProperties = {
	displayName: 'User ID',
	name: 'userId',
	type: 'number',
	default: 0,
	required: true,
};

/** The team user the User ID field names; an id nobody has is the field's error. */
export async function chosenUser(
	ctx: IExecuteFunctions,
	i: number,
	store: WorkspaceStore,
): Promise<TeamUser> {
	const id = ctx.getNodeParameter('userId', i) as number;
	const user = await store.teamUsers.get(id);
	if (!user) throw ActionError.of('User ID', `no team user has the id ${id}`);
	return user;
}

export const update: WorkspaceOperation = {
	properties: [
		userIdProperty,
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				{ displayName: 'Name', name: 'name', type: 'string', default: '' },
				...teamUserFields,
			],
		},
	],
	async execute(ctx, i, store) {
		const { id } = await chosenUser(ctx, i, store);
		const raw = ctx.getNodeParameter('updateFields', i, {}) as IDataObject;
		const user = await store.teamUsers.update(id, toTeamUserInput(raw));
		return user as unknown as IDataObject;
	},
};

export const deactivate: WorkspaceOperation = {
	properties: [userIdProperty],
	async execute(ctx, i, store) {
		const { id } = await chosenUser(ctx, i, store);
		return (await store.teamUsers.update(id, { active: false })) as unknown as IDataObject;
	},
};
