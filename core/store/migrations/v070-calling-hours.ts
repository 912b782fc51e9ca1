import type { Migration } from './migration';

export const migration: Migration = {
	version: 70,
	name: "calling hours: items that wait in n8n until the contact's calling window opens",
	statements: [
		`CREATE TABLE deferred_items (
			id {{id}},
			execution_id TEXT NOT NULL,
			node_id TEXT NOT NULL,
			item_index INTEGER NOT NULL,
			action TEXT NOT NULL,
			status TEXT NOT NULL,
			contact_id INTEGER,
			opens_at TEXT,
			resume_url TEXT NOT NULL,
			identity TEXT NOT NULL,
			input TEXT NOT NULL,
			item TEXT NOT NULL,
			output TEXT,
			claimed_at TEXT,
			created_at TEXT NOT NULL,
			updated_at TEXT NOT NULL
		)`,
		`CREATE UNIQUE INDEX deferred_items_item ON deferred_items (execution_id, node_id, item_index)`,
		`CREATE INDEX deferred_items_due ON deferred_items (status, opens_at)`,
	],
};
