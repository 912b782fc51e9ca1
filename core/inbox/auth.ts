import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { WorkspaceStore } from '../store';
import { toTeamUser } from '../store/teamUsers';
import type { TeamUser } from '../store/types';
import {
	DECOY_HASH,
	hashPassword,
	MAX_PASSWORD_LENGTH,
	needsRehash,
	passwordProblem,
	verifyPassword,
} from './passwords';
import { SignInThrottle } from './throttle';

export { hashPassword, verifyPassword } from './passwords';

export const SESSION_HOURS = 12;

export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export interface InboxSession {
	user: TeamUser;
	csrfToken: string;
}

export type SignInResult =
	| { outcome: 'signedIn'; token: string; session: InboxSession }
	| { outcome: 'refused' }
	| { outcome: 'throttled'; retryAfterSeconds: number };

/**
 * Sign-in to the Inbox with a team user's email and password, from a network address. Failures are
 * counted per account and per address; past the limit, attempts are refused unchecked for a while.
 */
export async function signIn(
	store: WorkspaceStore,
	email: string,
	password: string,
	address: string,
): Promise<SignInResult> {
	const account = email.trim().toLowerCase();
	const throttle = new SignInThrottle(store.db);
	const wait = await throttle.waitMs(account, address);
	if (wait > 0) return { outcome: 'throttled', retryAfterSeconds: Math.ceil(wait / 1000) };
	const row = await store.db.get('SELECT * FROM team_users WHERE email = ? AND active = 1', [
		account,
	]);
	// The hash check runs even for unknown emails, so timing does not tell which emails exist.
	const ok =
		password.length <= MAX_PASSWORD_LENGTH &&
		(await verifyPassword(password, (row?.password_hash as string) ?? DECOY_HASH));
	if (!row || !ok) {
		await throttle.failed(account, address);
		return { outcome: 'refused' };
	}
	await throttle.succeeded(account);
	await purgeExpired(store, throttle);
	const userId = Number(row.id);
	if (needsRehash(String(row.password_hash))) {
		// The password is at hand only now: an older hash moves to the current cost.
		await store.db.run(
			'UPDATE team_users SET password_hash = ? WHERE id = ? AND password_hash = ?',
			[await hashPassword(password), userId, String(row.password_hash)],
		);
	}
	const token = randomBytes(32).toString('base64url');
	const csrfToken = randomBytes(24).toString('base64url');
	const at = new Date();
	await store.db.run(
		'INSERT INTO inbox_sessions (token_hash, user_id, csrf_token, expires_at, created_at) VALUES (?, ?, ?, ?, ?)',
		[
			tokenHash(token),
			userId,
			csrfToken,
			new Date(at.getTime() + SESSION_HOURS * 3600_000).toISOString(),
			at.toISOString(),
		],
	);
	return { outcome: 'signedIn', token, session: { user: toTeamUser(row), csrfToken } };
}

/** Sessions, set-password links and sign-in counters that have run out are removed, not kept forever. */
async function purgeExpired(store: WorkspaceStore, throttle: SignInThrottle): Promise<void> {
	const now = new Date().toISOString();
	await store.db.run('DELETE FROM inbox_sessions WHERE expires_at <= ?', [now]);
	await store.db.run(
		'DELETE FROM inbox_password_links WHERE expires_at <= ? OR used_at IS NOT NULL',
		[now],
	);
	await throttle.purgeExpired();
}

export async function sessionFor(
	store: WorkspaceStore,
	token: string | undefined,
): Promise<InboxSession | undefined> {
	if (!token) return undefined;
	const row = await store.db.get<{ user_id: number; csrf_token: string; expires_at: string }>(
		'SELECT user_id, csrf_token, expires_at FROM inbox_sessions WHERE token_hash = ?',
		[tokenHash(token)],
	);
	if (!row) return undefined;
	if (row.expires_at <= new Date().toISOString()) {
		await store.db.run('DELETE FROM inbox_sessions WHERE token_hash = ?', [tokenHash(token)]);
		return undefined;
	}
	const user = await store.teamUsers.get(Number(row.user_id));
	return user && user.active ? { user, csrfToken: row.csrf_token } : undefined;
}

export async function signOut(store: WorkspaceStore, token: string | undefined): Promise<void> {
	if (token)
		await store.db.run('DELETE FROM inbox_sessions WHERE token_hash = ?', [tokenHash(token)]);
}

function sameText(expected: string, given: unknown): boolean {
	const a = Buffer.from(expected);
	const b = Buffer.from(String(given ?? ''));
	return a.length === b.length && timingSafeEqual(a, b);
}

export function csrfMatches(session: Pick<InboxSession, 'csrfToken'>, given: unknown): boolean {
	return sameText(session.csrfToken, given);
}

/** A store with a signing secret: a workspace's, or the agency view's. */
type SecretHolder = Pick<WorkspaceStore, 'settings'>;

/**
 * Forms shown before anyone is signed in (sign-in, set password) carry a token derived from a random
 * cookie and the workspace secret: another site can neither read the cookie nor compute the token.
 */
export async function formToken(store: SecretHolder, nonce: string): Promise<string> {
	return createHmac('sha256', await store.settings.secret())
		.update(`inbox-form:${nonce}`)
		.digest('base64url');
}

export async function formTokenMatches(
	store: SecretHolder,
	nonce: string | undefined,
	given: unknown,
): Promise<boolean> {
	return !!nonce && sameText(await formToken(store, nonce), given);
}

/**
 * Sets a team user's Inbox password and ends every session they had: whoever knew the old one is
 * signed out everywhere.
 */
export async function setPassword(
	store: WorkspaceStore,
	userId: number,
	password: string,
): Promise<void> {
	const problem = passwordProblem(password);
	if (problem) throw new Error(`The password ${problem}`);
	const hash = await hashPassword(password);
	await store.db.transaction(async (db) => {
		await db.run('UPDATE team_users SET password_hash = ? WHERE id = ?', [hash, userId]);
		await db.run('DELETE FROM inbox_sessions WHERE user_id = ?', [userId]);
	});
}

/** Admins see every task and may work any; others see their own and the unassigned ones. */
export const isAdmin = (user: TeamUser) => ['admin', 'owner'].includes(user.role.toLowerCase());
