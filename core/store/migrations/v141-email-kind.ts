import type { Migration } from './migration';

export const migration: Migration = {
	version: 141,
	name: 'marketing or transactional: each email send says which, for the complaint rate of marketing mail',
	statements: [
		`ALTER TABLE delivery_records ADD COLUMN message_kind TEXT`,
		`CREATE INDEX delivery_records_kind ON delivery_records (message_kind, created_at)`,
	],
};
