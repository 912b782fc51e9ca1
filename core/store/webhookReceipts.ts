import type { SqlDatabase } from './database';
import { now } from './rows';

/**
 * Takes a callback's receipt (its key, then the time): nothing when it was taken before. Also a part
 * of the statement that moves a text on a status report (`Deliveries.reportText`).
 */
export const TAKE_RECEIPT =
	'INSERT INTO webhook_receipts (replay_key, received_at) VALUES (?, ?) ON CONFLICT (replay_key) DO NOTHING';

/**
 * Provider callbacks already acted on. A signed callback stays valid forever (Twilio's signature
 * has no timestamp), so the unique key is what stops a captured request from being replayed.
 */
export class WebhookReceipts {
	constructor(private readonly db: SqlDatabase) {}

	/** Records the callback; false when it was received before (a replay or a provider retry). */
	async first(replayKey: string): Promise<boolean> {
		const res = await this.db.run(TAKE_RECEIPT, [replayKey, now()]);
		return res.changes === 1;
	}

	/** Forgets a callback whose handling failed, so the provider's retry is acted on. */
	async forget(replayKey: string): Promise<void> {
		await this.db.run('DELETE FROM webhook_receipts WHERE replay_key = ?', [replayKey]);
	}
}
