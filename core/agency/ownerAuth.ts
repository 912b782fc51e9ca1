import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { SESSION_HOURS, tokenHash } from '../inbox/auth';
import { MAX_PASSWORD_LENGTH, passwordKey, passwordProblem } from '../inbox/passwords';
import { SignInThrottle } from '../inbox/throttle';
import { now } from '../store/rows';
import type { AgencyStore } from './agencyStore';

/** The agency owner as the Agency credential names them: nobody's team user in any clinic. */
export interface AgencyOwner {
	email: string;
	password: string;
}

export interface OwnerSession {
	csrfToken: string;
}

export type OwnerSignIn =
	| { outcome: 'signedIn'; token: string }
	| { outcome: 'refused' }
	| { outcome: 'throttled'; retryAfterSeconds: number };

/** Why the credential's owner cannot sign in at all, or undefined. */
export function ownerProblem(owner: AgencyOwner): string | undefined {
	if (!/^[^\s@]+@[^\s@]+$/.test(owner.email.trim()))
		return `Owner Email "${owner.email}" is not an email address`;
	const problem = passwordProblem(owner.password);
	return problem ? `Owner Password ${problem}` : undefined;
}

const digest = (text: string) => createHash('sha256').update(text).digest();

const tags = new Map<string, Promise<string>>();

/**
 * What a session remembers of the owner it was made for: a slow hash of their email and password
 * salted with the agency's secret, so a changed password (or email) ends every session, and the
 * table tells nothing a stolen copy could test passwords against quickly. Made once per process.
 */
function ownerTag(agency: AgencyStore, owner: AgencyOwner): Promise<string> {
	const key = digest(`${owner.email.trim().toLowerCase()}\n${owner.password}`).toString('hex');
	let tag = tags.get(key);
	if (!tag) {
		tag = (async () =>
			(
				await passwordKey(
					`${owner.email.trim().toLowerCase()}\n${owner.password}`,
					await agency.settings.secret(),
				)
			).toString('base64url'))();
		tags.set(key, tag);
		tag.catch(() => tags.delete(key));
	}
	return tag;
}

/** Both compared whole and in constant time, so timing tells neither which part was wrong. */
function matches(owner: AgencyOwner, email: string, password: string): boolean {
	const given = digest(`${email.trim().toLowerCase()}\n${password}`);
	const expected = digest(`${owner.email.trim().toLowerCase()}\n${owner.password}`);
	return timingSafeEqual(given, expected);
}

/**
 * Sign-in to the agency view. Failures are counted per account and per address in the agency's
 * own schema, as the Inbox counts them, so every n8n process sees the same attempts.
 */
export async function signInOwner(
	agency: AgencyStore,
	owner: AgencyOwner,
	email: string,
	password: string,
	address: string,
): Promise<OwnerSignIn> {
	const account = email.trim().toLowerCase();
	const throttle = new SignInThrottle(agency.db);
	const wait = await throttle.waitMs(account, address);
	if (wait > 0) return { outcome: 'throttled', retryAfterSeconds: Math.ceil(wait / 1000) };
	if (
		ownerProblem(owner) !== undefined ||
		password.length > MAX_PASSWORD_LENGTH ||
		!matches(owner, email, password)
	) {
		await throttle.failed(account, address);
		return { outcome: 'refused' };
	}
	await throttle.succeeded(account);
	await agency.db.run('DELETE FROM agency_sessions WHERE expires_at <= ?', [now()]);
	await throttle.purgeExpired();
	const token = randomBytes(32).toString('base64url');
	const at = new Date();
	await agency.db.run(
		'INSERT INTO agency_sessions (token_hash, owner_tag, csrf_token, expires_at, created_at) VALUES (?, ?, ?, ?, ?)',
		[
			tokenHash(token),
			await ownerTag(agency, owner),
			randomBytes(24).toString('base64url'),
			new Date(at.getTime() + SESSION_HOURS * 3600_000).toISOString(),
			at.toISOString(),
		],
	);
	return { outcome: 'signedIn', token };
}

/** The owner's session the cookie names, while it lasts and the credential's owner is the same. */
export async function ownerSession(
	agency: AgencyStore,
	owner: AgencyOwner,
	token: string | undefined,
): Promise<OwnerSession | undefined> {
	if (!token || ownerProblem(owner) !== undefined) return undefined;
	const row = await agency.db.get<{ owner_tag: string; csrf_token: string; expires_at: string }>(
		'SELECT owner_tag, csrf_token, expires_at FROM agency_sessions WHERE token_hash = ?',
		[tokenHash(token)],
	);
	if (!row || row.expires_at <= now()) return undefined;
	const tag = await ownerTag(agency, owner);
	const same =
		tag.length === row.owner_tag.length &&
		timingSafeEqual(Buffer.from(tag), Buffer.from(row.owner_tag));
	return same ? { csrfToken: row.csrf_token } : undefined;
}

export async function signOutOwner(agency: AgencyStore, token: string | undefined): Promise<void> {
	if (token)
		await agency.db.run('DELETE FROM agency_sessions WHERE token_hash = ?', [tokenHash(token)]);
}
