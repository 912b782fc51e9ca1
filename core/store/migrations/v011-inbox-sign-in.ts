import type { Migration } from './migration';

export const migration: Migration = {
	version: 11,
	name: 'the Inbox: sign-in throttling, set-password links, sessions by user',
	statements: [
		`CREATE TABLE inbox_throttle (
			key TEXT PRIMARY KEY,
			points INTEGER NOT NULL,
			expire BIGINT
		)`,
		`CREATE TABLE inbox_password_links (
			token_hash TEXT PRIMARY KEY,
			user_id INTEGER NOT NULL REFERENCES team_users (id),
			expires_at TEXT NOT NULL,
			used_at TEXT,
			created_at TEXT NOT NULL
		)`,
		`CREATE INDEX inbox_sessions_user ON inbox_sessions (user_id)`,
		`CREATE INDEX inbox_sessions_expiry ON inbox_sessions (expires_at)`,
	],
};
