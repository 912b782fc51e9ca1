import type { Migration } from './migration';

export const migration: Migration = {
	version: 40,
	name: 'internal notifications: a rolling 5-minute window per person instead of numbered windows',
	statements: [
		// Milliseconds since the epoch; BIGINT because they outgrow PostgreSQL's INTEGER.
		`CREATE TABLE notification_sends (
			recipient TEXT NOT NULL,
			sent_at BIGINT NOT NULL
		)`,
		`CREATE INDEX notification_sends_recipient ON notification_sends (recipient, sent_at)`,
		`DROP TABLE notification_windows`,
	],
};
