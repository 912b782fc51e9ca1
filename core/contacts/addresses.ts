// nodemailer's own parser, so "Name <a@b.c>" and quoted names with commas split as the SMTP layer will.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const addressparser = require('nodemailer/lib/addressparser') as (
	text: string,
) => Array<{ address?: string; name?: string; group?: unknown[] }>;

export interface Mailbox {
	address: string;
	name: string;
}

export interface RejectedAddress {
	address: string;
	reason: string;
}

const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** Why an address cannot be sent to, or null when it can. Deliberately stricter than RFC 5322. */
export function emailProblem(address: string): string | null {
	const text = address.trim();
	if (text === '') return 'is empty';
	if (/\s/.test(text)) return 'contains spaces';
	const at = text.lastIndexOf('@');
	if (at < 1 || text.indexOf('@') !== at) return 'needs exactly one @ with a name before it';
	const local = text.slice(0, at);
	const domain = text.slice(at + 1);
	if (domain === '') return 'has no domain after the @';
	if (local.length > 64 || !LOCAL.test(local)) return `has an invalid name part "${local}"`;
	const labels = domain.split('.');
	if (labels.length < 2 || !labels.every((label) => LABEL.test(label))) {
		return `has an invalid domain "${domain}"`;
	}
	if (
		!/^[A-Za-z]{2,}$/.test(labels[labels.length - 1]) &&
		!/^xn--/.test(labels[labels.length - 1])
	) {
		return `has an invalid top-level domain in "${domain}"`;
	}
	return null;
}

/** Parses one address such as `jane@spa.com` or `Jane <jane@spa.com>`. */
export function parseMailbox(text: string): { mailbox?: Mailbox; problem?: string } {
	const parsed = addressparser(text).filter((entry) => !entry.group);
	if (parsed.length !== 1 || !parsed[0].address) {
		return {
			problem: parsed.length > 1 ? 'holds more than one address' : 'is not an email address',
		};
	}
	const address = parsed[0].address.trim();
	const problem = emailProblem(address);
	return problem ? { problem } : { mailbox: { address, name: parsed[0].name ?? '' } };
}

/**
 * Splits at commas and semicolons outside quotes and angle brackets. addressparser alone would fold
 * a stray word into the next entry's display name instead of reporting it.
 */
function splitList(text: string): string[] {
	const parts: string[] = [];
	let current = '';
	let quoted = false;
	let angle = 0;
	for (const char of text) {
		if (char === '"') quoted = !quoted;
		else if (!quoted && char === '<') angle++;
		else if (!quoted && char === '>') angle = Math.max(0, angle - 1);
		if (!quoted && angle === 0 && (char === ',' || char === ';')) {
			parts.push(current);
			current = '';
		} else {
			current += char;
		}
	}
	parts.push(current);
	return parts.map((p) => p.trim()).filter(Boolean);
}

/**
 * Splits a comma-separated Cc or Bcc list. Invalid entries are returned separately, so the valid
 * ones still receive the email as the spec requires.
 */
export function parseRecipientList(text: string | undefined | null): {
	valid: Mailbox[];
	rejected: RejectedAddress[];
} {
	const valid: Mailbox[] = [];
	const rejected: RejectedAddress[] = [];
	if (!text || text.trim() === '') return { valid, rejected };
	const seen = new Set<string>();
	for (const raw of splitList(text)) {
		const { mailbox, problem } = parseMailbox(raw);
		if (!mailbox) {
			rejected.push({ address: raw, reason: `"${raw}" ${problem}` });
			continue;
		}
		const key = mailbox.address.toLowerCase();
		if (seen.has(key)) continue;
		seen.add(key);
		valid.push(mailbox);
	}
	return { valid, rejected };
}
