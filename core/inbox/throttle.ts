import { RateLimiterRes } from 'rate-limiter-flexible';
import type { SqlDatabase } from '../store/database';

// rate-limiter-flexible ships store adapters for other SQLite drivers, not for `node:sqlite`; its
// store base class is how custom stores plug in. This one keeps counters in the workspace store, so
// every n8n process (main, webhook, workers) counts the same attempts.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const RateLimiterStoreAbstract = require('rate-limiter-flexible/lib/RateLimiterStoreAbstract');

interface Counter {
	points: number;
	expire: number | null;
}

export interface LimiterOptions {
	keyPrefix: string;
	points: number;
	/** Seconds in which `points` failures are allowed. */
	duration: number;
	/** Seconds a key stays refused once it went over. */
	blockDuration: number;
}

export interface StoreLimiter {
	points: number;
	get(key: string): Promise<RateLimiterRes | null>;
	/** Rejects with the limiter's result (not an Error) once the key is over its points. */
	consume(key: string): Promise<RateLimiterRes>;
	reward(key: string, points: number): Promise<RateLimiterRes>;
	delete(key: string): Promise<boolean>;
}

/** A limiter whose counters live in the workspace store, shared by every n8n process. */
export const storeLimiter = (db: SqlDatabase, options: LimiterOptions): StoreLimiter =>
	new WorkspaceRateLimiter(db, options) as unknown as StoreLimiter;

class WorkspaceRateLimiter extends RateLimiterStoreAbstract {
	constructor(
		private readonly db: SqlDatabase,
		options: LimiterOptions,
	) {
		super({ ...options, storeClient: db });
	}

	async _upsert(
		key: string,
		points: number,
		msDuration: number,
		forceExpire = false,
	): Promise<Counter> {
		const at = Date.now();
		const expire = msDuration > 0 ? at + msDuration : null;
		// One statement, so two processes counting the same key at once both count.
		const row = await this.db.get<Counter>(
			`INSERT INTO inbox_throttle (key, points, expire) VALUES (?, ?, ?)
			 ON CONFLICT (key) DO UPDATE SET
			   points = CASE WHEN ? = 1 OR inbox_throttle.expire <= ? THEN excluded.points ELSE inbox_throttle.points + excluded.points END,
			   expire = CASE WHEN ? = 1 OR inbox_throttle.expire <= ? THEN excluded.expire ELSE inbox_throttle.expire END
			 RETURNING points, expire`,
			[key, points, expire, forceExpire ? 1 : 0, at, forceExpire ? 1 : 0, at],
		);
		return {
			points: Number(row!.points),
			expire: row!.expire === null ? null : Number(row!.expire),
		};
	}

	async _get(key: string): Promise<Counter | null> {
		const row = await this.db.get<Counter>(
			'SELECT points, expire FROM inbox_throttle WHERE key = ? AND (expire IS NULL OR expire > ?)',
			[key, Date.now()],
		);
		return row
			? { points: Number(row.points), expire: row.expire === null ? null : Number(row.expire) }
			: null;
	}

	async _delete(key: string): Promise<boolean> {
		return (await this.db.run('DELETE FROM inbox_throttle WHERE key = ?', [key])).changes > 0;
	}

	_getRateLimiterRes(_key: string, changedPoints: number, counter: Counter): RateLimiterRes {
		const first = changedPoints === counter.points;
		const consumed = first ? changedPoints : counter.points;
		return new RateLimiterRes(
			Math.max(this.points - consumed, 0),
			counter.expire ? Math.max(counter.expire - Date.now(), 0) : -1,
			consumed,
			first,
		);
	}
}

/**
 * Failed sign-ins that start a pause: per account (guessing one password) and per address (trying
 * many accounts), each counted within `duration` seconds and pausing for `blockDuration` seconds.
 */
export const SIGN_IN_LIMITS = {
	account: { failures: 10, duration: 3600, blockDuration: 15 * 60 },
	address: { failures: 100, duration: 24 * 3600, blockDuration: 3600 },
};

// The limiter refuses once more than `points` are used and starts the pause at that failure.
const limiter = (
	db: SqlDatabase,
	keyPrefix: string,
	{ failures, duration, blockDuration }: (typeof SIGN_IN_LIMITS)['account'],
) => storeLimiter(db, { keyPrefix, points: failures - 1, duration, blockDuration });

/** Sign-in throttling for the Inbox: only failures count, and a success clears its account's count. */
export class SignInThrottle {
	private readonly account: StoreLimiter;
	private readonly address: StoreLimiter;

	constructor(private readonly db: SqlDatabase) {
		this.account = limiter(db, 'signin:account', SIGN_IN_LIMITS.account);
		this.address = limiter(db, 'signin:address', SIGN_IN_LIMITS.address);
	}

	/** Milliseconds until this account or address may try again, or 0 when it may now. */
	async waitMs(email: string, address: string): Promise<number> {
		const [account, from] = await Promise.all([this.account.get(email), this.address.get(address)]);
		const wait = (res: RateLimiterRes | null, points: number) =>
			res && res.consumedPoints > points ? Math.max(res.msBeforeNext, 1000) : 0;
		return Math.max(wait(account, this.account.points), wait(from, this.address.points));
	}

	async failed(email: string, address: string): Promise<void> {
		// Going over the limit rejects with the limiter's result rather than an Error: that is expected here.
		const count = (work: Promise<RateLimiterRes>) =>
			work.then(undefined, (reason: unknown) => {
				if (reason instanceof Error) throw reason;
			});
		await Promise.all([count(this.account.consume(email)), count(this.address.consume(address))]);
	}

	async succeeded(email: string): Promise<void> {
		await this.account.delete(email);
	}

	/** Counters whose window has passed are dead weight. */
	async purgeExpired(): Promise<void> {
		await this.db.run('DELETE FROM inbox_throttle WHERE expire IS NOT NULL AND expire <= ?', [
			Date.now(),
		]);
	}
}
