/**
 * Many workspaces in one PostgreSQL database, one schema each, on the pool their process shares:
 * each workspace reads and writes only its own schema, the connections stay within the pool's bound
 * however many workspaces there are, a connection carries no workspace's search path to its next
 * user, and a workspace without a schema keeps the whole database as before.
 */
import { Client } from 'pg';
import { closeAllStores, openStore, type StoreConfig } from '../../core/store';
import { migrate, MIGRATIONS } from '../../core/store/migrations';
import { PostgresDatabase } from '../../core/store/postgresDatabase';
import { sharedPoolStats } from '../../core/store/postgresPools';
import { STORE_TABLES } from '../../core/store/qualifiedSql';
import { schemaNameProblem } from '../../core/store/schemaName';
import type { WorkspaceStore } from '../../core/store/workspaceStore';
import { storeConfig } from '../../nodes/shared/transport/workspace';

const { startPostgres } = require('../support/postgres');

jest.setTimeout(120_000);

let pg: {
	config: { host: string; port: number; user: string; password: string };
	createDatabase: (n: string) => Promise<Record<string, unknown>>;
	stop: () => Promise<void>;
};
let counter = 0;
const POOL_SIZE = 4;

beforeAll(async () => {
	process.env.AESTHETIX_PG_POOL_SIZE = String(POOL_SIZE);
	// A cluster of its own, counting statements (pg_stat_statements) for the search-path test.
	pg = await startPostgres({ settings: ['shared_preload_libraries=pg_stat_statements'] });
});

afterEach(async () => {
	await closeAllStores();
});

afterAll(async () => {
	delete process.env.AESTHETIX_PG_POOL_SIZE;
	await pg?.stop();
});

async function database(): Promise<string> {
	// The run's shared cluster names each suite's databases apart.
	const created = await pg.createDatabase(`agency_${++counter}`);
	return created.database as string;
}

const config = (db: string, schema?: string): StoreConfig => ({
	kind: 'postgres',
	host: pg.config.host,
	port: pg.config.port,
	database: db,
	user: pg.config.user,
	password: pg.config.password || undefined,
	sslMode: 'disable',
	...(schema ? { schema } : {}),
});

/** A connection of its own, outside the package, to look at what is really in the database. */
async function inspect<T>(db: string, work: (client: Client) => Promise<T>): Promise<T> {
	const client = new Client({ ...pg.config, database: db });
	await client.connect();
	try {
		return await work(client);
	} finally {
		await client.end();
	}
}

const count = async (db: string, table: string) =>
	inspect(db, async (c) => Number((await c.query(`SELECT COUNT(*) AS n FROM ${table}`)).rows[0].n));

describe('workspaces in schemas of one PostgreSQL database', () => {
	it('keeps each workspace in its own schema: the same phone is a contact in each, an opt-out in one stays there', async () => {
		const db = await database();
		const a = await openStore(config(db, 'clinic_a'));
		const b = await openStore(config(db, 'clinic_b'));
		const phone = '+15550104242';
		const inA = await a.contacts.findOrCreate({ first_name: 'Ana', phone });
		const inB = await b.contacts.findOrCreate({ first_name: 'Ana', phone });
		await a.consent.record({
			contactId: inA.id,
			flag: 'sms_opted_out',
			optedOut: true,
			source: 'text_reply',
			detail: 'replied STOP',
		});
		await a.teamUsers.create({ name: 'Maya Lopez', email: 'maya@clinic-a.test' });
		await a.templates.save('sms', 'Reminder', 'See you soon');

		expect((await a.contacts.findByEmailOrPhone(null, phone))?.sms_opted_out).toBe(true);
		expect((await b.contacts.findByEmailOrPhone(null, phone))?.sms_opted_out).toBe(false);
		expect(inB.id).toBe(1);
		expect(await b.teamUsers.list()).toEqual([]);
		expect(await b.templates.list('sms')).toEqual([]);
		expect(await a.templates.list('sms')).toHaveLength(1);
		// What is on disk: each schema has its own tables; the public schema has none.
		expect(await count(db, 'clinic_a.contacts')).toBe(1);
		expect(await count(db, 'clinic_b.contacts')).toBe(1);
		expect(await count(db, 'clinic_a.team_users')).toBe(1);
		expect(await count(db, 'clinic_b.team_users')).toBe(0);
		await expect(
			inspect(db, (c) => c.query("SELECT to_regclass('public.contacts') AS t")),
		).resolves.toMatchObject({ rows: [{ t: null }] });
	});

	it('leaves a workspace without a schema where it always was, beside workspaces in schemas', async () => {
		const db = await database();
		const legacy = await openStore(config(db));
		const clinic = await openStore(config(db, 'clinic_c'));
		await legacy.teamUsers.create({ name: 'Ivy Chen', email: 'ivy@glow.test' });
		await clinic.teamUsers.create({ name: 'Sam Reyes', email: 'sam@clinic-c.test' });
		expect((await legacy.teamUsers.list()).map((u) => u.name)).toEqual(['Ivy Chen']);
		expect((await clinic.teamUsers.list()).map((u) => u.name)).toEqual(['Sam Reyes']);
		expect(await count(db, 'public.team_users')).toBe(1);
		expect(await count(db, 'clinic_c.team_users')).toBe(1);
	});

	it('holds one pool per server, database and user: fifty busy workspaces never open more than its size', async () => {
		const db = await database();
		const stores = await Promise.all(
			Array.from({ length: 50 }, (_, n) =>
				openStore(config(db, `clinic_${String(n).padStart(2, '0')}`)),
			),
		);
		let peak = 0;
		let sampling = true;
		const sampler = inspect(db, async (c) => {
			while (sampling) {
				// The package's connections only: a connection of the database's set-up may still be
				// leaving on a busy machine.
				const { rows } = await c.query(
					"SELECT COUNT(*) AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = 'n8n-nodes-aesthetix'",
					[db],
				);
				peak = Math.max(peak, Number(rows[0].n));
				await new Promise((r) => setTimeout(r, 5));
			}
		});
		try {
			// Every workspace at once: transactions that wait inside themselves, and single statements.
			await Promise.all(
				stores.flatMap((store, n) => [
					store.db.transaction(async (tx) => {
						await tx.run('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)', [
							'clinic',
							JSON.stringify(n),
							new Date().toISOString(),
						]);
						await new Promise((r) => setTimeout(r, 20));
					}),
					store.contacts.findOrCreate({ first_name: `Guest ${n}`, phone: '+15550100000' }),
				]),
			);
		} finally {
			sampling = false;
			await sampler;
		}
		expect(peak).toBeGreaterThan(0);
		expect(peak).toBeLessThanOrEqual(POOL_SIZE);
		expect(sharedPoolStats()).toHaveLength(1);
		const clinics = await Promise.all(stores.map((s) => s.settings.get<number>('clinic', -1)));
		expect(clinics).toEqual(Array.from({ length: 50 }, (_, n) => n));
	});

	it('leaves no search path on a connection for its next user, even after a failed statement', async () => {
		process.env.AESTHETIX_PG_POOL_SIZE = '1';
		try {
			const db = await database();
			const legacy = await openStore(config(db));
			const a = await openStore(config(db, 'clinic_a'));
			const b = await openStore(config(db, 'clinic_b'));
			await a.teamUsers.create({ name: 'Maya Lopez', email: 'maya@clinic-a.test' });
			// A unique email taken twice: the statement fails inside A's schema.
			await expect(
				a.teamUsers.create({ name: 'Maya Again', email: 'maya@clinic-a.test' }),
			).rejects.toThrow();
			// One connection in all: the next users of it see their own schemas only.
			expect(await b.teamUsers.list()).toEqual([]);
			const shown = await legacy.db.get<{ search_path: string }>('SHOW search_path');
			expect(shown?.search_path).toBe('"$user", public');
			await a.db
				.transaction(async (tx) => {
					await tx.run('UPDATE team_users SET name = ?', ['Maya L.']);
					throw new Error('changed my mind');
				})
				.catch(() => undefined);
			expect((await legacy.db.get<{ search_path: string }>('SHOW search_path'))?.search_path).toBe(
				'"$user", public',
			);
			expect((await a.teamUsers.list()).map((u) => u.name)).toEqual(['Maya Lopez']);
			expect(sharedPoolStats()).toEqual([{ total: 1, idle: 1, waiting: 0 }]);
		} finally {
			process.env.AESTHETIX_PG_POOL_SIZE = String(POOL_SIZE);
		}
	});

	it('names each table in the workspace schema, so one connection serves workspace after workspace with no search path, and an unnamed table is an error', async () => {
		process.env.AESTHETIX_PG_POOL_SIZE = '1';
		try {
			const db = await database();
			const stores = await Promise.all(
				['clinic_a', 'clinic_b', 'clinic_c'].map((schema) => openStore(config(db, schema))),
			);
			// Migrations are done: from here on, count the package's statements by kind.
			await inspect(db, (c) => c.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements'));
			await inspect(db, (c) => c.query('SELECT pg_stat_statements_reset()'));
			for (let round = 0; round < 3; round++)
				for (const [n, store] of stores.entries())
					await store.contacts.findOrCreate({ first_name: `Guest ${n}`, phone: '+15550100000' });
			const sets = await inspect(db, async (c) => {
				const { rows } = await c.query(
					"SELECT COALESCE(SUM(calls), 0)::int AS n FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = $1 AND s.query ILIKE 'SET search_path%'",
					[db],
				);
				return rows[0].n;
			});
			// One connection went from clinic to clinic nine times: its path was set once at most.
			expect(sets).toBeLessThanOrEqual(1);
			for (const [n, store] of stores.entries())
				expect((await store.contacts.findByEmailOrPhone(null, '+15550100000'))?.first_name).toBe(
					`Guest ${n}`,
				);
			// A table written without its schema finds nothing on that path: an error, never a neighbour's rows.
			await expect(stores[0].db.all('SELECT * FROM "contacts"')).rejects.toThrow(
				'relation "contacts" does not exist',
			);
		} finally {
			process.env.AESTHETIX_PG_POOL_SIZE = String(POOL_SIZE);
		}
	});

	it('knows every table the migrations make', async () => {
		const db = await database();
		await openStore(config(db, 'clinic_a'));
		const made = await inspect(db, async (c) => {
			const { rows } = await c.query(
				"SELECT table_name FROM information_schema.tables WHERE table_schema = 'clinic_a'",
			);
			return rows.map((r) => r.table_name as string);
		});
		expect(made.length).toBeGreaterThan(20);
		expect(STORE_TABLES).toEqual(expect.arrayContaining(made));
	});

	it('writes each of many interleaved transactions of two workspaces into its own schema', async () => {
		const db = await database();
		const a = await openStore(config(db, 'clinic_a'));
		const b = await openStore(config(db, 'clinic_b'));
		await Promise.all(
			Array.from({ length: 40 }, (_, n) => {
				const store: WorkspaceStore = n % 2 ? b : a;
				return store.db.transaction(async () => {
					// The repository joins the open transaction of its own workspace.
					const contact = await store.contacts.findOrCreate({
						first_name: `Guest ${n}`,
						email: `guest${n}@example.com`,
					});
					await new Promise((r) => setTimeout(r, n % 5));
					await store.contacts.update(contact.id, { tags: [n % 2 ? 'b' : 'a'] });
				});
			}),
		);
		const tags = async (store: WorkspaceStore, schema: string) => {
			const rows = await inspect(db, (c) => c.query(`SELECT tags FROM ${schema}.contacts`));
			expect(rows.rows).toHaveLength(20);
			expect(await store.contacts.search('', { limit: 50 })).toHaveLength(20);
			return new Set(rows.rows.map((r) => r.tags));
		};
		expect(await tags(a, 'clinic_a')).toEqual(new Set(['["a"]']));
		expect(await tags(b, 'clinic_b')).toEqual(new Set(['["b"]']));
	});

	it('migrates each schema once under the advisory lock when several processes open it at once', async () => {
		const db = await database();
		const server = { ...pg.config, database: db };
		// Three processes, each with its own pool, opening the same two new workspaces together.
		const processes = [0, 1, 2].flatMap(() => [
			new PostgresDatabase(server, { schema: 'clinic_x' }),
			new PostgresDatabase(server, { schema: 'clinic_y' }),
		]);
		try {
			const applied = await Promise.all(processes.map((p) => migrate(p)));
			const versions = MIGRATIONS.map((m) => m.version);
			expect(applied.filter((a) => a.length > 0)).toEqual([versions, versions]);
			for (const schema of ['clinic_x', 'clinic_y']) {
				const rows = await inspect(db, (c) =>
					c.query(`SELECT version FROM ${schema}.schema_migrations ORDER BY version`),
				);
				expect(rows.rows.map((r) => Number(r.version))).toEqual(versions);
			}
		} finally {
			await Promise.all(processes.map((p) => p.close()));
		}
	});
});

describe('the Schema of the Workspace credential', () => {
	const credential = (pgSchema: string) => ({
		storeType: 'postgres',
		pgHost: '127.0.0.1',
		pgPort: 5432,
		pgDatabase: 'agency',
		pgUser: 'aesthetix',
		pgSslMode: 'disable',
		pgSchema,
	});

	it('puts the workspace in the named schema, and an empty one keeps the database default', () => {
		expect(storeConfig(credential('glow_med_spa'))).toMatchObject({ schema: 'glow_med_spa' });
		expect(storeConfig(credential(''))).not.toHaveProperty('schema');
		expect(storeConfig(credential('  Glow_Med_Spa '))).toMatchObject({ schema: 'glow_med_spa' });
	});

	it.each([
		['glow-med-spa', 'must be lower-case letters, digits and underscores'],
		['1clinic', 'must be lower-case letters, digits and underscores'],
		['pg_clinic', 'is a name PostgreSQL keeps for itself'],
		['aesthetix', "is the database user's own name"],
		['c'.repeat(64), 'is longer than the 63 characters'],
	])('refuses the schema "%s": it %s', async (schema, problem) => {
		expect(schemaNameProblem(schema, 'aesthetix')).toContain(problem);
		await expect(openStore(storeConfig(credential(schema)))).rejects.toThrow(
			`Schema "${schema}" ${problem}`,
		);
	});
});
