import type { TemplateKind } from '../store/types';
import type { ActionRun } from './actionRun';
import { ActionError } from './errors';

export interface TemplateSelection {
	/** The saved template's id, or empty for a message written in the action. */
	templateId?: number | string | null;
	/** Sync Edits to Template: on, the action follows the saved template. */
	sync: boolean;
}

export interface ActionContent {
	subject: string;
	body: string;
	template?: { id: number; name: string; synced: boolean };
}

/**
 * The subject and body an action sends. With sync on the saved template is the source; with sync
 * off the action's own Message wins, and an empty Message falls back to the copy the action took of
 * the template the first time it ran, so later template edits do not change it.
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
	const info = { id: template.id, name: template.name, synced: selection.sync };
	if (selection.sync) {
		return { subject: ownSubject || template.subject || '', body: template.body, template: info };
	}
	if (ownBody.trim() !== '') {
		return { subject: ownSubject || template.subject || '', body: ownBody, template: info };
	}
	const { workflowId, nodeId } = run.identity;
	const copy = await run.once(`copy:${id}`, () => run.store.templates.copyFor(workflowId, nodeId, template));
	return { subject: ownSubject || copy.subject || '', body: copy.body, template: info };
}
