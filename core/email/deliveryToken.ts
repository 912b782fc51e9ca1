import { createHmac, timingSafeEqual } from 'node:crypto';

function signature(secret: string, purpose: string, id: number): string {
	return createHmac('sha256', secret).update(`${purpose}:${id}`).digest('base64url').slice(0, 16);
}

/**
 * A short token that names a sent email's delivery record and proves the workspace made it: the
 * open pixel carries one, and so does the header providers hand back with their events.
 */
export function deliveryToken(secret: string, purpose: 'open' | 'delivery', id: number): string {
	return `${id.toString(36)}.${signature(secret, purpose, id)}`;
}

export function readDeliveryToken(
	secret: string,
	purpose: 'open' | 'delivery',
	token: unknown,
): number | undefined {
	const match = /^([0-9a-z]{1,12})\.([A-Za-z0-9_-]{16})$/.exec(
		typeof token === 'string' ? token : '',
	);
	if (!match) return undefined;
	const id = parseInt(match[1], 36);
	const expected = Buffer.from(signature(secret, purpose, id));
	const given = Buffer.from(match[2]);
	return expected.length === given.length && timingSafeEqual(expected, given) ? id : undefined;
}
