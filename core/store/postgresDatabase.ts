import { AsyncLocalStorage } from 'node:async_hooks';
import { Pool, type PoolClient, type PoolConfig } from 'pg';
import type { Row, SqlDatabase, SqlValue } from './database';
import { TransactionFrame } from './transactionFrame';

const numberedSql = new Map<string, string>();

/**
 * `?` placeholders become `$1..$n`; the store's SQL never has a literal question mark. Remembered,
 * since every send runs the same few statements. They stay unnamed on the server: a named
 * statement's plan outlives a migration run by another process, and PostgreSQL then refuses the
 * store's `SELECT *` ("cached plan must not change result type").
 */
function numbered(sql: string): string {
	let text = numberedSql.get(sql);
	if (text === undefined) {
		let n = 0;
		text = sql.replace(/\?/g, () => `$${++n}`);
		// Bounded: a few statements are built per call (IN lists of varying length).
		if (numberedSql.size >= 500) numberedSql.clear();
		numberedSql.set(sql, text);
	}
	return text;
}

// An arbitrary constant shared by every process of every deployment of this package.
const MIGRATION_LOCK_KEY = 727_361_001;

/** The open transaction of an async context: its frame (for savepoints) and the client it holds. */
interface OpenTransaction {
	frame: TransactionFrame;
	session: PostgresSession;
}

class PostgresSession implements SqlDatabase {
	readonly dialect = 'postgres' as const;
	constructor(
		protected readonly client: Pool | PoolClient,
		protected readonly transactions: AsyncLocalStorage<OpenTransaction>,
	) {}

	async all<T = Row>(sql: string, params: SqlValue[] = []): Promise<T[]> {
		const res = await this.target().query(numbered(sql), params as unknown[]);
		return res.rows as T[];
	}

	async get<T = Row>(sql: string, params: SqlValue[] = []): Promise<T | undefined> {
		return (await this.all<T>(sql, params))[0];
	}

	async run(sql: string, params: SqlValue[] = []): Promise<{ changes: number }> {
		const res = await this.target().query(numbered(sql), params as unknown[]);
		return { changes: res.rowCount ?? 0 };
	}

	async transaction<T>(work: (db: SqlDatabase) => Promise<T>): Promise<T> {
		const open = this.open();
		if (open) {
			return open.frame.nested(work, open.session, (child, inner) =>
				this.transactions.run({ frame: child, session: open.session }, inner),
			);
		}
		return this.begin(this.client as PoolClient, work);
	}

	async withMigrationLock<T>(work: (db: SqlDatabase) => Promise<T>): Promise<T> {
		return work(this);
	}

	async close(): Promise<void> {}

	protected open(): OpenTransaction | undefined {
		const open = this.transactions.getStore();
		return open && !open.frame.closed ? open : undefined;
	}

	/**
	 * A repository called from inside a transaction's work joins that transaction (its client),
	 * rather than taking another pooled connection that could wait on the transaction's own locks.
	 */
	private target(): Pool | PoolClient {
		return this.open()?.session.client ?? this.client;
	}

	protected async begin<T>(client: PoolClient, work: (db: SqlDatabase) => Promise<T>): Promise<T> {
		const session = new PostgresSession(client, this.transactions);
		const frame = new TransactionFrame((sql) => client.query(sql));
		await client.query('BEGIN');
		try {
			const result = await this.transactions.run({ frame, session }, () => work(session));
			await client.query('COMMIT');
			return result;
		} catch (error) {
			await client.query('ROLLBACK').catch(() => undefined);
			throw error;
		} finally {
			frame.close();
		}
	}
}

/** The shared store for queue mode and for anyone running more than one n8n process. */
export class PostgresDatabase extends PostgresSession {
	private readonly pool: Pool;

	constructor(config: PoolConfig) {
		const pool = new Pool({ max: 5, idleTimeoutMillis: 30_000, ...config });
		// An idle client losing its connection must not crash the n8n process.
		pool.on('error', () => undefined);
		super(pool, new AsyncLocalStorage<OpenTransaction>());
		this.pool = pool;
	}

	async transaction<T>(work: (db: SqlDatabase) => Promise<T>): Promise<T> {
		if (this.open()) return super.transaction(work);
		const client = await this.pool.connect();
		try {
			return await this.begin(client, work);
		} finally {
			client.release();
		}
	}

	async withMigrationLock<T>(work: (db: SqlDatabase) => Promise<T>): Promise<T> {
		const client = await this.pool.connect();
		try {
			await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
			return await work(new PostgresSession(client, this.transactions));
		} finally {
			await client
				.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY])
				.catch(() => undefined);
			client.release();
		}
	}

	async close(): Promise<void> {
		await this.pool.end();
	}
}
