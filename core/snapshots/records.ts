import type { SqlDatabase } from '../store/database';
import { json, now, num } from '../store/rows';
import type { LoadChoices } from './choices';

export interface SnapshotLoad {
	snapshot_id: string;
	name: string;
	revision: number;
	publisher_key: string;
	choices: LoadChoices;
	loaded_at: string;
	updated_at: string;
}

export interface SnapshotItemRecord {
	item_key: string;
	kind: string;
	/** The item's name in the snapshot, for listing it once the snapshot no longer has it. */
	name: string;
	/** The clinic's own id for the item: a template, a team user, an n8n workflow; null for a setting. */
	local_ref: string | null;
	/** The snapshot's item as last loaded or pushed. */
	source_hash: string;
	/** The clinic's item right after that load or push: anything else since is the clinic's own edit. */
	local_hash: string;
}

/** The clinic side of snapshots: which it loaded, at which revision, and what each item was then. */
export class SnapshotRecords {
	constructor(private readonly db: SqlDatabase) {}

	async load(snapshotId: string): Promise<SnapshotLoad | undefined> {
		const row = await this.db.get('SELECT * FROM snapshot_loads WHERE snapshot_id = ?', [
			snapshotId,
		]);
		if (!row) return undefined;
		return {
			snapshot_id: String(row.snapshot_id),
			name: String(row.name),
			revision: num(row.revision),
			publisher_key: String(row.publisher_key),
			choices: json<LoadChoices>(row.choices, {
				values: {},
				credentials: {},
				webhookPathPrefix: '',
			}),
			loaded_at: String(row.loaded_at),
			updated_at: String(row.updated_at),
		};
	}

	async items(snapshotId: string): Promise<Map<string, SnapshotItemRecord>> {
		const rows = await this.db.all<SnapshotItemRecord>(
			'SELECT item_key, kind, name, local_ref, source_hash, local_hash FROM snapshot_items WHERE snapshot_id = ?',
			[snapshotId],
		);
		return new Map(rows.map((r) => [r.item_key, { ...r, local_ref: r.local_ref ?? null }]));
	}

	/**
	 * Writes the load and its changed items: one call per load or push, inside its transaction. A
	 * load that changed nothing (the same revision, the same choices, no item) writes nothing.
	 */
	async save(
		load: Omit<SnapshotLoad, 'loaded_at' | 'updated_at'>,
		items: SnapshotItemRecord[],
		removedKeys: string[],
	): Promise<void> {
		const earlier = await this.load(load.snapshot_id);
		if (
			earlier &&
			items.length === 0 &&
			removedKeys.length === 0 &&
			earlier.revision === load.revision &&
			earlier.name === load.name &&
			JSON.stringify(earlier.choices) === JSON.stringify(load.choices)
		)
			return;
		const at = now();
		await this.db.run(
			`INSERT INTO snapshot_loads (snapshot_id, name, revision, publisher_key, choices, loaded_at, updated_at)
			 VALUES (?, ?, ?, ?, ?, ?, ?)
			 ON CONFLICT (snapshot_id) DO UPDATE SET name = excluded.name, revision = excluded.revision,
			   publisher_key = excluded.publisher_key, choices = excluded.choices, updated_at = excluded.updated_at`,
			[
				load.snapshot_id,
				load.name,
				load.revision,
				load.publisher_key,
				JSON.stringify(load.choices),
				at,
				at,
			],
		);
		for (const item of items) {
			await this.db.run(
				`INSERT INTO snapshot_items (snapshot_id, item_key, kind, name, local_ref, source_hash, local_hash, updated_at)
				 VALUES (?, ?, ?, ?, ?, ?, ?, ?)
				 ON CONFLICT (snapshot_id, item_key) DO UPDATE SET kind = excluded.kind, name = excluded.name, local_ref = excluded.local_ref,
				   source_hash = excluded.source_hash, local_hash = excluded.local_hash, updated_at = excluded.updated_at`,
				[
					load.snapshot_id,
					item.item_key,
					item.kind,
					item.name,
					item.local_ref,
					item.source_hash,
					item.local_hash,
					at,
				],
			);
		}
		for (const key of removedKeys) {
			await this.db.run('DELETE FROM snapshot_items WHERE snapshot_id = ? AND item_key = ?', [
				load.snapshot_id,
				key,
			]);
		}
	}
}
