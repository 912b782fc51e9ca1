import type { Migration } from './migration';

export const migration: Migration = {
	version: 5,
	name: 'manual actions: tasks a person works from the queue while the workflow waits',
	statements: [
		`CREATE TABLE manual_tasks (
			id {{id}},
			type TEXT NOT NULL,
			status TEXT NOT NULL,
			contact_id INTEGER NOT NULL REFERENCES contacts (id),
			assignee_user_id INTEGER REFERENCES team_users (id),
			assignment TEXT NOT NULL,
			action_name TEXT NOT NULL,
			workflow_id TEXT NOT NULL,
			node_id TEXT NOT NULL,
			execution_id TEXT NOT NULL,
			item_index INTEGER NOT NULL,
			resume_url TEXT NOT NULL,
			message TEXT,
			final_message TEXT,
			outcome TEXT,
			notes TEXT,
			completed_by TEXT,
			completed_at TEXT,
			result TEXT NOT NULL DEFAULT '{}',
			created_at TEXT NOT NULL
		)`,
		`CREATE UNIQUE INDEX manual_tasks_item ON manual_tasks (execution_id, node_id, item_index)`,
		`CREATE INDEX manual_tasks_queue ON manual_tasks (status, assignee_user_id)`,
	],
};
