import type { Migration } from './migration';

export const migration: Migration = {
	version: 130,
	name: 'the execution whose work a retry does, found by the run token n8n hands to every retry of it',
	statements: [
		`CREATE TABLE execution_origins (
			run_token_hash TEXT PRIMARY KEY,
			workflow_id TEXT NOT NULL,
			original_execution_id TEXT NOT NULL,
			created_at TEXT NOT NULL
		)`,
	],
};
