import type { SqlDatabase } from './database';
import { now, num } from './rows';

export interface TrackedLink {
	id: number;
	delivery_id: number;
	url: string;
	clicks: number;
}

/** Links in sent messages that the workspace endpoint redirects and counts. */
export class TrackedLinks {
	constructor(private readonly db: SqlDatabase) {}

	async create(deliveryId: number, url: string): Promise<TrackedLink> {
		const row = await this.db.get(
			'INSERT INTO tracked_links (delivery_id, url, created_at) VALUES (?, ?, ?) RETURNING *',
			[deliveryId, url, now()],
		);
		return { id: num(row!.id), delivery_id: deliveryId, url, clicks: 0 };
	}

	/** Counts a click and returns where it goes. */
	async click(id: number): Promise<TrackedLink | undefined> {
		const at = now();
		await this.db.run(
			'UPDATE tracked_links SET clicks = clicks + 1, first_clicked_at = COALESCE(first_clicked_at, ?) WHERE id = ?',
			[at, id],
		);
		const row = await this.db.get('SELECT * FROM tracked_links WHERE id = ?', [id]);
		if (!row) return undefined;
		return {
			id: num(row.id),
			delivery_id: num(row.delivery_id),
			url: String(row.url),
			clicks: num(row.clicks),
		};
	}
}
