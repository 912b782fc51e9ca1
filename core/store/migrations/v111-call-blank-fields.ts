import type { Migration } from './migration';

export const migration: Migration = {
	version: 111,
	name: 'calls keep the custom values that rendered blank in the whisper',
	statements: [`ALTER TABLE voice_calls ADD COLUMN blank_merge_fields TEXT`],
};
