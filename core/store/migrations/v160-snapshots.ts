import type { Migration } from './migration';

/**
 * What a clinic remembers of each snapshot it loaded: the revision, the publisher's key, the choices
 * made at load (credential mapping, per-clinic values, webhook prefix), and per item what the
 * snapshot held and what the clinic had right after, so that a newer revision can tell the
 * snapshot's changes from the clinic's own edits.
 */
export const migration: Migration = {
	version: 160,
	name: 'snapshots: what each loaded snapshot brought, to tell its updates from the clinic\u2019s own edits',
	statements: [
		`CREATE TABLE snapshot_loads (
			snapshot_id TEXT PRIMARY KEY,
			name TEXT NOT NULL,
			revision INTEGER NOT NULL,
			publisher_key TEXT NOT NULL,
			choices TEXT NOT NULL DEFAULT '{}',
			loaded_at TEXT NOT NULL,
			updated_at TEXT NOT NULL
		)`,
		`CREATE TABLE snapshot_items (
			snapshot_id TEXT NOT NULL REFERENCES snapshot_loads (snapshot_id),
			item_key TEXT NOT NULL,
			kind TEXT NOT NULL,
			name TEXT NOT NULL,
			local_ref TEXT,
			source_hash TEXT NOT NULL,
			local_hash TEXT NOT NULL,
			updated_at TEXT NOT NULL,
			PRIMARY KEY (snapshot_id, item_key)
		)`,
	],
};
