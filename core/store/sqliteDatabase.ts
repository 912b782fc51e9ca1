import { AsyncLocalStorage } from 'node:async_hooks';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { Row, SqlDatabase, SqlValue } from './database';
import { TransactionFrame } from './transactionFrame';
import { createPrivateFile } from './sqliteFile';

const STATEMENT_CACHE_SIZE = 200;

/**
 * The embedded store: a SQLite file through Node's built-in `node:sqlite`, so no native addon is needed.
 *
 * One connection serves the whole process, so a transaction owns it while it is open: statements
 * and transactions started elsewhere wait for it to end instead of running inside it (and vanishing
 * with its rollback). What runs inside the transaction is recognised by its async context, so a
 * repository called from the transaction's own work joins it, and a nested transaction becomes a
 * savepoint.
 */
export class SqliteDatabase implements SqlDatabase {
	readonly dialect = 'sqlite' as const;
	private readonly db: DatabaseSync;
	private readonly frames = new AsyncLocalStorage<TransactionFrame>();
	/** Settles when the transaction that owns the connection ends; the next one chains onto it. */
	private owner: Promise<void> = Promise.resolve();
	private ownerOpen = false;
	/**
	 * Compiled statements by their SQL: every send runs the same few statements, and compiling one
	 * costs more than running it. Bounded, since a few statements are built per call (IN lists).
	 */
	private readonly statements = new Map<string, StatementSync>();

	constructor(file: string) {
		if (file !== ':memory:') createPrivateFile(file);
		// Loaded lazily, through the loader every host has: only workspaces on SQLite need the module,
		// and module loaders that predate it (test runners) do not know the name.
		const { DatabaseSync: Sqlite } = process.getBuiltinModule(
			'node:sqlite',
		) as typeof import('node:sqlite');
		this.db = new Sqlite(file);
		// Several n8n processes (main, workers, `n8n execute`) may write the same file. The busy timeout
		// comes first: switching to WAL needs a lock another process may be holding at that moment.
		this.db.exec(
			'PRAGMA busy_timeout = 10000; PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;',
		);
	}

	async all<T = Row>(sql: string, params: SqlValue[] = []): Promise<T[]> {
		await this.turn();
		return this.prepared(sql).all(...params) as T[];
	}

	async get<T = Row>(sql: string, params: SqlValue[] = []): Promise<T | undefined> {
		await this.turn();
		return this.prepared(sql).get(...params) as T | undefined;
	}

	async run(sql: string, params: SqlValue[] = []): Promise<{ changes: number }> {
		await this.turn();
		const res = this.prepared(sql).run(...params);
		return { changes: Number(res.changes) };
	}

	/**
	 * SQLite may already have rolled back on its own (a constraint with ON CONFLICT ROLLBACK, a full
	 * disk). Node tells whether a transaction is open only from 22.16; before that, a ROLLBACK with
	 * none open fails with "no transaction is active", which is the same answer.
	 */
	private rollbackIfOpen(): void {
		const open = (this.db as { isTransaction?: boolean }).isTransaction;
		if (open === false) return;
		try {
			this.db.exec('ROLLBACK');
		} catch (error) {
			if (open !== undefined || !/no transaction is active/i.test(String(error?.message)))
				throw error;
		}
	}

	async transaction<T>(work: (db: SqlDatabase) => Promise<T>): Promise<T> {
		const frame = this.current();
		if (frame) return frame.nested(work, this, (child, inner) => this.frames.run(child, inner));
		const previous = this.owner;
		let release!: () => void;
		const mine = new Promise<void>((resolve) => (release = resolve));
		this.owner = previous.then(() => mine);
		await previous;
		this.ownerOpen = true;
		const opened = new TransactionFrame((sql) => this.db.exec(sql));
		try {
			return await this.frames.run(opened, async () => {
				this.db.exec('BEGIN IMMEDIATE');
				try {
					const result = await work(this);
					this.db.exec('COMMIT');
					return result;
				} catch (error) {
					this.rollbackIfOpen();
					throw error;
				}
			});
		} finally {
			opened.close();
			this.ownerOpen = false;
			release();
		}
	}

	async withMigrationLock<T>(work: (db: SqlDatabase) => Promise<T>): Promise<T> {
		return this.transaction(work);
	}

	async close(): Promise<void> {
		await this.turn();
		this.statements.clear();
		this.db.close();
	}

	private prepared(sql: string): StatementSync {
		let statement = this.statements.get(sql);
		if (statement) {
			// Most recently used last, so the least used is the first to go.
			this.statements.delete(sql);
		} else {
			statement = this.db.prepare(sql);
			if (this.statements.size >= STATEMENT_CACHE_SIZE)
				this.statements.delete(this.statements.keys().next().value!);
		}
		this.statements.set(sql, statement);
		return statement;
	}

	private current(): TransactionFrame | undefined {
		const frame = this.frames.getStore();
		return frame && !frame.closed ? frame : undefined;
	}

	/** A statement outside the open transaction waits for it; each statement alone is atomic. */
	private async turn(): Promise<void> {
		if (this.current()) return;
		while (this.ownerOpen) await this.owner;
	}
}
