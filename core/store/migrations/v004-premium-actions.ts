import type { Migration } from './migration';

export const migration: Migration = {
	version: 4,
	name: 'premium actions: executions counted per period',
	statements: [
		`CREATE TABLE premium_executions (
			id {{id}},
			action_type TEXT NOT NULL,
			workflow_id TEXT NOT NULL,
			action_name TEXT NOT NULL,
			execution_id TEXT,
			created_at TEXT NOT NULL
		)`,
		`CREATE INDEX premium_executions_time ON premium_executions (created_at)`,
	],
};
