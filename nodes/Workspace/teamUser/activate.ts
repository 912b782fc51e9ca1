import type { IDataObject } from 'n8n-workflow';
import { normalizeEmail } from '../../../core/contacts/normalize';
import { PASSWORD_LINK_HOURS } from '../../../core/inbox/passwordLinks';
import { ActionError } from '../../../core/run/errors';
import type { WorkspaceOperation } from '../types';
import { inboxLink } from './passwordLink';
import { chosenUser, userIdProperty } from './update';

/**
 * Activates a team user, such as one a snapshot created inactive: the owner gives the address the
 * user signs in with, and gets the user's set-password link to hand over.
 */
export const activate: WorkspaceOperation = {
	properties: [
		userIdProperty,
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			placeholder: 'name@email.com',
			default: '',
			required: true,
			description: 'The address the user signs in to the Inbox with',
		},
		{
			displayName: 'Phone',
			name: 'phone',
			type: 'string',
			default: '',
			placeholder: '+15551234567',
			description: 'Empty keeps the phone the user has',
		},
	],
	async execute(ctx, i, store) {
		const { id } = await chosenUser(ctx, i, store);
		const email = normalizeEmail(ctx.getNodeParameter('email', i, '') as string);
		if (!email || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
			throw ActionError.of('Email', 'give the address the user signs in with');
		const holder = await store.teamUsers.findByEmail(email);
		if (holder && holder.id !== id)
			throw ActionError.of('Email', `${email} is already ${holder.name}'s (user ${holder.id})`);
		// The link needs the Inbox's address: find it before changing anything.
		const link = await inboxLink(ctx, store);
		const phone = String(ctx.getNodeParameter('phone', i, '') ?? '').trim();
		const active = await store.teamUsers.update(id, {
			email,
			...(phone ? { phone } : {}),
			active: true,
		});
		return {
			...active,
			...(await link.forUser(active.id, PASSWORD_LINK_HOURS.default)),
		} as unknown as IDataObject;
	},
};
