import { type IDataObject } from 'n8n-workflow';
import { ActionError } from '../../../core/run/errors';
import { type WorkspaceOperation } from '../types';
import { teamUserFields, toTeamUserInput } from './fields';

const V1 = { '@version': [1] };
const FROM_1_1 = { '@version': [{ _cnd: { gte: 1.1 } }] };

/**
 * Email decides between creating and updating, so from version 1.1 it is a required field of its
 * own; version 1 workflows keep it among Additional Fields.
 */
export const create: WorkspaceOperation = {
	properties: [
		{
			displayName: 'Name',
			name: 'userName',
			type: 'string',
			default: '',
			required: true,
		},
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			placeholder: 'name@email.com',
			default: '',
			required: true,
			description: 'A user with this email is updated; otherwise the user is created',
			displayOptions: { show: FROM_1_1 },
		},
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			displayOptions: { show: FROM_1_1 },
			options: teamUserFields.filter((field) => field.name !== 'email'),
		},
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			description: 'A user with the same email is updated instead of created',
			displayOptions: { show: V1 },
			options: teamUserFields,
		},
	],
	async execute(ctx, i, store) {
		const name = (ctx.getNodeParameter('userName', i) as string).trim();
		if (!name) throw new ActionError('Name', 'Name is empty');
		const raw = ctx.getNodeParameter('additionalFields', i, {}) as IDataObject;
		if (ctx.getNode().typeVersion >= 1.1) {
			const email = String(ctx.getNodeParameter('email', i, '') ?? '').trim();
			if (!email)
				throw ActionError.of(
					'Email is empty',
					"it finds the user to update, or becomes the new user's email",
				);
			raw.email = email;
		}
		const user = await store.teamUsers.upsert({ ...toTeamUserInput(raw), name, active: true });
		return user as unknown as IDataObject;
	},
};
