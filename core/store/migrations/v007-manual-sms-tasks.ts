import type { Migration } from './migration';

export const migration: Migration = {
	version: 7,
	name: 'manual SMS tasks made in editor runs text the Test Phone Number',
	statements: [`ALTER TABLE manual_tasks ADD COLUMN send_to TEXT`],
};
