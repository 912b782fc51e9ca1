import type { Migration } from './migration';

export const migration: Migration = {
	version: 2,
	name: 'texting: tracked links, clicks and message status',
	statements: [
		`CREATE TABLE tracked_links (
			id {{id}},
			delivery_id INTEGER NOT NULL REFERENCES delivery_records (id),
			url TEXT NOT NULL,
			clicks INTEGER NOT NULL DEFAULT 0,
			first_clicked_at TEXT,
			created_at TEXT NOT NULL
		)`,
		`CREATE INDEX tracked_links_delivery ON tracked_links (delivery_id)`,
		`ALTER TABLE delivery_records ADD COLUMN clicked_at TEXT`,
		`ALTER TABLE delivery_records ADD COLUMN provider_status TEXT`,
	],
};
