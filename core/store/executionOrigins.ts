import type { SqlDatabase } from './database';
import { now } from './rows';

/**
 * Which execution's work a node run does. n8n gives every retry of an execution (and every retry of
 * a retry) the saved data of the execution it retries, and that data carries a random token n8n
 * creates once per fresh execution; a crashed execution keeps it too, since n8n saves it before the
 * first node runs. The first execution to name a token is the one whose work every later holder of
 * the token repeats. Only a hash of the token is kept: the token itself can resume a waiting
 * execution.
 */
export class ExecutionOrigins {
	/**
	 * A token's original execution never changes once recorded (nothing updates or deletes these
	 * rows), so this process asks the store once per token: every later action of the execution,
	 * and of its retries on this process, has it at hand.
	 */
	private readonly known = new Map<string, string>();

	constructor(private readonly db: SqlDatabase) {}

	/**
	 * The original execution of the work behind `runTokenHash`: the one recorded first, or
	 * `candidate` when nobody recorded the token before (then it is recorded). Two node runs naming a
	 * new token at the same moment get the same answer.
	 */
	async originalOf(runTokenHash: string, workflowId: string, candidate: string): Promise<string> {
		const known = this.known.get(runTokenHash);
		if (known !== undefined) return known;
		type Row = { original_execution_id: string };
		const recorded =
			(await this.db.get<Row>(
				`INSERT INTO execution_origins (run_token_hash, workflow_id, original_execution_id, created_at)
				 VALUES (?, ?, ?, ?) ON CONFLICT (run_token_hash) DO NOTHING RETURNING original_execution_id`,
				[runTokenHash, workflowId, candidate, now()],
			)) ??
			// Recorded before, or by a node run that committed while this one waited on its key.
			(await this.db.get<Row>(
				'SELECT original_execution_id FROM execution_origins WHERE run_token_hash = ?',
				[runTokenHash],
			));
		const original = String(recorded!.original_execution_id);
		if (this.known.size >= KNOWN_TOKENS) this.known.delete(this.known.keys().next().value!);
		this.known.set(runTokenHash, original);
		return original;
	}
}

/** Executions running on one process at once, with room to spare. */
const KNOWN_TOKENS = 10_000;
