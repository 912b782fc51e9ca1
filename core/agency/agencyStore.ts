import type { SqlDatabase } from '../store/database';
import type { Migration } from '../store/migrations';
import { Settings } from '../store/settings';

export { AGENCY_SCHEMA } from '../store/schemaName';

/**
 * The agency view's own tables: the owner's sessions, sign-in throttling (the Inbox's table, so the
 * Inbox's throttle counts here too) and a signing secret. No clinic's data is ever written here.
 */
export const AGENCY_MIGRATIONS: Migration[] = [
	{
		version: 150,
		name: 'the agency view: owner sessions, sign-in throttling and its signing secret',
		statements: [
			`CREATE TABLE settings (
				key TEXT PRIMARY KEY,
				value TEXT NOT NULL,
				updated_at TEXT NOT NULL
			)`,
			`CREATE TABLE inbox_throttle (
				key TEXT PRIMARY KEY,
				points INTEGER NOT NULL,
				expire BIGINT
			)`,
			`CREATE TABLE agency_sessions (
				token_hash TEXT PRIMARY KEY,
				owner_tag TEXT NOT NULL,
				csrf_token TEXT NOT NULL,
				expires_at TEXT NOT NULL,
				created_at TEXT NOT NULL
			)`,
			`CREATE INDEX agency_sessions_expiry ON agency_sessions (expires_at)`,
		],
	},
];

/** What the agency view keeps for itself in the shared database. */
export class AgencyStore {
	readonly settings: Settings;

	constructor(readonly db: SqlDatabase) {
		this.settings = new Settings(db);
	}

	close(): Promise<void> {
		return this.db.close();
	}
}
