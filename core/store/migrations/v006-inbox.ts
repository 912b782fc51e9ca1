import type { Migration } from './migration';

export const migration: Migration = {
	version: 6,
	name: 'the Inbox: team user sign-in and sessions',
	statements: [
		`ALTER TABLE team_users ADD COLUMN password_hash TEXT`,
		`CREATE TABLE inbox_sessions (
			token_hash TEXT PRIMARY KEY,
			user_id INTEGER NOT NULL REFERENCES team_users (id),
			csrf_token TEXT NOT NULL,
			expires_at TEXT NOT NULL,
			created_at TEXT NOT NULL
		)`,
	],
};
