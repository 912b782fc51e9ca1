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

/** In-app notifications, kept for the Inbox bell with their read state. */
export class Notifications {
	constructor(private readonly db: SqlDatabase) {}

	async create(entry: Omit<InAppNotification, 'id' | 'read_at' | 'created_at'>): Promise<InAppNotification> {
		const row = await this.db.get(
			`INSERT INTO notifications (user_id, title, message, redirect_page, contact_id, workflow_id, action_name, created_at)
			 VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
			[entry.user_id, entry.title, entry.message, entry.redirect_page, entry.contact_id, entry.workflow_id, entry.action_name, now()],
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
		const row = await this.db.get<{ n: unknown }>('SELECT COUNT(*) AS n FROM notifications WHERE user_id = ? AND read_at IS NULL', [userId]);
		return Number(row?.n ?? 0);
	}

	async markRead(userId: number, id: number): Promise<boolean> {
		const res = await this.db.run('UPDATE notifications SET read_at = ? WHERE id = ? AND user_id = ? AND read_at IS NULL', [now(), id, userId]);
		return res.changes > 0;
	}

	/**
	 * Counts one notification for a recipient in its rate window, unless the window is full: true
	 * when it may go out. One statement, so concurrent runs and processes cannot overshoot.
	 */
	async takeSlot(recipient: string, windowStart: number, limit: number): Promise<boolean> {
		const row = await this.db.get(
			`INSERT INTO notification_windows (recipient, window_start, count) VALUES (?, ?, 1)
			 ON CONFLICT (recipient, window_start) DO UPDATE SET count = notification_windows.count + 1
			 WHERE notification_windows.count < ? RETURNING count`,
			[recipient, windowStart, limit],
		);
		return row !== undefined;
	}
}
