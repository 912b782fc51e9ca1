import { parsePhoneNumberWithError } from 'libphonenumber-js/max';
import type { SqlValue } from './database';

/** How a person is written in the records the package keeps. */
export interface Person {
	/** Full names as the package writes them: a team user's name, a contact's first and last name. */
	names: string[];
	emails: string[];
	/** Numbers as stored: E.164, or digits. */
	phones: string[];
	/** Other exact strings that stand for the person: a Slack user id, `user:7`. */
	tokens: string[];
}

/** What replaces a mention: a name by words that read in a sentence, an address by a marker. */
export interface Replacement {
	name: string;
	address: string;
}

/** Formatting people put inside numbers: spaces, dashes, dots, slashes and brackets. */
const SEPARATOR = '[\\s\\u00a0().\\-/]*';
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const spelledOut = (digits: string) => digits.split('').join(SEPARATOR);

/** A number in any spelling: +1 (555) 013-8462, 0015550138462, 15550138462, 555.013.8462. */
function phonePattern(stored: string): { source: string; national: string } | undefined {
	const digits = stored.replace(/\D/g, '');
	if (digits.length < 7) return undefined;
	let national = digits;
	let country = '';
	if (stored.trim().startsWith('+')) {
		try {
			const parsed = parsePhoneNumberWithError(`+${digits}`);
			national = String(parsed.nationalNumber);
			country = String(parsed.countryCallingCode);
		} catch {
			// Not a number libphonenumber can split: matched as written.
		}
	}
	const prefix = country
		? `(?:(?:\\+|00)${SEPARATOR}${spelledOut(country)}${SEPARATOR}|${spelledOut(country)}${SEPARATOR}|0${SEPARATOR})?`
		: '';
	return { source: `(?<!\\d)${prefix}\\(?${spelledOut(national)}(?!\\d)`, national };
}

/**
 * Finds and replaces every mention of one person in text and JSON: names and emails in any case,
 * numbers however they are formatted. `candidates` narrows a table to the rows worth reading in SQL
 * (loosely, on both databases); `in` decides.
 */
export class Mentions {
	private readonly patterns: Array<{ pattern: RegExp; kind: keyof Replacement }> = [];
	private readonly lowered: string[] = [];
	private readonly exact: string[] = [];
	private readonly numberTails: string[] = [];

	constructor(person: Person) {
		for (const name of person.names.map((n) => n.trim()).filter((n) => n.length >= 2)) {
			const words = name.split(/\s+/).map(escape).join('\\s+');
			this.patterns.push({
				pattern: new RegExp(`(?<![\\p{L}\\p{N}])${words}(?![\\p{L}\\p{N}])`, 'giu'),
				kind: 'name',
			});
			this.lowered.push(name.toLowerCase());
			this.exact.push(name);
		}
		for (const email of person.emails.map((e) => e.trim()).filter(Boolean)) {
			this.patterns.push({
				pattern: new RegExp(`(?<![\\w.+-])${escape(email)}(?![\\w-]|\\.\\w)`, 'gi'),
				kind: 'address',
			});
			this.lowered.push(email.toLowerCase());
		}
		for (const phone of person.phones) {
			const number = phonePattern(phone);
			if (!number) continue;
			this.patterns.push({ pattern: new RegExp(number.source, 'g'), kind: 'address' });
			this.numberTails.push(number.national.slice(-7));
		}
		for (const token of person.tokens.filter(Boolean)) {
			this.patterns.push({
				pattern: new RegExp(`(?<!\\w)${escape(token)}(?!\\w)`, 'g'),
				kind: 'address',
			});
			this.exact.push(token);
		}
	}

	/** Whether the text mentions the person. */
	in(text: string): boolean {
		return this.patterns.some(({ pattern }) => {
			pattern.lastIndex = 0;
			return pattern.test(text);
		});
	}

	replace(text: string, by: Replacement): string {
		return this.patterns.reduce((out, { pattern, kind }) => out.replace(pattern, by[kind]), text);
	}

	/** The same, inside a parsed JSON value: every string, and numbers that are the person's phone. */
	replaceInJson(value: unknown, by: Replacement): unknown {
		if (typeof value === 'string') return this.replace(value, by);
		if (typeof value === 'number') return this.in(String(value)) ? by.address : value;
		if (Array.isArray(value)) return value.map((v) => this.replaceInJson(v, by));
		if (value && typeof value === 'object')
			return Object.fromEntries(
				Object.entries(value).map(([k, v]) => [k, this.replaceInJson(v, by)]),
			);
		return value;
	}

	/**
	 * A SQL condition that keeps every row whose `column` may mention the person: names and emails
	 * in any case, and the last digits of each number once the usual formatting is taken out.
	 */
	candidates(column: string): { sql: string; params: SqlValue[] } {
		const like = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
		const conditions: string[] = [];
		const params: SqlValue[] = [];
		for (const text of this.lowered) {
			conditions.push(`lower(${column}) LIKE ? ESCAPE '\\'`);
			params.push(like(text));
		}
		for (const text of this.exact) {
			conditions.push(`${column} LIKE ? ESCAPE '\\'`);
			params.push(like(text));
		}
		const bare = ['-', '(', ')', '.', '/'].reduce(
			(sql, c) => `REPLACE(${sql}, '${c}', '')`,
			`REPLACE(${column}, ' ', '')`,
		);
		for (const tail of this.numberTails) {
			conditions.push(`${bare} LIKE ?`);
			params.push(like(tail));
		}
		return { sql: conditions.length ? `(${conditions.join(' OR ')})` : '1 = 0', params };
	}
}
