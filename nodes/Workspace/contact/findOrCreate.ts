import { type IDataObject } from 'n8n-workflow';
import { ActionError } from '../../../core/run/errors';
import type { WorkspaceOperation } from '../types';

export const findOrCreate: WorkspaceOperation = {
	properties: [
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			placeholder: 'name@email.com',
			default: '',
		},
		{
			displayName: 'Phone',
			name: 'phone',
			type: 'string',
			default: '',
			placeholder: '+15551234567',
		},
		{
			displayName: 'First Name',
			name: 'firstName',
			type: 'string',
			default: '',
		},
		{
			displayName: 'Last Name',
			name: 'lastName',
			type: 'string',
			default: '',
		},
		{
			displayName: 'Assigned User',
			name: 'assignedUser',
			type: 'string',
			default: '',
			description: 'ID, email or name of the team user the contact is assigned to',
		},
	],
	async execute(ctx, i, store) {
		const param = (name: string) => (ctx.getNodeParameter(name, i, '') as string).trim() || null;
		const reference = param('assignedUser');
		let assigned: number | undefined;
		if (reference) {
			const user = await store.teamUsers.find(reference);
			if (!user) throw ActionError.of('Assigned User', `no team user matches "${reference}"`);
			assigned = user.id;
		}
		if (!param('email') && !param('phone')) {
			throw new ActionError('Email', 'A contact needs an Email or a Phone');
		}
		const contact = await store.contacts.findOrCreate({
			email: param('email'),
			phone: param('phone'),
			first_name: param('firstName'),
			last_name: param('lastName'),
		});
		const result =
			assigned !== undefined
				? await store.contacts.update(contact.id, { assigned_user_id: assigned })
				: contact;
		return result as unknown as IDataObject;
	},
};
