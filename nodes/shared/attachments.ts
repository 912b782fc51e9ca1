import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import type { EmailAttachment } from '../../providers/smtp';

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
						description: 'Name of the binary property of the item that holds the file; several can be comma-separated',
					},
				],
			},
			{
				displayName: 'File URL',
				name: 'url',
				values: [
					{ displayName: 'URL', name: 'url', type: 'string', default: '', placeholder: 'https://files.yourpractice.com/menu.pdf' },
					{ displayName: 'File Name', name: 'fileName', type: 'string', default: '', description: "Leave empty for the URL's file name" },
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
				values: [{ displayName: 'URL', name: 'url', type: 'string', default: '', placeholder: 'https://files.yourpractice.com/aftercare.pdf' }],
			},
		],
	};
}

export function readFileUrls(ctx: IExecuteFunctions, name: string, itemIndex: number): string[] {
	const value = ctx.getNodeParameter(name, itemIndex, {}) as { url?: Array<{ url?: string }> };
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
 * Gathers an item's attachments. A URL used by many items is downloaded once per node run; the
 * cache is the caller's, one per run.
 */
export async function collectAttachments(
	ctx: IExecuteFunctions,
	itemIndex: number,
	parameter: AttachmentsParameter,
	urlCache: Map<string, Promise<EmailAttachment>>,
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
				throw new NodeOperationError(ctx.getNode(), `Add Attachments: the item has no binary property "${name}"`, {
					itemIndex,
					description: available.length ? `Its binary properties are: ${available.join(', ')}` : 'The item carries no files.',
				});
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
			throw new NodeOperationError(ctx.getNode(), `Add Attachments: File URL "${url}" must start with http:// or https://`, {
				itemIndex,
			});
		}
		let download = urlCache.get(url);
		if (!download) {
			download = (async () => {
				try {
					const response = (await ctx.helpers.httpRequest({
						url,
						method: 'GET',
						encoding: 'arraybuffer',
						returnFullResponse: true,
					})) as { body: ArrayBuffer; headers: IDataObject };
					return {
						filename: fileNameFromUrl(url),
						content: Buffer.from(response.body),
						contentType: String(response.headers['content-type'] ?? '').split(';')[0] || undefined,
					};
				} catch (error) {
					throw new NodeOperationError(
						ctx.getNode(),
						`Add Attachments: File URL "${url}" could not be downloaded: ${(error as Error).message}`,
						{ itemIndex },
					);
				}
			})();
			urlCache.set(url, download);
		}
		const file = await download;
		attachments.push({ ...file, filename: entry.fileName?.trim() || file.filename });
	}
	return attachments;
}
