import type { SqlDatabase } from './database';
import { now } from './rows';

/** What a synced action and its template last agreed on, and the newest Message seen in the node since. */
export interface SyncPoint {
	/** The node's Message at the last sync (null: the node had none, it followed the template). */
	node_body: string | null;
	/** The template's updated_at at the last sync. */
	template_updated_at: string;
	synced_at: string;
	/** A Message an editor test run carried after the last sync, and when it was first seen. */
	seen_body: string | null;
	seen_at: string | null;
}

type Key = { workflowId: string; nodeId: string; templateId: number };

/** The sync points of actions with Sync Edits to Template on. */
export class TemplateSync {
	constructor(private readonly db: SqlDatabase) {}

	async get({ workflowId, nodeId, templateId }: Key): Promise<SyncPoint | undefined> {
		const row = await this.db.get(
			'SELECT node_body, template_updated_at, synced_at, seen_body, seen_at FROM template_sync WHERE workflow_id = ? AND node_id = ? AND template_id = ?',
			[workflowId, nodeId, templateId],
		);
		return row as unknown as SyncPoint | undefined;
	}

	/** Records that the node's Message and the template agree as of now. */
	async mark(
		{ workflowId, nodeId, templateId }: Key,
		nodeBody: string | null,
		templateUpdatedAt: string,
	): Promise<void> {
		await this.db.run(
			`INSERT INTO template_sync (workflow_id, node_id, template_id, node_body, template_updated_at, synced_at, seen_body, seen_at)
			 VALUES (?, ?, ?, ?, ?, ?, NULL, NULL)
			 ON CONFLICT (workflow_id, node_id, template_id) DO UPDATE SET node_body = excluded.node_body,
			 template_updated_at = excluded.template_updated_at, synced_at = excluded.synced_at, seen_body = NULL, seen_at = NULL`,
			[workflowId, nodeId, templateId, nodeBody, templateUpdatedAt, now()],
		);
	}

	/**
	 * Remembers when an editor test run first carried a Message differing from the last sync, so the
	 * next live run can tell whether that edit or the template's is newer. Seeing the same Message
	 * again keeps the first time.
	 */
	async sawInTestRun({ workflowId, nodeId, templateId }: Key, body: string): Promise<void> {
		await this.db.run(
			`UPDATE template_sync SET seen_body = ?, seen_at = ?
			 WHERE workflow_id = ? AND node_id = ? AND template_id = ?
			 AND (node_body IS NULL OR node_body <> ?) AND (seen_body IS NULL OR seen_body <> ?)`,
			[body, now(), workflowId, nodeId, templateId, body, body],
		);
	}
}
