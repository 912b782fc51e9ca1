import { ActionError } from '../run/errors';

/**
 * SMS carries no files: each attachment URL is sent as a link on its own line after the text.
 * Every SMS action (Send SMS, SMS notifications, Manual Action SMS) goes through here.
 */
export function withAttachmentLinks(
	text: string,
	urls: string[],
	field = 'Add Attachments',
): string {
	const links = urls.map((u) => u.trim()).filter(Boolean);
	for (const url of links) {
		if (!/^https?:\/\/\S+$/i.test(url))
			throw new ActionError(
				field,
				`Attachment URL "${url}" must be a web address starting with http:// or https://`,
			);
	}
	return [text.trim(), ...links].join('\n');
}
