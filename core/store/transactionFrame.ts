import type { SqlDatabase } from './database';

type Exec = (sql: string) => unknown | Promise<unknown>;
type RunIn = <T>(frame: TransactionFrame, work: () => Promise<T>) => Promise<T>;

/**
 * The transaction an async context runs inside, for both adapters. Nested transactions become
 * savepoints, one at a time per level, so that a failing inner step undoes only its own writes and
 * the outer work can still commit (or fail) as a whole.
 */
export class TransactionFrame {
	private queue: Promise<unknown> = Promise.resolve();
	private ended = false;

	constructor(
		private readonly exec: Exec,
		private readonly parent?: TransactionFrame,
		private readonly level = 0,
	) {}

	/** Work that outlives its transaction (a timer it started) must not think it is still inside. */
	get closed(): boolean {
		return this.ended || (this.parent?.closed ?? false);
	}

	close(): void {
		this.ended = true;
	}

	nested<T>(work: (db: SqlDatabase) => Promise<T>, db: SqlDatabase, runIn: RunIn): Promise<T> {
		const next = this.queue.then(async () => {
			const child = new TransactionFrame(this.exec, this, this.level + 1);
			const name = `aesthetix_sp_${child.level}`;
			await this.exec(`SAVEPOINT ${name}`);
			try {
				const result = await runIn(child, () => work(db));
				await this.exec(`RELEASE SAVEPOINT ${name}`);
				return result;
			} catch (error) {
				await this.exec(`ROLLBACK TO SAVEPOINT ${name}`);
				await this.exec(`RELEASE SAVEPOINT ${name}`);
				throw error;
			} finally {
				child.close();
			}
		});
		this.queue = next.catch(() => undefined);
		return next;
	}
}
