import type { SqlDatabase } from './database';
import { now } from './rows';

/**
 * The one-time tokens of signed provider posts. Mailgun's signature covers its timestamp and token
 * but not the body, so a token seen before may come back only with the same body (a retry), never
 * with another one (a replay with forged content).
 */
export class WebhookTokens {
	constructor(private readonly db: SqlDatabase) {}

	async use(token: string, digest: string): Promise<boolean> {
		const inserted = await this.db.get(
			'INSERT INTO webhook_tokens (token, digest, created_at) VALUES (?, ?, ?) ON CONFLICT (token) DO NOTHING RETURNING token',
			[token, digest, now()],
		);
		if (inserted) return true;
		const seen = await this.db.get<{ digest: string }>(
			'SELECT digest FROM webhook_tokens WHERE token = ?',
			[token],
		);
		return seen?.digest === digest;
	}
}
