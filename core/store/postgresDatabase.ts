import { Pool, type PoolClient, type PoolConfig } from 'pg';
import type { Row, SqlDatabase, SqlValue } from './database';

/** `?` placeholders become `$1..$n`; the store's SQL never has a literal question mark. */
function numbered(sql: string): string {
	let n = 0;
	return sql.replace(/\?/g, () => `$${++n}`);
}

// An arbitrary constant shared by every process of every deployment of this package.
const MIGRATION_LOCK_KEY = 727_361_001;

class PostgresSession implements SqlDatabase {
	readonly dialect = 'postgres' as const;
	constructor(
		protected readonly client: Pool | PoolClient,
		private readonly inTransaction = false,
	) {}

	async all<T = Row>(sql: string, params: SqlValue[] = []): Promise<T[]> {
		const res = await this.client.query(numbered(sql), params as unknown[]);
		return res.rows as T[];
	}

	async get<T = Row>(sql: string, params: SqlValue[] = []): Promise<T | undefined> {
		return (await this.all<T>(sql, params))[0];
	}

	async run(sql: string, params: SqlValue[] = []): Promise<{ changes: number }> {
		const res = await this.client.query(numbered(sql), params as unknown[]);
		return { changes: res.rowCount ?? 0 };
	}

	async transaction<T>(work: (db: SqlDatabase) => Promise<T>): Promise<T> {
		if (this.inTransaction) return work(this);
		return runInTransaction(this.client as PoolClient, work);
	}

	async withMigrationLock<T>(work: (db: SqlDatabase) => Promise<T>): Promise<T> {
		return work(this);
	}

	async close(): Promise<void> {}
}

async function runInTransaction<T>(client: PoolClient, work: (db: SqlDatabase) => Promise<T>): Promise<T> {
	await client.query('BEGIN');
	try {
		const result = await work(new PostgresSession(client, true));
		await client.query('COMMIT');
		return result;
	} catch (error) {
		await client.query('ROLLBACK').catch(() => undefined);
		throw error;
	}
}

/** The shared store for queue mode and for anyone running more than one n8n process. */
export class PostgresDatabase extends PostgresSession {
	private readonly pool: Pool;

	constructor(config: PoolConfig) {
		const pool = new Pool({ max: 5, idleTimeoutMillis: 30_000, ...config });
		// An idle client losing its connection must not crash the n8n process.
		pool.on('error', () => undefined);
		super(pool);
		this.pool = pool;
	}

	async transaction<T>(work: (db: SqlDatabase) => Promise<T>): Promise<T> {
		const client = await this.pool.connect();
		try {
			return await runInTransaction(client, work);
		} finally {
			client.release();
		}
	}

	async withMigrationLock<T>(work: (db: SqlDatabase) => Promise<T>): Promise<T> {
		const client = await this.pool.connect();
		try {
			await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
			return await work(new PostgresSession(client));
		} finally {
			await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
			client.release();
		}
	}

	async close(): Promise<void> {
		await this.pool.end();
	}
}
