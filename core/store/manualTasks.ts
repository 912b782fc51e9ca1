import type { Row, SqlDatabase, SqlValue } from './database';
import { json, now, num, numOrNull } from './rows';

export type ManualTaskType = 'sms' | 'call';
/** pending: in the queue; completing: someone pressed Send or saved the outcome; completed: done. */
export type ManualTaskStatus = 'pending' | 'completing' | 'completed';

export interface ManualTask {
	id: number;
	type: ManualTaskType;
	status: ManualTaskStatus;
	contact_id: number;
	assignee_user_id: number | null;
	/** Which Assign To rule chose the assignee: selected, contact_owner, unassigned. */
	assignment: string;
	action_name: string;
	workflow_id: string;
	node_id: string;
	execution_id: string;
	item_index: number;
	resume_url: string;
	message: string | null;
	/** Where the SMS goes when it is not the contact's phone: the Test Phone Number of an editor run. */
	send_to: string | null;
	final_message: string | null;
	outcome: string | null;
	notes: string | null;
	completed_by: string | null;
	completed_at: string | null;
	result: Record<string, unknown>;
	created_at: string;
}

function toTask(row: Row): ManualTask {
	return {
		...(row as unknown as ManualTask),
		id: num(row.id),
		contact_id: num(row.contact_id),
		assignee_user_id: numOrNull(row.assignee_user_id),
		item_index: num(row.item_index),
		result: json(row.result, {}),
	};
}

export type NewManualTask = Pick<
	ManualTask,
	'type' | 'contact_id' | 'assignee_user_id' | 'assignment' | 'action_name' | 'workflow_id' | 'node_id' | 'execution_id' | 'item_index' | 'resume_url' | 'message' | 'send_to'
>;

/** The Manual Actions queue. Tasks outlive the n8n process: the waiting execution is in n8n's database, the task here. */
export class ManualTasks {
	constructor(private readonly db: SqlDatabase) {}

	/** One task per item of a node run; a retried run finds the task it already made. */
	async create(task: NewManualTask): Promise<ManualTask> {
		const row = await this.db.get(
			`INSERT INTO manual_tasks (type, status, contact_id, assignee_user_id, assignment, action_name, workflow_id, node_id, execution_id,
			   item_index, resume_url, message, send_to, created_at)
			 VALUES (?, 'pending', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (execution_id, node_id, item_index) DO NOTHING RETURNING *`,
			[
				task.type,
				task.contact_id,
				task.assignee_user_id,
				task.assignment,
				task.action_name,
				task.workflow_id,
				task.node_id,
				task.execution_id,
				task.item_index,
				task.resume_url,
				task.message,
				task.send_to,
				now(),
			],
		);
		if (row) return toTask(row);
		const existing = await this.db.get('SELECT * FROM manual_tasks WHERE execution_id = ? AND node_id = ? AND item_index = ?', [
			task.execution_id,
			task.node_id,
			task.item_index,
		]);
		return toTask(existing!);
	}

	async get(id: number): Promise<ManualTask | undefined> {
		const row = await this.db.get('SELECT * FROM manual_tasks WHERE id = ?', [id]);
		return row && toTask(row);
	}

	async list(filter: { assigneeUserId?: number | null; type?: ManualTaskType; status?: ManualTaskStatus; contactId?: number } = {}): Promise<ManualTask[]> {
		const where: string[] = [];
		const values: SqlValue[] = [];
		const add = (clause: string, value: SqlValue) => {
			where.push(clause);
			values.push(value);
		};
		if (filter.assigneeUserId === null) where.push('assignee_user_id IS NULL');
		else if (filter.assigneeUserId !== undefined) add('assignee_user_id = ?', filter.assigneeUserId);
		if (filter.type) add('type = ?', filter.type);
		if (filter.status) add('status = ?', filter.status);
		if (filter.contactId !== undefined) add('contact_id = ?', filter.contactId);
		const rows = await this.db.all(`SELECT * FROM manual_tasks ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at, id`, values);
		return rows.map(toTask);
	}

	/** The task's siblings: every task the same waiting node made in the same execution. */
	async forWaitingNode(executionId: string, nodeId: string): Promise<ManualTask[]> {
		const rows = await this.db.all('SELECT * FROM manual_tasks WHERE execution_id = ? AND node_id = ? ORDER BY item_index', [executionId, nodeId]);
		return rows.map(toTask);
	}

	/** Only one completion wins: two people pressing Send at once, or a task completed twice. */
	async claim(id: number): Promise<boolean> {
		return (await this.db.run(`UPDATE manual_tasks SET status = 'completing' WHERE id = ? AND status = 'pending'`, [id])).changes === 1;
	}

	/** A completion that failed (the text could not go out) puts the task back in the queue. */
	async release(id: number): Promise<void> {
		await this.db.run(`UPDATE manual_tasks SET status = 'pending' WHERE id = ? AND status = 'completing'`, [id]);
	}

	async finish(
		id: number,
		done: Pick<ManualTask, 'final_message' | 'outcome' | 'notes' | 'completed_by'> & { result: Record<string, unknown> },
	): Promise<ManualTask> {
		await this.db.run(
			`UPDATE manual_tasks SET status = 'completed', final_message = ?, outcome = ?, notes = ?, completed_by = ?, completed_at = ?, result = ? WHERE id = ?`,
			[done.final_message, done.outcome, done.notes, done.completed_by, now(), JSON.stringify(done.result), id],
		);
		return (await this.get(id))!;
	}

	async reassign(id: number, userId: number | null): Promise<ManualTask | undefined> {
		await this.db.run(`UPDATE manual_tasks SET assignee_user_id = ?, assignment = ? WHERE id = ? AND status = 'pending'`, [
			userId,
			userId === null ? 'unassigned' : 'reassigned',
			id,
		]);
		return this.get(id);
	}
}
