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
	/** The execution the task waits to resume: its own, or the retry that took it over. */
	execution_id: string;
	/**
	 * The execution whose work the task is: the one that queued it, which a retry from n8n's
	 * executions list (and a retry of that retry) shares, so a retry takes the task over instead of
	 * queueing another.
	 */
	original_execution_id: string;
	/** The execution the task belonged to when it was completed. */
	completed_execution_id: string | null;
	item_index: number;
	resume_url: string;
	message: string | null;
	/** The custom values that rendered blank in the prefilled message, for whoever sends it to fix first. */
	blank_merge_fields: string[];
	/** Where the SMS goes when it is not the contact's phone: the Test Phone Number of an editor run. */
	send_to: string | null;
	final_message: string | null;
	outcome: string | null;
	notes: string | null;
	completed_by: string | null;
	completed_at: string | null;
	result: Record<string, unknown>;
	created_at: string;
	/** When and by whom the completion in progress was started; a stale one returns to the queue. */
	claimed_at: string | null;
	claimed_by: string | null;
	/** The manual SMS as the provider took it, kept before anything else so a retried completion never texts twice. */
	sent_result: Record<string, unknown> | null;
	/** What the person working the queue should know about this task (an interrupted completion). */
	notice: string | null;
	/** Whether the waiting workflow was resumed: resuming, resumed, retrying (n8n did not answer), moved_on. */
	resume_state: ResumeState | null;
	resume_error: string | null;
}

export type ResumeState = 'resuming' | 'resumed' | 'retrying' | 'moved_on';

/** A task as outputs and pages show it: the resume URL is a bearer token for the waiting execution. */
export type PublicManualTask = Omit<ManualTask, 'resume_url' | 'sent_result'>;

export function publicTask(task: ManualTask): PublicManualTask {
	const { resume_url: _url, sent_result: _sent, ...rest } = task;
	return rest;
}

/** A waiting node whose tasks are all done but whose workflow has not been resumed yet. */
export interface PendingResume {
	execution_id: string;
	node_id: string;
	resume_url: string;
	task_ids: number[];
}

function toTask(row: Row): ManualTask {
	return {
		...(row as unknown as ManualTask),
		id: num(row.id),
		contact_id: num(row.contact_id),
		assignee_user_id: numOrNull(row.assignee_user_id),
		item_index: num(row.item_index),
		original_execution_id: (row.original_execution_id as string) ?? (row.execution_id as string),
		completed_execution_id: (row.completed_execution_id as string) ?? null,
		result: json(row.result, {}),
		blank_merge_fields: json<string[]>(row.blank_merge_fields, []),
		claimed_at: (row.claimed_at as string) ?? null,
		claimed_by: (row.claimed_by as string) ?? null,
		sent_result: json<Record<string, unknown> | null>(row.sent_result, null),
		notice: (row.notice as string) ?? null,
		resume_state: ((row.resume_state as string) ?? null) as ResumeState | null,
		resume_error: (row.resume_error as string) ?? null,
	};
}

export type NewManualTask = Pick<
	ManualTask,
	| 'type'
	| 'contact_id'
	| 'assignee_user_id'
	| 'assignment'
	| 'action_name'
	| 'workflow_id'
	| 'node_id'
	| 'execution_id'
	| 'original_execution_id'
	| 'item_index'
	| 'resume_url'
	| 'message'
	| 'send_to'
> &
	Partial<Pick<ManualTask, 'blank_merge_fields'>>;

/** The Manual Actions queue. Tasks outlive the n8n process: the waiting execution is in n8n's database, the task here. */
export class ManualTasks {
	constructor(private readonly db: SqlDatabase) {}

	/**
	 * One task per item of the work: a node retried inside its execution finds the task it already
	 * made, and an execution retried from n8n's list takes over the task the execution it retries
	 * queued (open or completed) rather than queueing a second one beside it. An open task taken
	 * over gets the retry's prefilled message; a completed one keeps its outcome.
	 */
	async create(task: NewManualTask): Promise<ManualTask> {
		const row = await this.db.get(
			`INSERT INTO manual_tasks (type, status, contact_id, assignee_user_id, assignment, action_name, workflow_id, node_id, execution_id,
			   original_execution_id, item_index, resume_url, message, send_to, blank_merge_fields, created_at)
			 VALUES (?, 'pending', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING *`,
			[
				task.type,
				task.contact_id,
				task.assignee_user_id,
				task.assignment,
				task.action_name,
				task.workflow_id,
				task.node_id,
				task.execution_id,
				task.original_execution_id,
				task.item_index,
				task.resume_url,
				task.message,
				task.send_to,
				JSON.stringify(task.blank_merge_fields ?? []),
				now(),
			],
		);
		if (row) return toTask(row);
		const existing = toTask(
			(await this.db.get(
				'SELECT * FROM manual_tasks WHERE workflow_id = ? AND node_id = ? AND original_execution_id = ? AND item_index = ?',
				[task.workflow_id, task.node_id, task.original_execution_id, task.item_index],
			)) ??
				(await this.db.get(
					'SELECT * FROM manual_tasks WHERE execution_id = ? AND node_id = ? AND item_index = ?',
					[task.execution_id, task.node_id, task.item_index],
				))!,
		);
		if (existing.execution_id === task.execution_id) return existing;
		await this.db.run(
			`UPDATE manual_tasks SET execution_id = ?, resume_url = ?, resume_state = NULL, resume_error = NULL,
			   message = CASE WHEN status = 'pending' THEN ? ELSE message END, send_to = CASE WHEN status = 'pending' THEN ? ELSE send_to END,
			   blank_merge_fields = CASE WHEN status = 'pending' THEN ? ELSE blank_merge_fields END
			 WHERE id = ?`,
			[
				task.execution_id,
				task.resume_url,
				task.message,
				task.send_to,
				JSON.stringify(task.blank_merge_fields ?? []),
				existing.id,
			],
		);
		return (await this.get(existing.id))!;
	}

	async get(id: number): Promise<ManualTask | undefined> {
		const row = await this.db.get('SELECT * FROM manual_tasks WHERE id = ?', [id]);
		return row && toTask(row);
	}

	async list(
		filter: {
			assigneeUserId?: number | null;
			type?: ManualTaskType;
			status?: ManualTaskStatus;
			contactId?: number;
		} = {},
	): Promise<ManualTask[]> {
		const where: string[] = [];
		const values: SqlValue[] = [];
		const add = (clause: string, value: SqlValue) => {
			where.push(clause);
			values.push(value);
		};
		if (filter.assigneeUserId === null) where.push('assignee_user_id IS NULL');
		else if (filter.assigneeUserId !== undefined)
			add('assignee_user_id = ?', filter.assigneeUserId);
		if (filter.type) add('type = ?', filter.type);
		if (filter.status) add('status = ?', filter.status);
		if (filter.contactId !== undefined) add('contact_id = ?', filter.contactId);
		const rows = await this.db.all(
			`SELECT * FROM manual_tasks ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at, id`,
			values,
		);
		return rows.map(toTask);
	}

	/** Tasks not done yet (waiting, or being worked at this moment), across every user. */
	async pendingCount(): Promise<number> {
		const row = await this.db.get<{ n: unknown }>(
			"SELECT COUNT(*) AS n FROM manual_tasks WHERE status <> 'completed'",
		);
		return Number(row?.n ?? 0);
	}

	/** The task's siblings: every task the same waiting node made in the same execution. */
	async forWaitingNode(executionId: string, nodeId: string): Promise<ManualTask[]> {
		const rows = await this.db.all(
			'SELECT * FROM manual_tasks WHERE execution_id = ? AND node_id = ? ORDER BY item_index',
			[executionId, nodeId],
		);
		return rows.map(toTask);
	}

	/**
	 * Only one completion wins: two people pressing Send at once, or a task completed twice. A
	 * completion that started before `staleBefore` and never finished (the process died) can be
	 * taken over.
	 */
	async claim(id: number, by: string, staleBefore: string): Promise<boolean> {
		const res = await this.db.run(
			`UPDATE manual_tasks SET status = 'completing', claimed_at = ?, claimed_by = ?
			 WHERE id = ? AND (status = 'pending' OR (status = 'completing' AND claimed_at < ?))`,
			[now(), by, id, staleBefore],
		);
		return res.changes === 1;
	}

	/** A completion that failed (the text could not go out) puts the task back in the queue. */
	async release(id: number): Promise<void> {
		await this.db.run(
			`UPDATE manual_tasks SET status = 'pending', claimed_at = NULL, claimed_by = NULL WHERE id = ? AND status = 'completing'`,
			[id],
		);
	}

	/**
	 * Completions that started before `staleBefore` and never finished go back to the queue, with a
	 * notice for whoever picks the task up next.
	 */
	async requeueStale(staleBefore: string): Promise<number> {
		const stale = await this.db.all<{ id: unknown; claimed_at: string; claimed_by: string | null }>(
			`SELECT id, claimed_at, claimed_by FROM manual_tasks WHERE status = 'completing' AND claimed_at < ?`,
			[staleBefore],
		);
		let requeued = 0;
		for (const row of stale) {
			const sent = await this.db.get<{ sent_result: string | null }>(
				'SELECT sent_result FROM manual_tasks WHERE id = ?',
				[num(row.id)],
			);
			const notice =
				`A completion by ${row.claimed_by ?? 'someone'} started at ${row.claimed_at} did not finish, so the task is back in the queue.` +
				(sent?.sent_result
					? ' Its text had already gone out and will not be sent again: completing the task records it.'
					: '');
			const res = await this.db.run(
				`UPDATE manual_tasks SET status = 'pending', claimed_at = NULL, claimed_by = NULL, notice = ? WHERE id = ? AND status = 'completing' AND claimed_at = ?`,
				[notice, num(row.id), row.claimed_at],
			);
			requeued += res.changes;
		}
		return requeued;
	}

	/** Kept the moment the provider took the manual SMS, before the task is finished. */
	async recordSent(id: number, sent: Record<string, unknown>): Promise<void> {
		await this.db.run('UPDATE manual_tasks SET sent_result = ? WHERE id = ?', [
			JSON.stringify(sent),
			id,
		]);
	}

	async finish(
		id: number,
		done: Pick<ManualTask, 'final_message' | 'outcome' | 'notes' | 'completed_by'> & {
			result: Record<string, unknown>;
		},
	): Promise<ManualTask> {
		await this.db.run(
			`UPDATE manual_tasks SET status = 'completed', final_message = ?, outcome = ?, notes = ?, completed_by = ?, completed_at = ?, result = ?, notice = NULL,
			   completed_execution_id = execution_id
			 WHERE id = ?`,
			[
				done.final_message,
				done.outcome,
				done.notes,
				done.completed_by,
				now(),
				JSON.stringify(done.result),
				id,
			],
		);
		return (await this.get(id))!;
	}

	/**
	 * The right to resume a waiting node, taken once for all its tasks: two people finishing the last
	 * two tasks at the same moment resume the workflow once. A resume that started before
	 * `staleBefore` and never settled can be taken over.
	 */
	async claimResume(executionId: string, nodeId: string, staleBefore: string): Promise<boolean> {
		const res = await this.db.run(
			`UPDATE manual_tasks SET resume_state = 'resuming', resume_attempted_at = ?
			 WHERE execution_id = ? AND node_id = ? AND status = 'completed'
			   AND (resume_state IS NULL OR resume_state = 'retrying' OR (resume_state = 'resuming' AND resume_attempted_at < ?))`,
			[now(), executionId, nodeId, staleBefore],
		);
		return res.changes > 0;
	}

	async settleResume(
		executionId: string,
		nodeId: string,
		state: Exclude<ResumeState, 'resuming'>,
		error: string | null,
	): Promise<void> {
		await this.db.run(
			'UPDATE manual_tasks SET resume_state = ?, resume_error = ? WHERE execution_id = ? AND node_id = ?',
			[state, error, executionId, nodeId],
		);
	}

	/**
	 * Waiting nodes whose resume n8n did not take yet (it was down or busy) and was last tried before
	 * `triedBefore`, or whose resume was interrupted before `staleBefore`; oldest first.
	 */
	async pendingResumes(triedBefore: string, staleBefore: string): Promise<PendingResume[]> {
		const rows = await this.db.all<{
			id: unknown;
			execution_id: string;
			node_id: string;
			resume_url: string;
		}>(
			`SELECT id, execution_id, node_id, resume_url FROM manual_tasks
			 WHERE status = 'completed'
			   AND ((resume_state = 'retrying' AND resume_attempted_at < ?) OR (resume_state = 'resuming' AND resume_attempted_at < ?))
			 ORDER BY id`,
			[triedBefore, staleBefore],
		);
		const byNode = new Map<string, PendingResume>();
		for (const row of rows) {
			const key = `${row.execution_id}\u0000${row.node_id}`;
			const entry = byNode.get(key) ?? {
				execution_id: row.execution_id,
				node_id: row.node_id,
				resume_url: row.resume_url,
				task_ids: [],
			};
			entry.task_ids.push(num(row.id));
			byNode.set(key, entry);
		}
		return [...byNode.values()];
	}

	async reassign(id: number, userId: number | null): Promise<ManualTask | undefined> {
		await this.db.run(
			`UPDATE manual_tasks SET assignee_user_id = ?, assignment = ? WHERE id = ? AND status = 'pending'`,
			[userId, userId === null ? 'unassigned' : 'reassigned', id],
		);
		return this.get(id);
	}
}
