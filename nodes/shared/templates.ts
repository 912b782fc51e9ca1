import type { ILoadOptionsFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import type { TemplateKind } from '../../core/store';
import { workspaceStore } from './workspace';

async function templateOptions(ctx: ILoadOptionsFunctions, kind: TemplateKind): Promise<INodePropertyOptions[]> {
	const store = await workspaceStore(ctx);
	const templates = await store.templates.list(kind);
	return [
		{ name: '- None (Write the Message Here) -', value: '' },
		...templates.map((t) => ({ name: t.name, value: String(t.id), description: t.subject ?? undefined })),
	];
}

/**
 * With Sync Edits to Template on, the list reloads as the Message changes (loadOptionsDependsOn), so
 * the workspace learns when a Message was edited: the run compares that time with the template's.
 */
async function noteEditedMessage(ctx: ILoadOptionsFunctions): Promise<void> {
	const templateId = Number(ctx.getCurrentNodeParameter('template'));
	const message = ctx.getCurrentNodeParameter('message');
	const workflowId = ctx.getWorkflow().id;
	if (!ctx.getCurrentNodeParameter('syncWithTemplate') || !Number.isInteger(templateId) || templateId <= 0) return;
	if (typeof message !== 'string' || message.trim() === '' || !workflowId) return;
	const store = await workspaceStore(ctx);
	await store.templateSync.sawInEditor({ workflowId: String(workflowId), nodeId: ctx.getNode().id, templateId }, message);
}

/** The Template dropdowns: the workspace's saved templates of each kind. */
export async function getEmailTemplates(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	await noteEditedMessage(this);
	return templateOptions(this, 'email');
}

export async function getSmsTemplates(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return templateOptions(this, 'sms');
}

/** The Templates field of the SMS actions: a saved SMS template that prefills the message. */
export const smsTemplateProperty: INodeProperties = {
	displayName: 'Template Name or ID',
	name: 'template',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getSmsTemplates' },
	default: '',
	description:
		'A saved SMS template that prefills the message when Message is empty. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};
