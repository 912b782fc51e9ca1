import type { Migration } from './migration';

export const migration: Migration = {
	version: 20,
	name: 'inbound webhook deliveries, and conversation entries logged once per node run item',
	statements: [
		`CREATE TABLE inbound_deliveries (
			id {{id}},
			source TEXT NOT NULL,
			event_id TEXT,
			content_type TEXT NOT NULL,
			body TEXT NOT NULL,
			duplicates INTEGER NOT NULL DEFAULT 0,
			received_at TEXT NOT NULL,
			last_duplicate_at TEXT
		)`,
		`CREATE UNIQUE INDEX inbound_deliveries_event ON inbound_deliveries (source, event_id)`,
		`CREATE INDEX inbound_deliveries_time ON inbound_deliveries (source, received_at)`,
		`ALTER TABLE conversation_messages ADD COLUMN idempotency_key TEXT`,
		`CREATE UNIQUE INDEX conversation_messages_key ON conversation_messages (idempotency_key)`,
	],
};
