import type { Migration } from './migration';

/**
 * A provider's status report can arrive before the action has recorded the message id the provider
 * answered with (Twilio posts `queued` or `sent` while its answer to the send is still on the way).
 * Such a report waits here, by message id, until the action records it.
 */
export const migration: Migration = {
	version: 180,
	name: 'status reports that arrive before their message id is recorded',
	statements: [
		`CREATE TABLE early_delivery_reports (
			provider_message_id TEXT NOT NULL,
			provider_status TEXT NOT NULL,
			status TEXT NOT NULL,
			error TEXT,
			received_at TEXT NOT NULL,
			PRIMARY KEY (provider_message_id, provider_status)
		)`,
		`CREATE INDEX early_delivery_reports_received ON early_delivery_reports (received_at)`,
	],
};
