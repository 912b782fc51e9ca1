import type { Migration } from './migration';

export const migration: Migration = {
	version: 110,
	name: 'manual tasks keep the custom values that rendered blank in their prefilled message',
	statements: [`ALTER TABLE manual_tasks ADD COLUMN blank_merge_fields TEXT`],
};
