import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresDatabase } from '../../core/store/postgresDatabase';
import { SqliteDatabase } from '../../core/store/sqliteDatabase';
import type { SqlDatabase } from '../../core/store/database';

const { startPostgres } = require('./postgres');

export interface StoreBackend {
	name: 'SQLite' | 'PostgreSQL';
	/** A new empty database; the function it gives opens a connection to it (another process's, on PostgreSQL). */
	create(): Promise<() => SqlDatabase>;
}

/**
 * The two stores every store test runs on: a SQLite file in a temporary folder and a database on
 * a PostgreSQL server of its own, started before the suite and stopped after it.
 */
export function storeBackends(prefix: string): StoreBackend[] {
	let pg: {
		createDatabase: (name: string) => Promise<Record<string, unknown>>;
		stop: () => Promise<void>;
	};
	const dir = mkdtempSync(join(tmpdir(), `aesthetix-${prefix}-`));
	let counter = 0;
	beforeAll(async () => {
		pg = await startPostgres();
	});
	afterAll(async () => {
		await pg?.stop();
		rmSync(dir, { recursive: true, force: true });
	});
	return [
		{
			name: 'SQLite',
			create: async () => {
				const file = join(dir, `${prefix}-${++counter}.sqlite`);
				return () => new SqliteDatabase(file);
			},
		},
		{
			name: 'PostgreSQL',
			create: async () => {
				const config = await pg.createDatabase(`${prefix}_${++counter}`);
				return () => new PostgresDatabase(config);
			},
		},
	];
}
