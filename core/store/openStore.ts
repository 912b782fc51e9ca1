import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { SqlDatabase } from './database';
import { migrate } from './migrations';
import { PostgresDatabase } from './postgresDatabase';
import type { PoolConfig } from 'pg';
import { SqliteDatabase } from './sqliteDatabase';
import { WorkspaceStore } from './workspaceStore';

export type StoreConfig =
	| { kind: 'sqlite'; file?: string }
	| {
			kind: 'postgres';
			host: string;
			port: number;
			database: string;
			user: string;
			password?: string;
			sslMode?: PostgresSslMode;
			/** PEM of the CA that signed the server's certificate; empty trusts Node's public CAs. */
			sslCa?: string;
	  };

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

/** A changed password or SSL setting opens a new pool instead of reusing the old connection. */
function storeKey(config: StoreConfig): string {
	return config.kind === 'sqlite'
		? `sqlite:${config.file || defaultSqliteFile()}`
		: `postgres:${createHash('sha256').update(JSON.stringify(config)).digest('hex')}`;
}

function connect(config: StoreConfig): SqlDatabase {
	if (config.kind === 'sqlite') return new SqliteDatabase(config.file || defaultSqliteFile());
	return new PostgresDatabase({
		host: config.host,
		port: config.port,
		database: config.database,
		user: config.user,
		password: config.password,
		ssl: postgresSsl(config.sslMode, config.sslCa),
	});
}

// One connection (or pool) per store per process, migrated once: node runs share it instead of
// reconnecting for every execution.
const open = new Map<string, Promise<WorkspaceStore>>();

export function openStore(config: StoreConfig): Promise<WorkspaceStore> {
	const key = storeKey(config);
	let store = open.get(key);
	if (!store) {
		store = (async () => {
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
		})();
		open.set(key, store);
		store.catch(() => open.delete(key));
	}
	return store;
}

/** Closes every store this process opened; tests and the demo use it to exit cleanly. */
export async function closeAllStores(): Promise<void> {
	const stores = [...open.values()];
	open.clear();
	await Promise.all(stores.map(async (s) => (await s.catch(() => undefined))?.close()));
}
