import { AsyncLocalStorage } from 'node:async_hooks';
import { Pool, type PoolClient, type PoolConfig } from 'pg';
import type { Row, SqlDatabase, SqlValue } from './database';
import type { PoolLease } from './postgresPools';
import { qualified } from './qualifiedSql';
import { schemaNameProblem } from './schemaName';
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

/** The search path this package last gave each pooled connection; absent, PostgreSQL's default. */
const searchPaths = new WeakMap<PoolClient, string>();

/**
 * The search path of a connection running statements that name their schema: none at all, so a
 * table a statement leaves unqualified is an error rather than whatever a path would find. Every
 * workspace with a schema shares it, so a connection goes from one clinic to the next unchanged.
 */
const QUALIFIED = '';

/**
 * Points a connection at the search path a session needs before any of its statements: none for
 * qualified statements, one schema for a schema's migrations, PostgreSQL's default for a workspace
 * without a schema. Set only when it differs: a connection the pool hands over last served
 * whichever session used it before.
 */
async function alignSearchPath(client: PoolClient, path: string | undefined): Promise<void> {
	if (searchPaths.get(client) === path) return;
	if (path === undefined) await client.query('RESET search_path');
	else
		await client.query(
			path === QUALIFIED ? "SET search_path TO ''" : `SET search_path TO "${path}"`,
		);
	if (path === undefined) searchPaths.delete(client);
	else searchPaths.set(client, path);
}

const isPool = (client: Pool | PoolClient): client is Pool => client instanceof Pool;

/**
 * The statements of one workspace. In a workspace with a schema, every table a statement names is
 * named in that schema (qualifiedSql) on a connection with no search path: a table missing from the
 * schema is an error, never another workspace's table, and the connection needs no `SET` to serve
 * the next workspace. A schema's migrations (`migrating`) run on its search path instead, as written.
 */
class PostgresSession implements SqlDatabase {
	readonly dialect = 'postgres' as const;
	constructor(
		protected readonly client: Pool | PoolClient,
		protected readonly transactions: AsyncLocalStorage<OpenTransaction>,
		protected readonly schema?: string,
		private readonly migrating = false,
	) {}

	/** What the connection's search path must be for this session's statements. */
	private get path(): string | undefined {
		if (this.schema === undefined) return undefined;
		return this.migrating ? this.schema : QUALIFIED;
	}

	private text(sql: string): string {
		const text = numbered(sql);
		return this.schema === undefined || this.migrating ? text : qualified(text, this.schema);
	}

	async all<T = Row>(sql: string, params: SqlValue[] = []): Promise<T[]> {
		const res = await this.query(sql, params);
		return res.rows as T[];
	}

	async get<T = Row>(sql: string, params: SqlValue[] = []): Promise<T | undefined> {
		return (await this.all<T>(sql, params))[0];
	}

	async run(sql: string, params: SqlValue[] = []): Promise<{ changes: number }> {
		const res = await this.query(sql, params);
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
	 * Outside one, a statement takes a connection pointed at the workspace's schema.
	 */
	private async query(sql: string, params: SqlValue[]) {
		const open = this.open();
		if (open) return open.session.client.query(this.text(sql), params as unknown[]);
		if (!isPool(this.client)) {
			await alignSearchPath(this.client, this.path);
			return this.client.query(this.text(sql), params as unknown[]);
		}
		const client = await this.client.connect();
		try {
			await alignSearchPath(client, this.path);
			return await client.query(this.text(sql), params as unknown[]);
		} finally {
			client.release();
		}
	}

	protected async begin<T>(client: PoolClient, work: (db: SqlDatabase) => Promise<T>): Promise<T> {
		const session = new PostgresSession(client, this.transactions, this.schema, this.migrating);
		const frame = new TransactionFrame((sql) => client.query(sql));
		await alignSearchPath(client, this.path);
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

const isLease = (source: PoolConfig | PoolLease): source is PoolLease =>
	'pool' in source && 'release' in source;

/**
 * The shared store for queue mode and for anyone running more than one n8n process: a workspace's
 * view of a pool, in the database's default schema or in a schema of its own. Given a lease, it
 * shares that pool with the other workspaces of the same server, database and user (see
 * postgresPools); given a plain configuration, it opens a private pool, as one process would.
 */
export class PostgresDatabase extends PostgresSession {
	private readonly lease: PoolLease;

	constructor(source: PoolConfig | PoolLease, options: { schema?: string } = {}) {
		const { schema } = options;
		const problem = schema === undefined ? undefined : schemaNameProblem(schema);
		if (problem) throw new Error(`Schema "${schema}" ${problem}`);
		const lease = isLease(source) ? source : privatePool(source);
		super(lease.pool, new AsyncLocalStorage<OpenTransaction>(), schema);
		this.lease = lease;
	}

	async transaction<T>(work: (db: SqlDatabase) => Promise<T>): Promise<T> {
		if (this.open()) return super.transaction(work);
		const client = await this.lease.pool.connect();
		try {
			return await this.begin(client, work);
		} finally {
			client.release();
		}
	}

	/**
	 * Serialises schema changes across every process and workspace of the database. A new
	 * workspace's schema is made here, under the lock, and only when missing: a user allowed into
	 * schemas made for them in advance needs no right to create schemas.
	 */
	async withMigrationLock<T>(work: (db: SqlDatabase) => Promise<T>): Promise<T> {
		const client = await this.lease.pool.connect();
		try {
			await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
			if (this.schema) {
				const found = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [
					this.schema,
				]);
				if (found.rowCount === 0) await client.query(`CREATE SCHEMA "${this.schema}"`);
			}
			return await work(new PostgresSession(client, this.transactions, this.schema, true));
		} finally {
			await client
				.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY])
				.catch(() => undefined);
			client.release();
		}
	}

	async close(): Promise<void> {
		await this.lease.release();
	}
}

function privatePool(config: PoolConfig): PoolLease {
	const pool = new Pool({ max: 5, idleTimeoutMillis: 30_000, ...config });
	// An idle client losing its connection must not crash the n8n process.
	pool.on('error', () => undefined);
	return { pool, release: () => pool.end() };
}
