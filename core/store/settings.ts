import { randomBytes } from 'node:crypto';
import type { SqlDatabase } from './database';
import { json, now } from './rows';

/** Workspace-wide settings that are not credentials, such as the Reputation settings. */
export class Settings {
	/** The signing secret, once read: it never changes, and every pixel, link and Inbox form checks it. */
	private signingSecret?: Promise<string>;

	constructor(private readonly db: SqlDatabase) {}

	async get<T>(key: string, fallback: T): Promise<T> {
		const row = await this.db.get<{ value: string }>('SELECT value FROM settings WHERE key = ?', [
			key,
		]);
		return row ? json<T>(row.value, fallback) : fallback;
	}

	/**
	 * The workspace's own signing secret (for tracked links): made once, on first use, and shared by
	 * every process that opens the store.
	 */
	secret(): Promise<string> {
		if (!this.signingSecret) {
			this.signingSecret = this.readSecret();
			this.signingSecret.catch(() => (this.signingSecret = undefined));
		}
		return this.signingSecret;
	}

	private async readSecret(): Promise<string> {
		await this.db.run(
			`INSERT INTO settings (key, value, updated_at) VALUES ('signing_secret', ?, ?) ON CONFLICT (key) DO NOTHING`,
			[JSON.stringify(randomBytes(32).toString('base64url')), now()],
		);
		return this.get<string>('signing_secret', '');
	}

	async set(key: string, value: unknown): Promise<void> {
		await this.db.run(
			`INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
			 ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
			[key, JSON.stringify(value), now()],
		);
	}
}
