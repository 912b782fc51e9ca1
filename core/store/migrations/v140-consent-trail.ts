import type { Migration } from './migration';

export const migration: Migration = {
	version: 140,
	name: 'consent trail: every opt-out and opt-in per contact and channel, with its source and time',
	statements: [
		`CREATE TABLE consent_events (
			id {{id}},
			contact_id INTEGER NOT NULL REFERENCES contacts (id),
			channel TEXT NOT NULL,
			flag TEXT NOT NULL,
			opted_out INTEGER NOT NULL,
			source TEXT NOT NULL,
			detail TEXT NOT NULL,
			delivery_id INTEGER,
			created_at TEXT NOT NULL
		)`,
		`CREATE INDEX consent_events_contact ON consent_events (contact_id, flag, id)`,
		// What erasure keeps of a trail: counts that name nobody.
		`CREATE TABLE consent_counts (
			month TEXT NOT NULL,
			channel TEXT NOT NULL,
			flag TEXT NOT NULL,
			opted_out INTEGER NOT NULL,
			source TEXT NOT NULL,
			count INTEGER NOT NULL,
			PRIMARY KEY (month, channel, flag, opted_out, source)
		)`,
		`ALTER TABLE contacts ADD COLUMN email_unsubscribed INTEGER NOT NULL DEFAULT 0`,
	],
};
