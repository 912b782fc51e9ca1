import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Twilio fetches <Play> files without signing the request, so the audio URL carries its own proof:
 * an HMAC over the recording's id with the workspace's secret (unlike a tracked link's purpose).
 */
function signature(secret: string, id: number): string {
	return createHmac('sha256', secret)
		.update(`voicemail-audio:${id}`)
		.digest('base64url')
		.slice(0, 16);
}

export function audioToken(secret: string, id: number): string {
	return `${id.toString(36)}.${signature(secret, id)}`;
}

export function readAudioToken(secret: string, token: string): number | undefined {
	const match = /^([0-9a-z]+)\.([A-Za-z0-9_-]{16})$/.exec(token);
	if (!match) return undefined;
	const id = parseInt(match[1], 36);
	const expected = Buffer.from(signature(secret, id));
	const given = Buffer.from(match[2]);
	return expected.length === given.length && timingSafeEqual(expected, given) ? id : undefined;
}
