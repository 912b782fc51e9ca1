import { NodeOperationError, type IDataObject } from 'n8n-workflow';
import { hashPassword } from '../../../core/inbox/auth';
import { TeamUsers } from '../../../core/store/teamUsers';
import { show, type WorkspaceOperation } from '../types';
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
			displayOptions: show('teamUser', 'import'),
		},
	],
	async execute(ctx, i, store) {
		let users = ctx.getNodeParameter('users', i) as unknown;
		if (typeof users === 'string') users = JSON.parse(users);
		if (!Array.isArray(users)) throw new NodeOperationError(ctx.getNode(), 'Users must be a list of user objects', { itemIndex: i });
		users.forEach((user, n) => {
			if (!user || typeof user !== 'object' || !String((user as IDataObject).name ?? '').trim()) {
				throw new NodeOperationError(ctx.getNode(), `Users: entry ${n + 1} has no name`, { itemIndex: i });
			}
		});
		return store.db.transaction(async (db) => {
			const directory = new TeamUsers(db);
			const saved = [];
			for (const entry of users as IDataObject[]) {
				const user = await directory.upsert({ ...toTeamUserInput(entry), name: String(entry.name).trim() });
				if (typeof entry.password === 'string' && entry.password) {
					if (entry.password.length < 10) {
						throw new NodeOperationError(ctx.getNode(), `Users: ${user.name}'s Inbox password has fewer than 10 characters`, { itemIndex: i });
					}
					await db.run('UPDATE team_users SET password_hash = ? WHERE id = ?', [hashPassword(entry.password), user.id]);
				}
				saved.push(user);
			}
			return saved as unknown as IDataObject[];
		});
	},
};
