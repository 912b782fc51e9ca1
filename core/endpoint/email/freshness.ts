/**
 * How far a provider's signed timestamp may be from this server's clock, either way. A signature
 * proves who sent a post but not when it was captured: without this window a recorded post could be
 * replayed for ever. Mailgun's used tokens are kept exactly as long, which is all a replay needs.
 */
export const SIGNATURE_WINDOW_MS = 15 * 60_000;

const minutes = (ms: number) => {
	const n = Math.round(ms / 60_000);
	return `${n} minute${n === 1 ? '' : 's'}`;
};

/**
 * Why a post signed at `timestamp` (Unix seconds, as Mailgun and SendGrid send it) is refused, or
 * undefined when it was signed within the window.
 */
export function staleSignature(timestamp: unknown, now = Date.now()): string | undefined {
	const seconds =
		typeof timestamp === 'string' || typeof timestamp === 'number' ? Number(timestamp) : NaN;
	if (!Number.isFinite(seconds) || String(timestamp).trim() === '')
		return 'The signature has no timestamp in Unix seconds.';
	const age = now - seconds * 1000;
	const window = minutes(SIGNATURE_WINDOW_MS);
	if (age > SIGNATURE_WINDOW_MS)
		return `The post was signed ${minutes(age)} ago; posts signed more than ${window} ago are refused as replays. If the provider sent it just now, check this server's clock.`;
	if (-age > SIGNATURE_WINDOW_MS)
		return `The post was signed ${minutes(-age)} ahead of this server's clock; posts signed more than ${window} in the future are refused. Check this server's clock.`;
	return undefined;
}

/** The moment a signed post stops being acceptable, as an ISO time: when its token may be forgotten. */
export function signatureExpiresAt(timestamp: unknown): string {
	return new Date(Number(timestamp) * 1000 + SIGNATURE_WINDOW_MS).toISOString();
}
