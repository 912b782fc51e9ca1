import type { Row, SqlDatabase } from './database';
import { now, num, numOrNull } from './rows';

export interface InAppNotification {
	id: number;
	user_id: number;
	title: string;
	message: string;
	redirect_page: string | null;
	contact_id: number | null;
	workflow_id: string | null;
	action_name: string | null;
	read_at: string | null;
	created_at: string;
}

function toNotification(row: Row): InAppNotification {
	return {
		...(row as unknown as InAppNotification),
		id: num(row.id),
		user_id: num(row.user_id),
		contact_id: numOrNull(row.contact_id),
		read_at: (row.read_at as string) ?? null,
		redirect_page: (row.redirect_page as string) ?? null,
	};
}

// An arbitrary constant: the first key of the per-recipient advisory locks, apart from other locks.
const RATE_LOCK_NAMESPACE = 727_361_002;

/** In-app notifications, kept for the Inbox bell with their read state. */
export class Notifications {
	constructor(private readonly db: SqlDatabase) {}

	async create(
		entry: Omit<InAppNotification, 'id' | 'read_at' | 'created_at'>,
	): Promise<InAppNotification> {
		const row = await this.db.get(
			`INSERT INTO notifications (user_id, title, message, redirect_page, contact_id, workflow_id, action_name, created_at)
			 VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
			[
				entry.user_id,
				entry.title,
				entry.message,
				entry.redirect_page,
				entry.contact_id,
				entry.workflow_id,
				entry.action_name,
				now(),
			],
		);
		return toNotification(row!);
	}

	async forUser(userId: number, { unreadOnly = false } = {}): Promise<InAppNotification[]> {
		const rows = await this.db.all(
			`SELECT * FROM notifications WHERE user_id = ? ${unreadOnly ? 'AND read_at IS NULL' : ''} ORDER BY created_at DESC, id DESC`,
			[userId],
		);
		return rows.map(toNotification);
	}

	async unreadCount(userId: number): Promise<number> {
		const row = await this.db.get<{ n: unknown }>(
			'SELECT COUNT(*) AS n FROM notifications WHERE user_id = ? AND read_at IS NULL',
			[userId],
		);
		return Number(row?.n ?? 0);
	}

	async markRead(userId: number, id: number): Promise<boolean> {
		const res = await this.db.run(
			'UPDATE notifications SET read_at = ? WHERE id = ? AND user_id = ? AND read_at IS NULL',
			[now(), id, userId],
		);
		return res.changes > 0;
	}

	/**
	 * Counts one notification for a recipient unless `limit` were already sent in the `windowMs`
	 * before `at`: a rolling window, so no burst across a boundary gets twice the limit. When it is
	 * full, `freesAt` is when its oldest send leaves it. Concurrent runs and processes take turns on
	 * the recipient, so none can overshoot.
	 */
	async takeSlot(
		recipient: string,
		at: number,
		limit: number,
		windowMs: number,
	): Promise<{ taken: true } | { taken: false; freesAt: number }> {
		const since = at - windowMs;
		return this.db.transaction(async (tx) => {
			// SQLite's write lock already serialises writers; PostgreSQL needs a lock per recipient.
			if (tx.dialect === 'postgres')
				await tx.get(`SELECT pg_advisory_xact_lock(${RATE_LOCK_NAMESPACE}, hashtext(?))`, [
					recipient,
				]);
			await tx.run('DELETE FROM notification_sends WHERE recipient = ? AND sent_at <= ?', [
				recipient,
				since,
			]);
			const inserted = await tx.get(
				`INSERT INTO notification_sends (recipient, sent_at)
				 SELECT ?, CAST(? AS BIGINT) WHERE (SELECT COUNT(*) FROM notification_sends WHERE recipient = ? AND sent_at > ?) < ? RETURNING sent_at`,
				[recipient, at, recipient, since, limit],
			);
			if (inserted) return { taken: true as const };
			const oldest = await tx.get<{ sent_at: unknown }>(
				'SELECT sent_at FROM notification_sends WHERE recipient = ? AND sent_at > ? ORDER BY sent_at LIMIT 1',
				[recipient, since],
			);
			return { taken: false as const, freesAt: Number(oldest?.sent_at ?? at) + windowMs };
		});
	}
}
