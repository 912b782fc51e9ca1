import type { Row, SqlDatabase, SqlValue } from './database';
import { json, now, num, numOrNull } from './rows';

/**
 * One item of a Call, Voicemail or Send SMS run while its execution waits in n8n for the contact's
 * calling window: `waiting` until `opens_at`, `waking` once a waker claimed it and asks n8n to resume
 * the node, `sending` while the node sends it, then `done`. A node that texts some items at once and
 * keeps others waiting stores the ones it sent as `done`, with their output, so that the resumed
 * node outputs every item in order. `moved_on` means the execution stopped waiting before the window
 * opened (its wait limit passed, or it was cancelled); `resumed`, that the node output them all.
 */
export type DeferredStatus = 'waiting' | 'waking' | 'sending' | 'done' | 'resumed' | 'moved_on';

export interface DeferredItem {
	id: number;
	execution_id: string;
	node_id: string;
	item_index: number;
	action: 'call' | 'voicemail' | 'sms';
	status: DeferredStatus;
	contact_id: number | null;
	opens_at: string | null;
	/** The node's resume URL: a bearer token, like the one manual action tasks keep. */
	resume_url: string;
	/** Who ran the action (workflow, node, execution, run), so the item is sent under the same idempotency key. */
	identity: Record<string, unknown>;
	/** The action's fields as the node read them for the item; parameters cannot be read again on resume. */
	input: Record<string, unknown>;
	item: Record<string, unknown>;
	/** The item's output once done (what Send SMS resumes with); null when Stop on Response ended its run or a call was placed. */
	output: Record<string, unknown> | null;
	claimed_at: string | null;
	created_at: string;
	updated_at: string;
}

export type DeferredItemInput = Pick<
	DeferredItem,
	| 'execution_id'
	| 'node_id'
	| 'item_index'
	| 'action'
	| 'status'
	| 'resume_url'
	| 'identity'
	| 'input'
	| 'item'
> &
	Partial<Pick<DeferredItem, 'contact_id' | 'opens_at' | 'output'>>;

const JSONS = ['identity', 'input', 'item'] as const;

function toItem(row: Row): DeferredItem {
	const item = {
		...(row as unknown as DeferredItem),
		id: num(row.id),
		item_index: num(row.item_index),
		contact_id: numOrNull(row.contact_id),
	};
	for (const key of JSONS) item[key] = json(row[key], {});
	item.output = json<Record<string, unknown> | null>(row.output, null);
	return item;
}

function column(key: string, value: unknown): SqlValue {
	if ((JSONS as readonly string[]).includes(key) || key === 'output')
		return value === null || value === undefined ? null : JSON.stringify(value);
	return (value ?? null) as SqlValue;
}

export class DeferredItems {
	constructor(private readonly db: SqlDatabase) {}

	/** One row per item of a node run; a retried node keeps the row (and the state) its first attempt made. */
	async keep(input: DeferredItemInput): Promise<DeferredItem> {
		const at = now();
		const entries = Object.entries(input);
		const row = await this.db.get(
			`INSERT INTO deferred_items (${entries.map(([k]) => k).join(', ')}, created_at, updated_at)
			 VALUES (${entries.map(() => '?').join(', ')}, ?, ?) ON CONFLICT (execution_id, node_id, item_index) DO NOTHING RETURNING *`,
			[...entries.map(([k, v]) => column(k, v)), at, at],
		);
		if (row) return toItem(row);
		const existing = await this.db.get(
			'SELECT * FROM deferred_items WHERE execution_id = ? AND node_id = ? AND item_index = ?',
			[input.execution_id, input.node_id, input.item_index],
		);
		return toItem(existing!);
	}

	/**
	 * Claims, in one statement, every item whose window has opened, and any claim left unfinished
	 * since `staleBefore` (its process died): two wakers never take the same item.
	 */
	async claimDue(at: string, staleBefore: string): Promise<DeferredItem[]> {
		const rows = await this.db.all(
			`UPDATE deferred_items SET status = 'waking', claimed_at = ?, updated_at = ?
			 WHERE (status = 'waiting' AND opens_at <= ?) OR (status IN ('waking', 'sending') AND claimed_at < ?) RETURNING *`,
			[now(), now(), at, staleBefore],
		);
		return rows.map(toItem).sort((a, b) => a.item_index - b.item_index);
	}

	/** The node takes a woken item to send it, unless another request took it first. */
	async claimForSending(
		id: number,
		executionId: string,
		nodeId: string,
	): Promise<DeferredItem | undefined> {
		const row = await this.db.get(
			`UPDATE deferred_items SET status = 'sending', claimed_at = ?, updated_at = ?
			 WHERE id = ? AND execution_id = ? AND node_id = ? AND status = 'waking' RETURNING *`,
			[now(), now(), id, executionId, nodeId],
		);
		return row && toItem(row);
	}

	/** The woken items a resume names that this execution's node may send: each taken by one request only. */
	async claimAllForSending(
		ids: unknown[],
		executionId: string,
		nodeId: string,
	): Promise<DeferredItem[]> {
		const claimed: DeferredItem[] = [];
		for (const id of ids.map(Number).filter(Number.isInteger)) {
			const row = await this.claimForSending(id, executionId, nodeId);
			if (row) claimed.push(row);
		}
		return claimed;
	}

	async update(
		id: number,
		patch: Partial<Pick<DeferredItem, 'status' | 'opens_at' | 'output' | 'claimed_at'>>,
	): Promise<void> {
		const entries = Object.entries(patch);
		await this.db.run(
			`UPDATE deferred_items SET ${entries.map(([k]) => `${k} = ?`).join(', ')}, updated_at = ? WHERE id = ?`,
			[...entries.map(([k, v]) => column(k, v)), now(), id],
		);
	}

	/**
	 * Once every item of the node is done, exactly one request takes them all to output them: the
	 * rows move to `resumed` in one statement, so a second request finds nothing left to take.
	 */
	async takeOutput(executionId: string, nodeId: string): Promise<DeferredItem[] | undefined> {
		const rows = await this.db.all(
			`UPDATE deferred_items SET status = 'resumed', updated_at = ?
			 WHERE execution_id = ? AND node_id = ? AND status = 'done'
			 AND NOT EXISTS (SELECT 1 FROM deferred_items o WHERE o.execution_id = ? AND o.node_id = ? AND o.status NOT IN ('done', 'resumed')) RETURNING *`,
			[now(), executionId, nodeId, executionId, nodeId],
		);
		return rows.length ? rows.map(toItem).sort((a, b) => a.item_index - b.item_index) : undefined;
	}

	/** Every item a waiting node keeps, in item order. */
	async forNode(executionId: string, nodeId: string): Promise<DeferredItem[]> {
		const rows = await this.db.all(
			'SELECT * FROM deferred_items WHERE execution_id = ? AND node_id = ? ORDER BY item_index',
			[executionId, nodeId],
		);
		return rows.map(toItem);
	}
}
