import {
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';
import { ATTACHMENT_LIMITS, fetchFile, type FileUrlPolicy } from '../../core/attachments/fetchFile';
import type { EmailAttachment } from '../../providers/smtp';
import { nodeParameter } from './parameters';

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

/** The Add Attachments field: binary properties of the item, and files by URL. */
export interface AttachmentsParameter {
	binary?: Array<{ property?: string }>;
	url?: Array<{ url?: string; fileName?: string }>;
}

function fileNameFromUrl(url: string): string {
	try {
		const last = new URL(url).pathname.split('/').filter(Boolean).pop();
		return last ? decodeURIComponent(last) : 'attachment';
	} catch {
		return 'attachment';
	}
}

/**
 * The files a node run downloads for attachments: each URL once per run, within the size and time
 * limits, and from a private or local network address only when the SMTP credential allows it.
 */
export class AttachmentDownloads {
	private readonly cache = new Map<string, Promise<EmailAttachment>>();
	private readonly policy: FileUrlPolicy;

	constructor(smtpCredential: ICredentialDataDecryptedObject) {
		this.policy = {
			...ATTACHMENT_LIMITS,
			allowPrivateAddresses: smtpCredential.allowPrivateFileUrls === true,
		};
	}

	get(ctx: IExecuteFunctions, itemIndex: number, url: string): Promise<EmailAttachment> {
		let download = this.cache.get(url);
		if (!download) {
			download = fetchFile(url, this.policy).then(
				(file) => ({
					filename: fileNameFromUrl(url),
					content: file.content,
					contentType: file.contentType,
				}),
				(error: Error) => {
					throw new NodeOperationError(
						ctx.getNode(),
						`Add Attachments: File URL "${url}" could not be downloaded: ${error.message}`,
						{
							itemIndex,
							description: / private or local network address$/.test(error.message)
								? "Files from this n8n's own network are refused, so a workflow cannot read internal services. If the file is meant to come from there, turn on Allow File URLs on Private Networks in the SMTP credential."
								: undefined,
						},
					);
				},
			);
			this.cache.set(url, download);
		}
		return download;
	}
}

/** Gathers an item's attachments: binary properties of the item, and files by URL. */
export async function collectAttachments(
	ctx: IExecuteFunctions,
	itemIndex: number,
	parameter: AttachmentsParameter,
	downloads: AttachmentDownloads,
): Promise<EmailAttachment[]> {
	const attachments: EmailAttachment[] = [];
	const item = ctx.getInputData()[itemIndex];
	for (const entry of parameter.binary ?? []) {
		const names = String(entry.property ?? '')
			.split(',')
			.map((n) => n.trim())
			.filter(Boolean);
		for (const name of names) {
			if (!item.binary?.[name]) {
				const available = Object.keys(item.binary ?? {});
				throw new NodeOperationError(
					ctx.getNode(),
					`Add Attachments: the item has no binary property "${name}"`,
					{
						itemIndex,
						description: available.length
							? `Its binary properties are: ${available.join(', ')}`
							: 'The item carries no files.',
					},
				);
			}
			const data = ctx.helpers.assertBinaryData(itemIndex, name);
			attachments.push({
				filename: data.fileName || name,
				content: await ctx.helpers.getBinaryDataBuffer(itemIndex, name),
				contentType: data.mimeType,
			});
		}
	}
	for (const entry of parameter.url ?? []) {
		const url = String(entry.url ?? '').trim();
		if (!url) continue;
		if (!/^https?:\/\//i.test(url)) {
			throw new NodeOperationError(
				ctx.getNode(),
				`Add Attachments: File URL "${url}" must start with http:// or https://`,
				{
					itemIndex,
				},
			);
		}
		const download = downloads.get(ctx, itemIndex, url);
		const file = await download;
		attachments.push({ ...file, filename: entry.fileName?.trim() || file.filename });
	}
	return attachments;
}
