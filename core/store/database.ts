/**
 * The one SQL surface the workspace store is written against, so every repository runs unchanged
 * on the embedded SQLite file and on a shared PostgreSQL database.
 * Statements use `?` placeholders; the PostgreSQL adapter numbers them.
 */
export type SqlValue = string | number | bigint | null;
export type Row = Record<string, unknown>;

export interface SqlDatabase {
	readonly dialect: 'sqlite' | 'postgres';
	all<T = Row>(sql: string, params?: SqlValue[]): Promise<T[]>;
	get<T = Row>(sql: string, params?: SqlValue[]): Promise<T | undefined>;
	run(sql: string, params?: SqlValue[]): Promise<{ changes: number }>;
	/** Runs `work` in one transaction on one connection; `db` inside it must be used for every statement. */
	transaction<T>(work: (db: SqlDatabase) => Promise<T>): Promise<T>;
	/** Serialises schema changes across every process that opens the same store. */
	withMigrationLock<T>(work: (db: SqlDatabase) => Promise<T>): Promise<T>;
	close(): Promise<void>;
}
