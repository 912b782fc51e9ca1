import type { Migration } from './migration';

export const migration: Migration = {
	version: 120,
	name: "Mailgun's used tokens are kept until their signature is too old to be accepted, then forgotten",
	statements: [
		`ALTER TABLE webhook_tokens ADD COLUMN expires_at TEXT`,
		`CREATE INDEX webhook_tokens_expiry ON webhook_tokens (expires_at)`,
	],
};
