import { type IDataObject, type INodeProperties } from 'n8n-workflow';
import { ActionError } from '../../../core/run/errors';
import type { WorkspaceOperation } from '../types';
import type { ConsentFlag } from '../../../core/store/consentFlags';

export const contactIdProperty: INodeProperties = {
	displayName: 'Contact ID',
	name: 'contactId',
	type: 'number',
	default: 0,
	required: true,
};

/** The contact's opt-outs: each change lands in the consent trail as this workflow's. */
const DND_FIELDS: Array<{ displayName: string; name: ConsentFlag }> = [
	{ displayName: 'DND All Channels', name: 'dnd_all' },
	{ displayName: 'DND Calls', name: 'dnd_calls' },
	{ displayName: 'DND Email', name: 'dnd_email' },
	{ displayName: 'DND SMS', name: 'dnd_sms' },
	{ displayName: 'SMS Opted Out', name: 'sms_opted_out' },
	{ displayName: 'Unsubscribed From Marketing Email', name: 'email_unsubscribed' },
];

export const update: WorkspaceOperation = {
	properties: [
		contactIdProperty,
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				{
					displayName: 'Assigned User',
					name: 'assignedUser',
					type: 'string',
					default: '',
					description: 'ID, email or name of a team user',
				},
				...DND_FIELDS.map((f) => ({ ...f, type: 'boolean' as const, default: false })),
				{
					displayName: 'Email',
					name: 'email',
					type: 'string',
					placeholder: 'name@email.com',
					default: '',
				},
				{ displayName: 'First Name', name: 'first_name', type: 'string', default: '' },
				{ displayName: 'Last Name', name: 'last_name', type: 'string', default: '' },
				{ displayName: 'Phone', name: 'phone', type: 'string', default: '' },
			],
		},
	],
	async execute(ctx, i, store) {
		const id = ctx.getNodeParameter('contactId', i) as number;
		const fields = ctx.getNodeParameter('updateFields', i, {}) as IDataObject;
		if (!(await store.contacts.get(id))) {
			throw ActionError.of('Contact ID', `no contact has the id ${id}`);
		}
		let assigned: number | undefined;
		if (typeof fields.assignedUser === 'string' && fields.assignedUser.trim()) {
			const user = await store.teamUsers.find(fields.assignedUser);
			if (!user)
				throw ActionError.of('Assigned User', `no team user matches "${fields.assignedUser}"`);
			assigned = user.id;
		}
		await store.contacts.update(id, {
			email: (fields.email as string) || undefined,
			phone: (fields.phone as string) || undefined,
			first_name: (fields.first_name as string) || undefined,
			last_name: (fields.last_name as string) || undefined,
			assigned_user_id: assigned,
		});
		const node = ctx.getNode().name;
		for (const { name: flag } of DND_FIELDS.filter((f) => f.name in fields))
			await store.consent.record({
				contactId: id,
				flag,
				optedOut: fields[flag] === true,
				source: 'workflow',
				detail: `set by the "${node}" node of workflow ${ctx.getWorkflow().id}`,
			});
		return (await store.contacts.get(id)) as unknown as IDataObject;
	},
};
