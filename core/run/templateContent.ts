import type { SavedTemplate, TemplateKind } from '../store/types';
import type { ActionRun } from './actionRun';
import { ActionError } from './errors';

export interface TemplateSelection {
	/** The saved template's id, or empty for a message written in the action. */
	templateId?: number | string | null;
	/** Sync Edits to Template: on, the action follows the saved template. */
	sync: boolean;
}

/** What a synced action's run did between its Message and the template (see syncWithTemplate). */
export interface SyncReport {
	/**
	 * `in_sync`: neither side changed since the last sync; `message_to_template`: the Message edited in
	 * the action was written to the template; `template_to_message`: the template's edit is what this
	 * action sent; `test_run`: an editor test run sent the edited Message and noted when it was
	 * first seen, without changing the template (the next live run syncs it).
	 */
	direction: 'in_sync' | 'message_to_template' | 'template_to_message' | 'test_run';
	/** Both sides changed since the last sync: the newer edit won. */
	conflict: boolean;
	winner?: 'message' | 'template';
}

export interface TemplateInfo {
	id: number;
	name: string;
	synced: boolean;
	sync?: SyncReport;
}

export interface ActionContent {
	subject: string;
	body: string;
	template?: TemplateInfo;
}

/**
 * Sync Edits to Template, both ways, decided when the action runs (n8n cannot write to the store
 * while someone edits a node). Against the last sync point: a Message edited in the action is
 * written to the template by the next live run, so every other synced action sends it too; a
 * template edited since reaches this action's sends; when both changed, the newer edit wins. A
 * Message edit dates from the first run that carried it: an editor test run notes it (and sends it
 * to the test address) without touching the shared template, a live run dates it now. An empty
 * Message means the action follows the template.
 */
async function syncWithTemplate(
	run: ActionRun,
	template: SavedTemplate,
	ownBody: string,
): Promise<{ body: string; sync: SyncReport }> {
	const key = {
		workflowId: run.identity.workflowId,
		nodeId: run.identity.nodeId,
		templateId: template.id,
	};
	const point = await run.store.templateSync.get(key);
	const message = ownBody.trim() === '' ? null : ownBody;
	const messageChanged = message !== null && message !== (point ? point.node_body : template.body);
	const templateChanged = !!point && template.updated_at !== point.template_updated_at;
	if (messageChanged && run.identity.isManual) {
		if (!point) await run.store.templateSync.mark(key, null, template.updated_at);
		await run.store.templateSync.sawInTestRun(key, message!);
		return { body: message!, sync: { direction: 'test_run', conflict: false } };
	}
	let messageWins = messageChanged && !templateChanged;
	let conflict = false;
	if (messageChanged && templateChanged) {
		conflict = true;
		const editedAt =
			point!.seen_body === message && point!.seen_at ? point!.seen_at : new Date().toISOString();
		messageWins = editedAt > template.updated_at;
	}
	if (messageWins) {
		const saved = await run.store.templates.update(template.id, message!);
		if (!saved)
			throw new ActionError(
				'Template',
				`The saved template with id ${template.id} was deleted while the action ran`,
			);
		await run.store.templateSync.mark(key, message, saved.updated_at);
		return {
			body: message!,
			sync: {
				direction: 'message_to_template',
				conflict,
				...(conflict ? { winner: 'message' } : {}),
			},
		};
	}
	if (!point || templateChanged || messageChanged)
		await run.store.templateSync.mark(key, message, template.updated_at);
	const direction = templateChanged ? 'template_to_message' : 'in_sync';
	return {
		body: template.body,
		sync: { direction, conflict, ...(conflict ? { winner: 'template' } : {}) },
	};
}

/**
 * The subject and body an action sends. With sync on the Message and the saved template follow each
 * other (syncWithTemplate); with sync off the action's own Message wins, and an empty Message falls
 * back to the copy the action took of the template the first time it ran, so later template edits
 * do not change it.
 */
export async function resolveContent(
	run: ActionRun,
	kind: TemplateKind,
	selection: TemplateSelection,
	own: { subject?: string; body?: string },
): Promise<ActionContent> {
	const ownSubject = own.subject ?? '';
	const ownBody = own.body ?? '';
	const id = Number(selection.templateId);
	if (!selection.templateId || !Number.isInteger(id) || id <= 0) {
		return { subject: ownSubject, body: ownBody };
	}
	const template = await run.once(`template:${id}`, () => run.store.templates.get(id));
	if (!template || template.kind !== kind) {
		throw new ActionError(
			'Template',
			`The saved ${kind === 'email' ? 'email' : 'SMS'} template with id ${id} does not exist (it may have been deleted)`,
			'Choose another template, or clear Template and write the Message in the action.',
		);
	}
	const info: TemplateInfo = { id: template.id, name: template.name, synced: selection.sync };
	if (selection.sync) {
		// Items of one run share one sync decision per Message.
		const synced = await run.once(`sync:${id}:${ownBody}`, () =>
			syncWithTemplate(run, template, ownBody),
		);
		return {
			subject: ownSubject || template.subject || '',
			body: synced.body,
			template: { ...info, sync: synced.sync },
		};
	}
	if (ownBody.trim() !== '') {
		return { subject: ownSubject || template.subject || '', body: ownBody, template: info };
	}
	const { workflowId, nodeId } = run.identity;
	const copy = await run.once(`copy:${id}`, () =>
		run.store.templates.copyFor(workflowId, nodeId, template),
	);
	return { subject: ownSubject || copy.subject || '', body: copy.body, template: info };
}
