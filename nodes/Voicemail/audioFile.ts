import { type IDataObject, type IExecuteFunctions } from 'n8n-workflow';
import { toNodeError } from '../shared/execution/errors';
import { ActionError } from '../../core/run/errors';
import type { ActionRun } from '../../core/run/actionRun';

export interface AudioFile {
	bytes: Buffer;
	fileName: string | null;
	field: string;
}

/** The item's recording, from its binary data or from a URL (downloaded once per run). */
export async function readAudioFile(
	ctx: IExecuteFunctions,
	run: ActionRun,
	itemIndex: number,
): Promise<AudioFile> {
	if (ctx.getNodeParameter('audioSource', itemIndex, 'binary') === 'url') {
		const url = String(ctx.getNodeParameter('audioUrl', itemIndex, '')).trim();
		if (!/^https?:\/\//i.test(url))
			throw new ActionError(
				'Audio URL',
				url ? `Audio URL "${url}" must start with http:// or https://` : 'Audio URL is empty',
			);
		const bytes = await run.once(`audio:${url}`, async () => {
			try {
				return Buffer.from(
					(await ctx.helpers.httpRequest({
						url,
						method: 'GET',
						encoding: 'arraybuffer',
					})) as ArrayBuffer,
				);
			} catch (error) {
				throw toNodeError(
					ctx.getNode(),
					new ActionError(
						'Audio URL',
						`Audio URL "${url}" could not be downloaded: ${(error as Error).message}`,
					),
					itemIndex,
				);
			}
		});
		return {
			bytes,
			fileName: decodeURIComponent(new URL(url).pathname.split('/').pop() || '') || null,
			field: 'Audio URL',
		};
	}
	const name = String(ctx.getNodeParameter('binaryProperty', itemIndex, 'data'));
	const binary = ctx.getInputData()[itemIndex].binary as IDataObject | undefined;
	if (!binary?.[name]) {
		const available = Object.keys(binary ?? {});
		throw new ActionError(
			'Input Binary Field',
			`The item has no binary property "${name}"`,
			available.length
				? `Its binary properties are: ${available.join(', ')}`
				: 'The item carries no files: add the recording, or choose From a URL.',
		);
	}
	const data = ctx.helpers.assertBinaryData(itemIndex, name);
	return {
		bytes: await ctx.helpers.getBinaryDataBuffer(itemIndex, name),
		fileName: data.fileName ?? null,
		field: 'Upload File',
	};
}
