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
	constructor(private readonly db: SqlDatabase) {}

	/**
	 * The original execution of the work behind `runTokenHash`: the one recorded first, or
	 * `candidate` when nobody recorded the token before (then it is recorded). Two node runs naming a
	 * new token at the same moment get the same answer.
	 */
	async originalOf(runTokenHash: string, workflowId: string, candidate: string): Promise<string> {
		await this.db.run(
			`INSERT INTO execution_origins (run_token_hash, workflow_id, original_execution_id, created_at)
			 VALUES (?, ?, ?, ?) ON CONFLICT (run_token_hash) DO NOTHING`,
			[runTokenHash, workflowId, candidate, now()],
		);
		const row = await this.db.get<{ original_execution_id: string }>(
			'SELECT original_execution_id FROM execution_origins WHERE run_token_hash = ?',
			[runTokenHash],
		);
		return String(row!.original_execution_id);
	}
}
