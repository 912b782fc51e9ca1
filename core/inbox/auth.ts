import { createHash, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import type { WorkspaceStore } from '../store';
import { toTeamUser } from '../store/teamUsers';
import type { TeamUser } from '../store/types';

const SESSION_HOURS = 12;

/** Passwords are stored as scrypt hashes with their own salt: `scrypt$<salt>$<hash>`. */
export function hashPassword(password: string): string {
	const salt = randomBytes(16).toString('base64url');
	return `scrypt$${salt}$${scryptSync(password, salt, 32).toString('base64url')}`;
}

export function verifyPassword(password: string, stored: string | null): boolean {
	const [scheme, salt, hash] = (stored ?? '').split('$');
	if (scheme !== 'scrypt' || !salt || !hash) return false;
	const expected = Buffer.from(hash, 'base64url');
	const actual = scryptSync(password, salt, expected.length);
	return timingSafeEqual(expected, actual);
}

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export interface InboxSession {
	user: TeamUser;
	csrfToken: string;
}

/** Sign-in to the Inbox with a team user's email and password; returns the session cookie's value. */
export async function signIn(store: WorkspaceStore, email: string, password: string): Promise<{ token: string; session: InboxSession } | undefined> {
	const row = await store.db.get('SELECT * FROM team_users WHERE email = ? AND active = 1', [email.trim().toLowerCase()]);
	// The hash check runs even for unknown emails, so timing does not tell which emails exist.
	const ok = verifyPassword(password, (row?.password_hash as string) ?? 'scrypt$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
	if (!row || !ok) return undefined;
	const token = randomBytes(32).toString('base64url');
	const csrfToken = randomBytes(24).toString('base64url');
	const at = new Date();
	await store.db.run('INSERT INTO inbox_sessions (token_hash, user_id, csrf_token, expires_at, created_at) VALUES (?, ?, ?, ?, ?)', [
		tokenHash(token),
		Number(row.id),
		csrfToken,
		new Date(at.getTime() + SESSION_HOURS * 3600_000).toISOString(),
		at.toISOString(),
	]);
	return { token, session: { user: toTeamUser(row), csrfToken } };
}

export async function sessionFor(store: WorkspaceStore, token: string | undefined): Promise<InboxSession | undefined> {
	if (!token) return undefined;
	const row = await store.db.get<{ user_id: number; csrf_token: string; expires_at: string }>(
		'SELECT user_id, csrf_token, expires_at FROM inbox_sessions WHERE token_hash = ?',
		[tokenHash(token)],
	);
	if (!row || row.expires_at < new Date().toISOString()) return undefined;
	const user = await store.teamUsers.get(Number(row.user_id));
	return user && user.active ? { user, csrfToken: row.csrf_token } : undefined;
}

export async function signOut(store: WorkspaceStore, token: string | undefined): Promise<void> {
	if (token) await store.db.run('DELETE FROM inbox_sessions WHERE token_hash = ?', [tokenHash(token)]);
}

export function csrfMatches(session: InboxSession, given: unknown): boolean {
	const a = Buffer.from(session.csrfToken);
	const b = Buffer.from(String(given ?? ''));
	return a.length === b.length && timingSafeEqual(a, b);
}

export async function setPassword(store: WorkspaceStore, userId: number, password: string): Promise<void> {
	await store.db.run('UPDATE team_users SET password_hash = ? WHERE id = ?', [hashPassword(password), userId]);
}

/** Admins see every task and may work any; others see their own and the unassigned ones. */
export const isAdmin = (user: TeamUser) => ['admin', 'owner'].includes(user.role.toLowerCase());
