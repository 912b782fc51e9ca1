import type { SqlDatabase } from './database';
import { now } from './rows';

/**
 * The one-time tokens of signed provider posts. Mailgun's signature covers its timestamp and token
 * but not the body, so a token seen before may come back only with the same body (a retry), never
 * with another one (a replay with forged content). A token is kept until its signature is too old
 * to be accepted at all, and forgotten then: a replay after that is refused by its age.
 */
export class WebhookTokens {
	constructor(private readonly db: SqlDatabase) {}

	/** `expiresAt` (ISO): when the post's signature stops being accepted. */
	async use(token: string, digest: string, expiresAt: string): Promise<boolean> {
		const at = now();
		// Tokens from before expiry was kept live as long as a signature may be old.
		await this.db.run(
			'DELETE FROM webhook_tokens WHERE expires_at < ? OR (expires_at IS NULL AND created_at < ?)',
			[at, new Date(Date.now() - LEGACY_WINDOW_MS).toISOString()],
		);
		const inserted = await this.db.get(
			'INSERT INTO webhook_tokens (token, digest, created_at, expires_at) VALUES (?, ?, ?, ?) ON CONFLICT (token) DO NOTHING RETURNING token',
			[token, digest, at, expiresAt],
		);
		if (inserted) return true;
		const seen = await this.db.get<{ digest: string }>(
			'SELECT digest FROM webhook_tokens WHERE token = ?',
			[token],
		);
		return seen?.digest === digest;
	}
}

/** Twice the window a signature is accepted in (before or after this server's clock). */
const LEGACY_WINDOW_MS = 30 * 60_000;
