import type { IDataObject } from 'n8n-workflow';
import type { WorkspaceOperation } from '../types';

export const save: WorkspaceOperation = {
	properties: [
		{
			displayName: 'Kind',
			name: 'kind',
			type: 'options',
			default: 'email',
			options: [
				{ name: 'Email', value: 'email' },
				{ name: 'SMS', value: 'sms' },
			],
			displayOptions: { show: { resource: ['template'], operation: ['save', 'getAll'] } },
		},
		{
			displayName: 'Name',
			name: 'name',
			type: 'string',
			default: '',
			required: true,
			description: 'A template with this name is updated; otherwise one is created',
		},
		{
			displayName: 'Subject',
			name: 'subject',
			type: 'string',
			default: '',
			displayOptions: { show: { resource: ['template'], operation: ['save'], kind: ['email'] } },
		},
		{
			displayName: 'Body',
			name: 'body',
			type: 'string',
			typeOptions: { rows: 8 },
			default: '',
			required: true,
			description: 'The message with custom values such as {{contact.first_name}}',
		},
	],
	async execute(ctx, i, store) {
		const kind = ctx.getNodeParameter('kind', i) as 'email' | 'sms';
		const subject = kind === 'email' ? (ctx.getNodeParameter('subject', i, '') as string) : null;
		const saved = await store.templates.save(
			kind,
			ctx.getNodeParameter('name', i) as string,
			ctx.getNodeParameter('body', i) as string,
			subject || null,
		);
		return saved as unknown as IDataObject;
	},
};
