import type { Migration } from './migration';

export const migration: Migration = {
	version: 60,
	name: 'two-way template sync: what each synced action last agreed with its template',
	statements: [
		`CREATE TABLE template_sync (
			workflow_id TEXT NOT NULL,
			node_id TEXT NOT NULL,
			template_id INTEGER NOT NULL,
			node_body TEXT,
			template_updated_at TEXT NOT NULL,
			synced_at TEXT NOT NULL,
			seen_body TEXT,
			seen_at TEXT,
			PRIMARY KEY (workflow_id, node_id, template_id)
		)`,
	],
};
