import { type ICredentialDataDecryptedObject, type IExecuteFunctions } from 'n8n-workflow';
import { ActionError } from '../../../core/run/errors';
import {
	ATTACHMENT_LIMITS,
	fetchFile,
	type FileUrlPolicy,
} from '../../../core/attachments/fetchFile';
import type { EmailAttachment } from '../../../providers/smtp';

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
					throw ActionError.of(
						'Add Attachments',
						`File URL "${url}" could not be downloaded: ${error.message}`,
						/ private or local network address$/.test(error.message)
							? "Files from this n8n's own network are refused, so a workflow cannot read internal services. If the file is meant to come from there, turn on Allow File URLs on Private Networks in the SMTP credential."
							: undefined,
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
				throw ActionError.of(
					'Add Attachments',
					`the item has no binary property "${name}"`,
					available.length
						? `Its binary properties are: ${available.join(', ')}`
						: 'The item carries no files.',
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
			throw ActionError.of(
				'Add Attachments',
				`File URL "${url}" must start with http:// or https://`,
			);
		}
		const download = downloads.get(ctx, itemIndex, url);
		const file = await download;
		attachments.push({ ...file, filename: entry.fileName?.trim() || file.filename });
	}
	return attachments;
}
