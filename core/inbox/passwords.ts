import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** Long enough for any passphrase; longer input is refused before it reaches scrypt. */
export const MAX_PASSWORD_LENGTH = 256;
export const MIN_PASSWORD_LENGTH = 10;

/** OWASP's scrypt setting for 32 MiB of memory per hash (N=2^15, r=8, p=3). */
const CURRENT: Required<Pick<ScryptOptions, 'N' | 'r' | 'p'>> = { N: 32_768, r: 8, p: 3 };
/** What the first hashes were made with (`scrypt$<salt>$<hash>`): Node's defaults. */
const LEGACY = { N: 16_384, r: 8, p: 1 };
const KEY_LENGTH = 32;

// The async scrypt runs on libuv's thread pool, so a sign-in never stalls n8n's event loop.
function derive(
	password: string,
	salt: string,
	length: number,
	cost: { N: number; r: number; p: number },
): Promise<Buffer> {
	return new Promise((resolve, reject) =>
		scrypt(
			password,
			salt,
			length,
			{ ...cost, maxmem: 256 * cost.N * cost.r + 1024 * 1024 },
			(error, key) => (error ? reject(error) : resolve(key)),
		),
	);
}

/**
 * A key derived from a password at the current cost, with a salt the caller keeps: what the agency
 * view's sessions remember of its owner's password.
 */
export function passwordKey(password: string, salt: string): Promise<Buffer> {
	return derive(password, salt, KEY_LENGTH, CURRENT);
}

/** Why a new password cannot be used, or undefined when it can. */
export function passwordProblem(password: string): string | undefined {
	if (password.length < MIN_PASSWORD_LENGTH)
		return `must have at least ${MIN_PASSWORD_LENGTH} characters`;
	if (password.length > MAX_PASSWORD_LENGTH)
		return `must have at most ${MAX_PASSWORD_LENGTH} characters`;
	return undefined;
}

/** `scrypt$N=32768,r=8,p=3$<salt>$<hash>`: the cost travels with the hash, so it can be raised later. */
export async function hashPassword(password: string): Promise<string> {
	const salt = randomBytes(16).toString('base64url');
	const key = await derive(password, salt, KEY_LENGTH, CURRENT);
	return `scrypt$N=${CURRENT.N},r=${CURRENT.r},p=${CURRENT.p}$${salt}$${key.toString('base64url')}`;
}

function parse(
	stored: string,
): { salt: string; hash: Buffer; cost: { N: number; r: number; p: number } } | undefined {
	const parts = stored.split('$');
	if (parts[0] !== 'scrypt') return undefined;
	if (parts.length === 3)
		return parts[1] && parts[2]
			? { salt: parts[1], hash: Buffer.from(parts[2], 'base64url'), cost: LEGACY }
			: undefined;
	if (parts.length !== 4) return undefined;
	const cost = Object.fromEntries(
		parts[1]
			.split(',')
			.map((pair) => pair.split('='))
			.map(([k, v]) => [k, Number(v)]),
	);
	const { N, r, p } = cost;
	// Bounds keep a damaged row from asking for gigabytes of memory.
	if (
		![N, r, p].every(Number.isInteger) ||
		N < 2 ||
		N > 1 << 20 ||
		(N & (N - 1)) !== 0 ||
		r < 1 ||
		r > 32 ||
		p < 1 ||
		p > 16
	)
		return undefined;
	if (!parts[2] || !parts[3]) return undefined;
	return { salt: parts[2], hash: Buffer.from(parts[3], 'base64url'), cost: { N, r, p } };
}

/** Checks a password against a stored hash of either format; too long a password never matches. */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
	const parsed = parse(stored ?? '');
	if (!parsed || parsed.hash.length === 0 || password.length > MAX_PASSWORD_LENGTH) return false;
	const actual = await derive(password, parsed.salt, parsed.hash.length, parsed.cost);
	return timingSafeEqual(parsed.hash, actual);
}

/** Whether a hash was made with older, cheaper parameters and should be replaced at the next sign-in. */
export function needsRehash(stored: string): boolean {
	const parsed = parse(stored);
	return (
		!parsed ||
		parsed.cost.N !== CURRENT.N ||
		parsed.cost.r !== CURRENT.r ||
		parsed.cost.p !== CURRENT.p
	);
}

// A hash of nothing anyone knows, checked for unknown emails so that timing does not tell which exist.
export const DECOY_HASH = `scrypt$N=${CURRENT.N},r=${CURRENT.r},p=${CURRENT.p}$AAAAAAAAAAAAAAAAAAAAAA$${'A'.repeat(43)}`;
