import type { SqlDatabase } from '../store/database';
import { SnapshotError } from './format';

const EMAILS = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// A run of digits with the separators people write numbers with: (555) 123-4567, +1 555.123.4567.
const PHONES = /\+?\d[\d\s().-]{5,}\d/g;

/** Where in the file a text sits, for the message that says what to remove. */
export interface LocatedText {
	where: string;
	text: string;
}

async function contactHas(db: SqlDatabase, email: string | null, digits: string | null) {
	if (email) {
		const row = await db.get('SELECT id FROM contacts WHERE lower(email) = ? LIMIT 1', [email]);
		if (row) return 'email address';
	}
	if (digits && digits.length >= 7) {
		// Stored numbers are E.164; a text may write the national form, so the last ten digits decide.
		const tail = digits.slice(-10);
		const row = await db.get(
			"SELECT id FROM contacts WHERE phone = ? OR phone = ? OR replace(phone, '+', '') LIKE ? LIMIT 1",
			[`+${digits}`, digits, `%${tail}`],
		);
		if (row) return 'phone number';
	}
	return undefined;
}

/**
 * Refuses a snapshot that would carry a contact's email address or phone number, or any of the
 * secrets given (the API key, the store's password, the workspace's signing secret), wherever a
 * workflow or template has it written out. Only the few addresses and numbers the file holds are
 * looked up, so a workspace of any size is checked in a few queries.
 */
export async function refuseContactsAndSecrets(
	db: SqlDatabase,
	texts: LocatedText[],
	secrets: string[],
): Promise<void> {
	const real = secrets.filter((s) => typeof s === 'string' && s.length >= 6);
	for (const { where, text } of texts) {
		for (const secret of real) {
			if (text.includes(secret)) {
				throw new SnapshotError(
					`${where} holds a secret of this workspace (a key or password), and a snapshot never carries one`,
					'Move it into an n8n credential, save the workflow, and export again.',
				);
			}
		}
		for (const match of text.matchAll(EMAILS)) {
			const found = await contactHas(db, match[0].toLowerCase(), null);
			if (found) throw contactError(where, found);
		}
		for (const match of text.matchAll(PHONES)) {
			const found = await contactHas(db, null, match[0].replace(/\D/g, ''));
			if (found) throw contactError(where, found);
		}
	}
}

function contactError(where: string, what: string): SnapshotError {
	return new SnapshotError(
		`${where} holds a contact's ${what}, and a snapshot never carries a contact`,
		'Replace it with a custom value such as {{contact.email}} or a field of the trigger, save the workflow, and export again.',
	);
}
