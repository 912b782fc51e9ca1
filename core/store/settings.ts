import type { SqlDatabase } from './database';
import { json, now } from './rows';

/** Workspace-wide settings that are not credentials, such as the Reputation settings. */
export class Settings {
	constructor(private readonly db: SqlDatabase) {}

	async get<T>(key: string, fallback: T): Promise<T> {
		const row = await this.db.get<{ value: string }>('SELECT value FROM settings WHERE key = ?', [key]);
		return row ? json<T>(row.value, fallback) : fallback;
	}

	async set(key: string, value: unknown): Promise<void> {
		await this.db.run(
			`INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
			 ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
			[key, JSON.stringify(value), now()],
		);
	}
}
