import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { PoolConfig } from 'pg';
import type { SqlDatabase } from './database';
import { migrate } from './migrations';
import { PostgresDatabase } from './postgresDatabase';
import { leasePool } from './postgresPools';
import { workspaceSchemaProblem } from './schemaName';
import { SqliteDatabase } from './sqliteDatabase';
import { WorkspaceStore } from './workspaceStore';

export interface PostgresStoreConfig {
	kind: 'postgres';
	host: string;
	port: number;
	database: string;
	user: string;
	password?: string;
	sslMode?: PostgresSslMode;
	/** PEM of the CA that signed the server's certificate; empty trusts Node's public CAs. */
	sslCa?: string;
	/** The workspace's own schema in a database shared with other workspaces; none for the default. */
	schema?: string;
}

export type StoreConfig = { kind: 'sqlite'; file?: string } | PostgresStoreConfig;

/** libpq's names: https://www.postgresql.org/docs/current/libpq-ssl.html#LIBPQ-SSL-PROTECTION */
export type PostgresSslMode = 'disable' | 'require' | 'verify-ca' | 'verify-full';

/** What `pg` is given for each mode; Node checks the host name against the certificate unless told not to. */
export function postgresSsl(mode: PostgresSslMode = 'disable', ca?: string): PoolConfig['ssl'] {
	if (mode === 'disable') return undefined;
	if (mode === 'require') return { rejectUnauthorized: false };
	const trusted = ca?.trim() ? { ca: ca.trim() } : {};
	if (mode === 'verify-ca')
		return { rejectUnauthorized: true, ...trusted, checkServerIdentity: () => undefined };
	return { rejectUnauthorized: true, ...trusted };
}

/** Next to n8n's own database, so the workspace lives and is backed up with the n8n instance. */
export function defaultSqliteFile(): string {
	const userFolder = process.env.N8N_USER_FOLDER || homedir();
	return join(userFolder, '.n8n', 'aesthetix', 'workspace.sqlite');
}

const sha256 = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

/** A changed password or SSL setting opens a new pool instead of reusing the old connection. */
export function storeKey(config: StoreConfig): string {
	return config.kind === 'sqlite'
		? `sqlite:${config.file || defaultSqliteFile()}`
		: `postgres:${sha256(config)}`;
}

/**
 * The store of a workspace on PostgreSQL, or the agency's own schema, on the one pool this process
 * holds for the server, database and user (the schema left out of the pool's key).
 */
export function postgresDatabase(config: PostgresStoreConfig): PostgresDatabase {
	const { schema, ...server } = config;
	const lease = leasePool(`postgres:${sha256(server)}`, {
		host: server.host,
		port: server.port,
		database: server.database,
		user: server.user,
		password: server.password,
		ssl: postgresSsl(server.sslMode, server.sslCa),
		// Whoever reads pg_stat_activity sees which connections are the package's.
		application_name: 'n8n-nodes-aesthetix',
	});
	try {
		return new PostgresDatabase(lease, { schema });
	} catch (error) {
		void lease.release();
		throw error;
	}
}

function connect(config: StoreConfig): SqlDatabase {
	if (config.kind === 'sqlite') return new SqliteDatabase(config.file || defaultSqliteFile());
	const problem =
		config.schema === undefined ? undefined : workspaceSchemaProblem(config.schema, config.user);
	if (problem) throw new Error(`Schema "${config.schema}" ${problem}`);
	return postgresDatabase(config);
}

interface Closable {
	close(): Promise<void>;
}

// Each store (or pool view) opened once per process, migrated once: node runs share it instead of
// reconnecting for every execution.
const open = new Map<string, Promise<Closable>>();

/** What `create` makes for `key`, made once per process however many callers ask at the same time. */
export function openOnce<T extends Closable>(key: string, create: () => Promise<T>): Promise<T> {
	let opened = open.get(key) as Promise<T> | undefined;
	if (!opened) {
		opened = create();
		open.set(key, opened);
		opened.catch(() => open.delete(key));
	}
	return opened;
}

export function openStore(config: StoreConfig): Promise<WorkspaceStore> {
	return openOnce(storeKey(config), async () => {
		const db = connect(config);
		try {
			if (db.dialect === 'sqlite') {
				// Every send writes a few rows, and a full sync on each commit would cost more than the send
				// (over a millisecond each, with the process blocked). In WAL mode NORMAL still survives a crash
				// of n8n; only a power loss can forget the last commits.
				await db.run('PRAGMA synchronous = NORMAL');
			}
			await migrate(db);
		} catch (error) {
			await db.close().catch(() => undefined);
			throw error;
		}
		return new WorkspaceStore(db);
	});
}

/** Closes every store this process opened; tests and the demo use it to exit cleanly. */
export async function closeAllStores(): Promise<void> {
	const stores = [...open.values()];
	open.clear();
	await Promise.all(stores.map(async (s) => (await s.catch(() => undefined))?.close()));
}
