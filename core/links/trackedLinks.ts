import { createHmac, timingSafeEqual } from 'node:crypto';

/** URLs in a message body; trailing sentence punctuation is not part of the link. */
const URL_PATTERN = /https?:\/\/[^\s<>"']+/g;

function signature(secret: string, id: number): string {
	return createHmac('sha256', secret).update(`link:${id}`).digest('base64url').slice(0, 12);
}

/** A short token that names a tracked link and proves the workspace made it (so it is no open redirect). */
export function linkToken(secret: string, id: number): string {
	return `${id.toString(36)}.${signature(secret, id)}`;
}

export function readLinkToken(secret: string, token: string): number | undefined {
	const match = /^([0-9a-z]+)\.([A-Za-z0-9_-]{12})$/.exec(token);
	if (!match) return undefined;
	const id = parseInt(match[1], 36);
	const expected = Buffer.from(signature(secret, id));
	const given = Buffer.from(match[2]);
	return expected.length === given.length && timingSafeEqual(expected, given) ? id : undefined;
}

/** Replaces every link of the body with what `track` returns for it, keeping trailing punctuation. */
export async function rewriteLinks(
	body: string,
	track: (url: string) => Promise<string>,
): Promise<{ body: string; links: string[] }> {
	const links: string[] = [];
	let result = '';
	let last = 0;
	for (const match of body.matchAll(URL_PATTERN)) {
		let url = match[0];
		const trailing = /[.,!?;:)\]]+$/.exec(url)?.[0] ?? '';
		url = url.slice(0, url.length - trailing.length);
		result += body.slice(last, match.index) + (await track(url)) + trailing;
		last = match.index! + match[0].length;
		links.push(url);
	}
	return { body: result + body.slice(last), links };
}
