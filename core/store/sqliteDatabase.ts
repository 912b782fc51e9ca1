import type { DatabaseSync } from 'node:sqlite';
import type { Row, SqlDatabase, SqlValue } from './database';
import { createPrivateFile } from './sqliteFile';

/** The embedded store: a SQLite file through Node's built-in `node:sqlite`, so no native addon is needed. */
export class SqliteDatabase implements SqlDatabase {
	readonly dialect = 'sqlite' as const;
	private readonly db: DatabaseSync;
	private depth = 0;
	private queue: Promise<unknown> = Promise.resolve();

	constructor(file: string) {
		if (file !== ':memory:') createPrivateFile(file);
		// Loaded lazily, through the loader every host has: only workspaces on SQLite need the module,
		// and module loaders that predate it (test runners) do not know the name.
		const { DatabaseSync: Sqlite } = process.getBuiltinModule('node:sqlite') as typeof import('node:sqlite');
		this.db = new Sqlite(file);
		// Several n8n processes (main, workers, `n8n execute`) may write the same file.
		this.db.exec('PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON;');
	}

	async all<T = Row>(sql: string, params: SqlValue[] = []): Promise<T[]> {
		return this.db.prepare(sql).all(...params) as T[];
	}

	async get<T = Row>(sql: string, params: SqlValue[] = []): Promise<T | undefined> {
		return this.db.prepare(sql).get(...params) as T | undefined;
	}

	async run(sql: string, params: SqlValue[] = []): Promise<{ changes: number }> {
		const res = this.db.prepare(sql).run(...params);
		return { changes: Number(res.changes) };
	}

	async transaction<T>(work: (db: SqlDatabase) => Promise<T>): Promise<T> {
		if (this.depth > 0) return work(this);
		// One connection serves the whole process: transactions from concurrent items take turns.
		const next = this.queue.then(async () => {
			this.db.exec('BEGIN IMMEDIATE');
			this.depth++;
			try {
				const result = await work(this);
				this.db.exec('COMMIT');
				return result;
			} catch (error) {
				this.db.exec('ROLLBACK');
				throw error;
			} finally {
				this.depth--;
			}
		});
		this.queue = next.catch(() => undefined);
		return next;
	}

	async withMigrationLock<T>(work: (db: SqlDatabase) => Promise<T>): Promise<T> {
		return this.transaction(work);
	}

	async close(): Promise<void> {
		this.db.close();
	}
}
