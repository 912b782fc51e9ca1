import type { Row, SqlDatabase } from './database';
import { bool, json, now, num, numOrNull } from './rows';
import type { DeliveryRecord, DeliveryStatus } from './types';

export type DeliveryClaim = Pick<
	DeliveryRecord,
	'idempotency_key' | 'workflow_id' | 'node_id' | 'action_name' | 'execution_id' | 'channel' | 'contact_id' | 'recipient' | 'is_test'
>;

function toRecord(row: Row): DeliveryRecord {
	return {
		...(row as unknown as DeliveryRecord),
		id: num(row.id),
		contact_id: numOrNull(row.contact_id),
		is_test: bool(row.is_test),
		result: json(row.result, {}),
	};
}

/** Statuses after which the message went out and must never be sent again. */
const SENT: DeliveryStatus[] = ['accepted', 'delivered', 'opened', 'clicked', 'bounced', 'complained'];

/** Per-action delivery records: the action's statistics, and the guard that keeps a retry from sending twice. */
export class Deliveries {
	constructor(private readonly db: SqlDatabase) {}

	/**
	 * Claims the right to send for one item of one node run. `alreadySent` is the earlier record
	 * when n8n retried the node after this item had gone out.
	 */
	async claim(claim: DeliveryClaim): Promise<{ record: DeliveryRecord; alreadySent: boolean }> {
		const at = now();
		const inserted = await this.db.get(
			`INSERT INTO delivery_records (idempotency_key, workflow_id, node_id, action_name, execution_id, channel, contact_id,
			   recipient, status, is_test, created_at, updated_at)
			 VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'sending', ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING RETURNING *`,
			[
				claim.idempotency_key,
				claim.workflow_id,
				claim.node_id,
				claim.action_name,
				claim.execution_id,
				claim.channel,
				claim.contact_id,
				claim.recipient,
				claim.is_test ? 1 : 0,
				at,
				at,
			],
		);
		if (inserted) return { record: toRecord(inserted), alreadySent: false };
		const existing = toRecord(
			(await this.db.get('SELECT * FROM delivery_records WHERE idempotency_key = ?', [claim.idempotency_key]))!,
		);
		return { record: existing, alreadySent: SENT.includes(existing.status) };
	}

	async finish(
		id: number,
		outcome: { status: DeliveryStatus; provider_message_id?: string | null; error?: string | null; result?: Record<string, unknown> },
	): Promise<void> {
		await this.db.run(
			'UPDATE delivery_records SET status = ?, provider_message_id = ?, error = ?, result = ?, updated_at = ? WHERE id = ?',
			[
				outcome.status,
				outcome.provider_message_id ?? null,
				outcome.error ?? null,
				JSON.stringify(outcome.result ?? {}),
				now(),
				id,
			],
		);
	}

	async forAction(workflowId: string, nodeId: string): Promise<DeliveryRecord[]> {
		const rows = await this.db.all(
			'SELECT * FROM delivery_records WHERE workflow_id = ? AND node_id = ? ORDER BY id',
			[workflowId, nodeId],
		);
		return rows.map(toRecord);
	}

	/** Statistics of an action by the name users see on it; a renamed action starts a new count. */
	async statisticsByActionName(workflowId: string, actionName: string): Promise<Record<string, number>> {
		const rows = await this.db.all<{ status: string; n: unknown }>(
			`SELECT status, COUNT(*) AS n FROM delivery_records WHERE workflow_id = ? AND action_name = ? AND is_test = 0 GROUP BY status`,
			[workflowId, actionName],
		);
		return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
	}

	/** The action's statistics: live sends per status; test sends are not counted. */
	async statistics(workflowId: string, nodeId: string): Promise<Record<string, number>> {
		const rows = await this.db.all<{ status: string; n: unknown }>(
			`SELECT status, COUNT(*) AS n FROM delivery_records WHERE workflow_id = ? AND node_id = ? AND is_test = 0 GROUP BY status`,
			[workflowId, nodeId],
		);
		return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
	}
}
