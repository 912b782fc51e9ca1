import type { Migration } from './migration';

export const migration: Migration = {
	version: 3,
	name: 'internal notifications: the bell and per-user rate windows',
	statements: [
		`CREATE TABLE notifications (
			id {{id}},
			user_id INTEGER NOT NULL REFERENCES team_users (id),
			title TEXT NOT NULL,
			message TEXT NOT NULL,
			redirect_page TEXT,
			contact_id INTEGER,
			workflow_id TEXT,
			action_name TEXT,
			read_at TEXT,
			created_at TEXT NOT NULL
		)`,
		`CREATE INDEX notifications_user ON notifications (user_id, read_at)`,
		`CREATE TABLE notification_windows (
			recipient TEXT NOT NULL,
			window_start INTEGER NOT NULL,
			count INTEGER NOT NULL,
			PRIMARY KEY (recipient, window_start)
		)`,
	],
};
