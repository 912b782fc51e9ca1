import type { Migration } from './migration';

export const migration: Migration = {
	version: 10,
	name: 'provider webhooks: each signed callback is acted on once, however often it is replayed',
	statements: [
		`CREATE TABLE webhook_receipts (
			replay_key TEXT NOT NULL,
			received_at TEXT NOT NULL
		)`,
		`CREATE UNIQUE INDEX webhook_receipts_key ON webhook_receipts (replay_key)`,
	],
};
