import type { Migration } from './migration';

export const migration: Migration = {
	version: 80,
	name: 'manual tasks belong to the work of an execution and its retries, and remember where they were completed',
	statements: [
		`ALTER TABLE manual_tasks ADD COLUMN original_execution_id TEXT`,
		`ALTER TABLE manual_tasks ADD COLUMN completed_execution_id TEXT`,
		`UPDATE manual_tasks SET original_execution_id = execution_id`,
		`UPDATE manual_tasks SET completed_execution_id = execution_id WHERE status = 'completed'`,
		`CREATE UNIQUE INDEX manual_tasks_work ON manual_tasks (workflow_id, node_id, original_execution_id, item_index)`,
	],
};
