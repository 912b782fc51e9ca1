import type { Migration } from './migration';

export const migration: Migration = {
	version: 8,
	name: 'manual tasks: completions that did not finish return to the queue; resumes are retried',
	statements: [
		`ALTER TABLE manual_tasks ADD COLUMN claimed_at TEXT`,
		`ALTER TABLE manual_tasks ADD COLUMN claimed_by TEXT`,
		`ALTER TABLE manual_tasks ADD COLUMN sent_result TEXT`,
		`ALTER TABLE manual_tasks ADD COLUMN notice TEXT`,
		`ALTER TABLE manual_tasks ADD COLUMN resume_state TEXT`,
		`ALTER TABLE manual_tasks ADD COLUMN resume_error TEXT`,
		`ALTER TABLE manual_tasks ADD COLUMN resume_attempted_at TEXT`,
		// Tasks completed before this version were resumed (or reported) at the time.
		`UPDATE manual_tasks SET resume_state = 'resumed' WHERE status = 'completed'`,
		`CREATE INDEX manual_tasks_resume ON manual_tasks (resume_state)`,
	],
};
