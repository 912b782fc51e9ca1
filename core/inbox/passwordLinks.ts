import { randomBytes } from 'node:crypto';
import type { WorkspaceStore } from '../store';
import { hashPassword, passwordProblem } from './passwords';
import { tokenHash } from './auth';

export const PASSWORD_LINK_HOURS = { default: 72, max: 30 * 24 };

/**
 * A set-password link for a team user: the workspace owner hands it over, the user chooses their
 * own password. Only its hash is stored; it works once, until it expires, and a newer link for the
 * same user replaces it.
 */
export async function createPasswordLink(
	store: WorkspaceStore,
	userId: number,
	hours = PASSWORD_LINK_HOURS.default,
): Promise<{ token: string; expiresAt: string }> {
	const token = randomBytes(32).toString('base64url');
	const at = new Date();
	const expiresAt = new Date(at.getTime() + hours * 3600_000).toISOString();
	await store.db.transaction(async (db) => {
		await db.run('DELETE FROM inbox_password_links WHERE user_id = ?', [userId]);
		await db.run(
			'INSERT INTO inbox_password_links (token_hash, user_id, expires_at, created_at) VALUES (?, ?, ?, ?)',
			[tokenHash(token), userId, expiresAt, at.toISOString()],
		);
	});
	return { token, expiresAt };
}

/** The user a link is for, while it is unused and unexpired. */
export async function passwordLinkUser(
	store: WorkspaceStore,
	token: string,
): Promise<number | undefined> {
	if (!token) return undefined;
	const row = await store.db.get<{ user_id: unknown }>(
		`SELECT l.user_id FROM inbox_password_links l JOIN team_users u ON u.id = l.user_id
		 WHERE l.token_hash = ? AND l.used_at IS NULL AND l.expires_at > ? AND u.active = 1`,
		[tokenHash(token), new Date().toISOString()],
	);
	return row ? Number(row.user_id) : undefined;
}

export type PasswordLinkResult =
	| { outcome: 'set'; userId: number }
	| { outcome: 'invalid' }
	| { outcome: 'unusable'; problem: string };

/** Uses the link: the password is set and the user's sessions end, or nothing changes. */
export async function usePasswordLink(
	store: WorkspaceStore,
	token: string,
	password: string,
): Promise<PasswordLinkResult> {
	const problem = passwordProblem(password);
	if (problem) return { outcome: 'unusable', problem: `The password ${problem}.` };
	const userId = await passwordLinkUser(store, token);
	if (userId === undefined) return { outcome: 'invalid' };
	const hash = await hashPassword(password);
	return store.db.transaction(async (db) => {
		// The link is claimed in the same statement that checks it, so two uses at once set one password.
		const claimed = await db.run(
			'UPDATE inbox_password_links SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?',
			[new Date().toISOString(), tokenHash(token), new Date().toISOString()],
		);
		if (claimed.changes !== 1) return { outcome: 'invalid' } as const;
		await db.run('UPDATE team_users SET password_hash = ? WHERE id = ?', [hash, userId]);
		await db.run('DELETE FROM inbox_sessions WHERE user_id = ?', [userId]);
		return { outcome: 'set', userId } as const;
	});
}
