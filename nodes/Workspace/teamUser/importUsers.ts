import { type IDataObject } from 'n8n-workflow';
import { ActionError } from '../../../core/run/errors';
import { TeamUsers } from '../../../core/store/teamUsers';
import type { WorkspaceOperation } from '../types';
import { toTeamUserInput } from './fields';

/** Imports a whole list in one run, in one transaction: all of it lands, or none of it. */
export const importUsers: WorkspaceOperation = {
	properties: [
		{
			displayName: 'Users',
			name: 'users',
			type: 'json',
			default: '={{ $json.users }}',
			required: true,
			description:
				'A list of users: objects with name, email, phone, whatsapp, role, team, contact_access, dnd. Users whose email is already in the directory are updated.',
		},
	],
	async execute(ctx, i, store) {
		let users = ctx.getNodeParameter('users', i) as unknown;
		if (typeof users === 'string') users = JSON.parse(users);
		if (!Array.isArray(users))
			throw new ActionError('Users', 'Users must be a list of user objects');
		users.forEach((user, n) => {
			if (!user || typeof user !== 'object' || !String((user as IDataObject).name ?? '').trim()) {
				throw ActionError.of('Users', `entry ${n + 1} has no name`);
			}
			if ('password' in user) {
				// A password in a list lands in execution data in plain text, where n8n keeps it.
				throw ActionError.of(
					'Users',
					`entry ${n + 1} has a password, and imported lists carry none`,
					'Remove the passwords from the list. Then give each user a link from Team User → Create Set-Password Link, with which they choose their own.',
				);
			}
		});
		return store.db.transaction(async (db) => {
			const directory = new TeamUsers(db);
			const saved = [];
			for (const entry of users as IDataObject[]) {
				saved.push(
					await directory.upsert({ ...toTeamUserInput(entry), name: String(entry.name).trim() }),
				);
			}
			return saved as unknown as IDataObject[];
		});
	},
};
