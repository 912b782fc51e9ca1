import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { nodeParameter } from '../execution/parameters';

/** The email Add Attachments field: files from the item's binary properties, and files by URL. */
export const emailAttachmentsProperty: INodeProperties = {
	displayName: 'Add Attachments',
	name: 'attachments',
	type: 'fixedCollection',
	placeholder: 'Add Attachment',
	typeOptions: { multipleValues: true },
	default: {},
	options: [
		{
			displayName: 'File From Input',
			name: 'binary',
			values: [
				{
					displayName: 'Input Binary Field',
					name: 'property',
					type: 'string',
					default: 'data',
					description:
						'Name of the binary property of the item that holds the file; several can be comma-separated',
				},
			],
		},
		{
			displayName: 'File URL',
			name: 'url',
			values: [
				{
					displayName: 'URL',
					name: 'url',
					type: 'string',
					default: '',
					placeholder: 'https://files.yourpractice.com/menu.pdf',
				},
				{
					displayName: 'File Name',
					name: 'fileName',
					type: 'string',
					default: '',
					description: "Leave empty for the URL's file name",
				},
			],
		},
	],
};

/** The SMS actions' attachment field: file URLs added with + Add, sent as links. */
export function fileUrlsProperty(displayName: string, name: string): INodeProperties {
	return {
		displayName,
		name,
		type: 'fixedCollection',
		placeholder: '+ Add',
		typeOptions: { multipleValues: true },
		default: {},
		description: 'SMS carries no files: each file URL is sent as a link in the message',
		options: [
			{
				displayName: 'File URL',
				name: 'url',
				values: [
					{
						displayName: 'URL',
						name: 'url',
						type: 'string',
						default: '',
						placeholder: 'https://files.yourpractice.com/aftercare.pdf',
					},
				],
			},
		],
	};
}

export function readFileUrls(ctx: IExecuteFunctions, name: string, itemIndex: number): string[] {
	const value = nodeParameter<{ url?: Array<{ url?: string }> }>(ctx, name, itemIndex, {});
	return (value.url ?? []).map((entry) => entry.url ?? '');
}
