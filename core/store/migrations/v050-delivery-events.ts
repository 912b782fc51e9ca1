import type { Migration } from './migration';

export const migration: Migration = {
	version: 50,
	name: 'delivery events: what providers, opens, clicks and replies said about each sent message',
	statements: [
		`CREATE TABLE delivery_events (
			id {{id}},
			delivery_id INTEGER NOT NULL REFERENCES delivery_records (id),
			event TEXT NOT NULL,
			dedup_key TEXT NOT NULL,
			source TEXT NOT NULL,
			reason TEXT,
			occurred_at TEXT NOT NULL,
			created_at TEXT NOT NULL
		)`,
		`CREATE UNIQUE INDEX delivery_events_dedup ON delivery_events (dedup_key)`,
		`CREATE INDEX delivery_events_delivery ON delivery_events (delivery_id, event)`,
		`CREATE TABLE webhook_tokens (
			token TEXT PRIMARY KEY,
			digest TEXT NOT NULL,
			created_at TEXT NOT NULL
		)`,
	],
};
