/**
 * Inbox sign-in against the real store on SQLite and PostgreSQL: password hashes, throttling,
 * sessions ended by a password change, expired sessions purged, and set-password links.
 */
import { scryptSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
	hashPassword,
	sessionFor,
	setPassword,
	signIn,
	verifyPassword,
} from '../../core/inbox/auth';
import {
	createPasswordLink,
	passwordLinkUser,
	usePasswordLink,
} from '../../core/inbox/passwordLinks';
import { SIGN_IN_LIMITS } from '../../core/inbox/throttle';
import { migrate } from '../../core/store/migrations';
import { PostgresDatabase } from '../../core/store/postgresDatabase';
import { SqliteDatabase } from '../../core/store/sqliteDatabase';
import { WorkspaceStore } from '../../core/store/workspaceStore';
import type { SqlDatabase } from '../../core/store/database';

const { startPostgres } = require('../support/postgres');

jest.setTimeout(120_000);

let pg: {
	createDatabase: (n: string) => Promise<Record<string, unknown>>;
	stop: () => Promise<void>;
};
const dir = mkdtempSync(join(tmpdir(), 'aesthetix-inbox-auth-'));
let counter = 0;

beforeAll(async () => {
	pg = await startPostgres();
});

afterAll(async () => {
	await pg?.stop();
	rmSync(dir, { recursive: true, force: true });
});

const PASSWORD = 'Glow-Inbox-2026';
const backends = [
	{
		name: 'SQLite',
		open: async (): Promise<SqlDatabase> =>
			new SqliteDatabase(join(dir, `auth-${++counter}.sqlite`)),
	},
	{
		name: 'PostgreSQL',
		open: async (): Promise<SqlDatabase> =>
			new PostgresDatabase(await pg.createDatabase(`auth_${++counter}`)),
	},
];

describe('password hashes', () => {
	it('carry their scrypt parameters, and differ for the same password', async () => {
		const [a, b] = await Promise.all([hashPassword(PASSWORD), hashPassword(PASSWORD)]);
		expect(a).toMatch(/^scrypt\$N=32768,r=8,p=3\$[\w-]{22}\$[\w-]{43}$/);
		expect(a).not.toBe(b);
		await expect(verifyPassword(PASSWORD, a)).resolves.toBe(true);
		await expect(verifyPassword('Glow-Inbox-2027', a)).resolves.toBe(false);
	});

	it('still verify hashes in the first format (scrypt$salt$hash, Node defaults)', async () => {
		const legacy = `scrypt$c2FsdHNhbHRzYWx0$${scryptSync(PASSWORD, 'c2FsdHNhbHRzYWx0', 32).toString('base64url')}`;
		await expect(verifyPassword(PASSWORD, legacy)).resolves.toBe(true);
		await expect(verifyPassword('wrong-password', legacy)).resolves.toBe(false);
	});

	it('do not block the event loop while hashing', async () => {
		let ticks = 0;
		const timer = setInterval(() => ticks++, 5);
		await Promise.all([
			hashPassword(PASSWORD),
			verifyPassword(PASSWORD, await hashPassword(PASSWORD)),
		]);
		clearInterval(timer);
		expect(ticks).toBeGreaterThan(3);
	});

	it('refuse an over-long password without hashing it', async () => {
		const hash = await hashPassword(PASSWORD);
		const started = process.hrtime.bigint();
		await expect(verifyPassword('x'.repeat(15 * 1024 * 1024), hash)).resolves.toBe(false);
		expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(50);
	});
});

describe.each(backends)('Inbox sign-in on $name', (backend) => {
	let store: WorkspaceStore;
	let maya: number;

	beforeEach(async () => {
		const db = await backend.open();
		await migrate(db);
		store = new WorkspaceStore(db);
		maya = (await store.teamUsers.create({ name: 'Maya Lopez', email: 'maya@glowmedspa.test' })).id;
		await setPassword(store, maya, PASSWORD);
	});

	afterEach(async () => {
		await store.close();
	});

	it('moves a first-format hash to the current parameters at the next sign-in', async () => {
		const legacy = `scrypt$c2FsdHNhbHRzYWx0$${scryptSync(PASSWORD, 'c2FsdHNhbHRzYWx0', 32).toString('base64url')}`;
		await store.db.run('UPDATE team_users SET password_hash = ? WHERE id = ?', [legacy, maya]);
		expect((await signIn(store, 'maya@glowmedspa.test', PASSWORD, '10.0.0.1')).outcome).toBe(
			'signedIn',
		);
		const row = await store.db.get<{ password_hash: string }>(
			'SELECT password_hash FROM team_users WHERE id = ?',
			[maya],
		);
		expect(row!.password_hash).toMatch(/^scrypt\$N=32768,r=8,p=3\$/);
		expect((await signIn(store, 'maya@glowmedspa.test', PASSWORD, '10.0.0.1')).outcome).toBe(
			'signedIn',
		);
	});

	it('pauses an account after 10 failed attempts, even with the right password, from any address', async () => {
		for (let n = 0; n < SIGN_IN_LIMITS.account.failures; n++) {
			expect(
				(await signIn(store, 'Maya@glowmedspa.test', `wrong-${n}`, `10.0.0.${n}`)).outcome,
			).toBe('refused');
		}
		const paused = await signIn(store, 'maya@glowmedspa.test', PASSWORD, '10.0.1.1');
		expect(paused).toMatchObject({ outcome: 'throttled' });
		expect((paused as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(14 * 60);
		expect((paused as { retryAfterSeconds: number }).retryAfterSeconds).toBeLessThanOrEqual(
			15 * 60,
		);
	});

	it('counts failures per address across accounts, and a success clears only its account', async () => {
		const sam = (await store.teamUsers.create({ name: 'Sam Reyes', email: 'sam@glowmedspa.test' }))
			.id;
		await setPassword(store, sam, PASSWORD);
		for (let n = 0; n < SIGN_IN_LIMITS.account.failures - 1; n++)
			await signIn(store, 'maya@glowmedspa.test', 'wrong-password', '10.0.0.9');
		expect((await signIn(store, 'maya@glowmedspa.test', PASSWORD, '10.0.0.9')).outcome).toBe(
			'signedIn',
		);
		expect(
			(await signIn(store, 'maya@glowmedspa.test', 'wrong-password', '10.0.0.9')).outcome,
		).toBe('refused');
		// The address has 10 failures now, far below its own limit: Sam still signs in from it.
		expect((await signIn(store, 'sam@glowmedspa.test', PASSWORD, '10.0.0.9')).outcome).toBe(
			'signedIn',
		);
		await store.db.run('UPDATE inbox_throttle SET points = ? WHERE key = ?', [
			SIGN_IN_LIMITS.address.failures - 1,
			'signin:address:10.0.0.9',
		]);
		expect(
			(await signIn(store, 'nobody@glowmedspa.test', 'wrong-password', '10.0.0.9')).outcome,
		).toBe('refused');
		expect(await signIn(store, 'sam@glowmedspa.test', PASSWORD, '10.0.0.9')).toMatchObject({
			outcome: 'throttled',
		});
		expect((await signIn(store, 'sam@glowmedspa.test', PASSWORD, '10.0.0.10')).outcome).toBe(
			'signedIn',
		);
	});

	it('ends every session of a user whose password changes', async () => {
		const first = await signIn(store, 'maya@glowmedspa.test', PASSWORD, '10.0.0.1');
		const second = await signIn(store, 'maya@glowmedspa.test', PASSWORD, '10.0.0.2');
		if (first.outcome !== 'signedIn' || second.outcome !== 'signedIn')
			throw new Error('not signed in');
		expect(await sessionFor(store, first.token)).toBeDefined();
		await setPassword(store, maya, 'A-new-password-2026');
		expect(await sessionFor(store, first.token)).toBeUndefined();
		expect(await sessionFor(store, second.token)).toBeUndefined();
		expect((await signIn(store, 'maya@glowmedspa.test', PASSWORD, '10.0.0.1')).outcome).toBe(
			'refused',
		);
		expect(
			(await signIn(store, 'maya@glowmedspa.test', 'A-new-password-2026', '10.0.0.1')).outcome,
		).toBe('signedIn');
	});

	it('purges expired sessions', async () => {
		const old = await signIn(store, 'maya@glowmedspa.test', PASSWORD, '10.0.0.1');
		await store.db.run("UPDATE inbox_sessions SET expires_at = '2020-01-01T00:00:00.000Z'");
		if (old.outcome !== 'signedIn') throw new Error('not signed in');
		await signIn(store, 'maya@glowmedspa.test', PASSWORD, '10.0.0.1');
		const rows = await store.db.all<{ expires_at: string }>(
			'SELECT expires_at FROM inbox_sessions',
		);
		expect(rows).toHaveLength(1);
		expect(rows[0].expires_at > new Date().toISOString()).toBe(true);
		expect(await sessionFor(store, old.token)).toBeUndefined();
	});

	it('sets a password once through a link, ending the old sessions; a newer link replaces an older one', async () => {
		const before = await signIn(store, 'maya@glowmedspa.test', PASSWORD, '10.0.0.1');
		const older = await createPasswordLink(store, maya);
		const link = await createPasswordLink(store, maya, 1);
		expect(await passwordLinkUser(store, older.token)).toBeUndefined();
		expect(await passwordLinkUser(store, link.token)).toBe(maya);
		expect(await usePasswordLink(store, link.token, 'short')).toEqual({
			outcome: 'unusable',
			problem: 'The password must have at least 10 characters.',
		});
		const [a, b] = await Promise.all([
			usePasswordLink(store, link.token, 'Chosen-by-Maya-1'),
			usePasswordLink(store, link.token, 'Chosen-by-someone'),
		]);
		expect([a.outcome, b.outcome].sort()).toEqual(['invalid', 'set']);
		const chosen = a.outcome === 'set' ? 'Chosen-by-Maya-1' : 'Chosen-by-someone';
		if (before.outcome !== 'signedIn') throw new Error('not signed in');
		expect(await sessionFor(store, before.token)).toBeUndefined();
		expect((await signIn(store, 'maya@glowmedspa.test', chosen, '10.0.0.1')).outcome).toBe(
			'signedIn',
		);
		expect(await usePasswordLink(store, link.token, 'Another-password-1')).toEqual({
			outcome: 'invalid',
		});
	});

	it('refuses an expired link', async () => {
		const link = await createPasswordLink(store, maya);
		await store.db.run("UPDATE inbox_password_links SET expires_at = '2020-01-01T00:00:00.000Z'");
		expect(await passwordLinkUser(store, link.token)).toBeUndefined();
		expect(await usePasswordLink(store, link.token, 'Chosen-by-Maya-1')).toEqual({
			outcome: 'invalid',
		});
	});
});
