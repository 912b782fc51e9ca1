import type { Row, SqlDatabase } from './database';
import { now, num } from './rows';
import type { SavedTemplate, TemplateKind } from './types';

function toTemplate(row: Row): SavedTemplate {
	return {
		id: num(row.id),
		kind: row.kind as TemplateKind,
		name: String(row.name),
		subject: (row.subject as string) ?? null,
		body: String(row.body),
		updated_at: String(row.updated_at),
	};
}

/** Now, or just after `previous` when the clock has not moved on: an edit always changes updated_at. */
function laterThan(previous: string): string {
	const at = now();
	return at > previous ? at : new Date(Date.parse(previous) + 1).toISOString();
}

export interface TemplateCopy {
	subject: string | null;
	body: string;
	created_at: string;
}

/** The workspace's saved email and SMS templates, and the private copies that unsynced actions keep. */
export class Templates {
	constructor(private readonly db: SqlDatabase) {}

	/** Creates the template, or replaces the subject and body of the one with the same name. */
	async save(
		kind: TemplateKind,
		name: string,
		body: string,
		subject: string | null = null,
	): Promise<SavedTemplate> {
		const existing = await this.db.get(
			'SELECT updated_at FROM templates WHERE kind = ? AND name = ?',
			[kind, name],
		);
		const at = existing ? laterThan(String(existing.updated_at)) : now();
		const row = await this.db.get(
			`INSERT INTO templates (kind, name, subject, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
			 ON CONFLICT (kind, name) DO UPDATE SET subject = excluded.subject, body = excluded.body, updated_at = excluded.updated_at
			 RETURNING *`,
			[kind, name, subject, body, at, at],
		);
		return toTemplate(row!);
	}

	/** Replaces a template's body (and subject, when given) by id; undefined when it no longer exists. */
	async update(
		id: number,
		body: string,
		subject?: string | null,
		name?: string,
	): Promise<SavedTemplate | undefined> {
		const current = await this.get(id);
		if (!current) return undefined;
		const row = await this.db.get(
			'UPDATE templates SET name = ?, subject = ?, body = ?, updated_at = ? WHERE id = ? RETURNING *',
			[
				name ?? current.name,
				subject === undefined ? current.subject : subject,
				body,
				laterThan(current.updated_at),
				id,
			],
		);
		return row && toTemplate(row);
	}

	async get(id: number): Promise<SavedTemplate | undefined> {
		const row = await this.db.get('SELECT * FROM templates WHERE id = ?', [id]);
		return row && toTemplate(row);
	}

	async list(kind: TemplateKind): Promise<SavedTemplate[]> {
		const rows = await this.db.all('SELECT * FROM templates WHERE kind = ? ORDER BY name', [kind]);
		return rows.map(toTemplate);
	}

	async delete(id: number): Promise<boolean> {
		return (await this.db.run('DELETE FROM templates WHERE id = ?', [id])).changes > 0;
	}

	/**
	 * With Sync Edits to Template off, an action keeps the template as it was when the action first
	 * used it; later edits to the saved template do not reach that action.
	 */
	async copyFor(
		workflowId: string,
		nodeId: string,
		template: SavedTemplate,
	): Promise<TemplateCopy> {
		await this.db.run(
			`INSERT INTO template_copies (workflow_id, node_id, template_id, subject, body, created_at)
			 VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
			[workflowId, nodeId, template.id, template.subject, template.body, now()],
		);
		const row = await this.db.get(
			'SELECT subject, body, created_at FROM template_copies WHERE workflow_id = ? AND node_id = ? AND template_id = ?',
			[workflowId, nodeId, template.id],
		);
		return row as unknown as TemplateCopy;
	}
}
