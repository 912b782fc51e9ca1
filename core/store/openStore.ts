import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { SqlDatabase } from './database';
import { migrate } from './migrations';
import { PostgresDatabase } from './postgresDatabase';
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
			ssl?: boolean;
	  };

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
		ssl: config.ssl ? { rejectUnauthorized: true } : undefined,
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
