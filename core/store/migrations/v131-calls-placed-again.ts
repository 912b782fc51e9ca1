import type { Migration } from './migration';

export const migration: Migration = {
	version: 131,
	name: 'a call placed again by a retry after n8n stopped in the middle of placing it says so',
	statements: [`ALTER TABLE voice_calls ADD COLUMN placed_again INTEGER NOT NULL DEFAULT 0`],
};
