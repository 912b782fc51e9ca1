import { Pool, type PoolConfig } from 'pg';

/** Connections one shared pool may hold when AESTHETIX_PG_POOL_SIZE does not say otherwise. */
export const DEFAULT_POOL_SIZE = 10;

/**
 * The most connections this process opens to one server, database and user, however many
 * workspaces live there: what an agency budgets PostgreSQL's `max_connections` by.
 */
export function postgresPoolSize(): number {
	const configured = Number(process.env.AESTHETIX_PG_POOL_SIZE);
	return Number.isInteger(configured) && configured >= 1 ? configured : DEFAULT_POOL_SIZE;
}

/** A share of one process-wide pool; the pool closes when the last share is released. */
export interface PoolLease {
	readonly pool: Pool;
	release(): Promise<void>;
}

interface SharedPool {
	pool: Pool;
	leases: number;
}

const shared = new Map<string, SharedPool>();

/**
 * The pool of every workspace reached with the same connection settings (`key` names them, secrets
 * included, so a changed password gets a pool of its own). Workspaces in separate schemas of one
 * database therefore hold one bounded set of connections in each n8n process, not one set each.
 */
export function leasePool(key: string, config: PoolConfig): PoolLease {
	let entry = shared.get(key);
	if (!entry) {
		const pool = new Pool({ idleTimeoutMillis: 30_000, ...config, max: postgresPoolSize() });
		// An idle client losing its connection must not crash the n8n process.
		pool.on('error', () => undefined);
		entry = { pool, leases: 0 };
		shared.set(key, entry);
	}
	entry.leases += 1;
	const held = entry;
	let released = false;
	return {
		pool: held.pool,
		async release() {
			if (released) return;
			released = true;
			held.leases -= 1;
			if (held.leases > 0) return;
			if (shared.get(key) === held) shared.delete(key);
			await held.pool.end();
		},
	};
}

/** How many shared pools this process holds, and their connections: what the tests and the benchmark read. */
export function sharedPoolStats(): Array<{ total: number; idle: number; waiting: number }> {
	return [...shared.values()].map(({ pool }) => ({
		total: pool.totalCount,
		idle: pool.idleCount,
		waiting: pool.waitingCount,
	}));
}
