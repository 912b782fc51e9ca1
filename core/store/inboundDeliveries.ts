import type { Row, SqlDatabase } from './database';
import { json, now, num } from './rows';

export interface InboundDelivery {
	id: number;
	/** The trigger that received it: its workflow and node. */
	source: string;
	event_id: string | null;
	content_type: string;
	body: Record<string, unknown>;
	/** How many retried copies of this delivery arrived after it and were not started again. */
	duplicates: number;
	received_at: string;
	last_duplicate_at: string | null;
}

function toDelivery(row: Row): InboundDelivery {
	return {
		id: num(row.id),
		source: String(row.source),
		event_id: (row.event_id as string) ?? null,
		content_type: String(row.content_type),
		body: json(row.body, {}),
		duplicates: num(row.duplicates),
		received_at: String(row.received_at),
		last_duplicate_at: (row.last_duplicate_at as string) ?? null,
	};
}

/** Every delivery an Inbound Webhook Trigger accepted, and the guard that starts a retried one only once. */
export class InboundDeliveries {
	constructor(private readonly db: SqlDatabase) {}

	/**
	 * Records a delivery. A delivery whose event id this trigger has already accepted is not recorded
	 * again: the earlier record comes back with `duplicate` set, and its duplicate count goes up.
	 */
	async accept(entry: {
		source: string;
		event_id: string | null;
		content_type: string;
		body: unknown;
	}): Promise<{ delivery: InboundDelivery; duplicate: boolean }> {
		const at = now();
		const row = await this.db.get(
			`INSERT INTO inbound_deliveries (source, event_id, content_type, body, received_at) VALUES (?, ?, ?, ?, ?)
			 ON CONFLICT (source, event_id) DO NOTHING RETURNING *`,
			[entry.source, entry.event_id, entry.content_type, JSON.stringify(entry.body ?? {}), at],
		);
		if (row) return { delivery: toDelivery(row), duplicate: false };
		await this.db.run(
			'UPDATE inbound_deliveries SET duplicates = duplicates + 1, last_duplicate_at = ? WHERE source = ? AND event_id = ?',
			[at, entry.source, entry.event_id],
		);
		const existing = await this.db.get(
			'SELECT * FROM inbound_deliveries WHERE source = ? AND event_id = ?',
			[entry.source, entry.event_id],
		);
		return { delivery: toDelivery(existing!), duplicate: true };
	}

	async list(source: string, limit = 100): Promise<InboundDelivery[]> {
		const rows = await this.db.all(
			'SELECT * FROM inbound_deliveries WHERE source = ? ORDER BY id DESC LIMIT ?',
			[source, limit],
		);
		return rows.map(toDelivery);
	}
}
