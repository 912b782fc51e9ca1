import type { ILoadOptionsFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import type { TemplateKind } from '../../../core/store';
import { workspaceStore } from '../transport/workspace';

async function templateOptions(
	ctx: ILoadOptionsFunctions,
	kind: TemplateKind,
): Promise<INodePropertyOptions[]> {
	const store = await workspaceStore(ctx);
	const templates = await store.templates.list(kind);
	return [
		{ name: '- None (Write the Message Here) -', value: '' },
		...templates.map((t) => ({
			name: t.name,
			value: String(t.id),
			description: t.subject ?? undefined,
		})),
	];
}

/** The Template dropdowns: the workspace's saved templates of each kind. */
export async function getEmailTemplates(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	return templateOptions(this, 'email');
}

export async function getSmsTemplates(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	return templateOptions(this, 'sms');
}

/** The Templates field of the SMS actions: a saved SMS template that prefills the message. */
export const smsTemplateProperty: INodeProperties = {
	// The spec's field name; the description says how to give an ID instead.
	// eslint-disable-next-line n8n-nodes-base/node-param-display-name-wrong-for-dynamic-options
	displayName: 'Template',
	name: 'template',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getSmsTemplates' },
	default: '',
	description:
		'A saved SMS template that prefills the message when Message is empty. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};
