import { normalizeEmail, normalizePhone } from '../contacts/normalize';
import type { Row, SqlDatabase, SqlValue } from './database';
import { bool, json, now, num, numOrNull } from './rows';
import type { Contact, DndChannel } from './types';

export interface ContactInput {
	first_name?: string | null;
	last_name?: string | null;
	email?: string | null;
	phone?: string | null;
	assigned_user_id?: number | null;
	tags?: string[];
	custom_fields?: Record<string, unknown>;
}

/** True when updating the contact with `input` would leave it as it is. */
function alreadyHolds(
	contact: Contact,
	input: ContactInput,
	email: string | null,
	phone: string | null,
): boolean {
	return (
		(!input.first_name || input.first_name === contact.first_name) &&
		(!input.last_name || input.last_name === contact.last_name) &&
		(!email || email === contact.email) &&
		(!phone || phone === contact.phone) &&
		(input.assigned_user_id === undefined || input.assigned_user_id === contact.assigned_user_id) &&
		input.tags === undefined &&
		input.custom_fields === undefined
	);
}

export function toContact(row: Row): Contact {
	return {
		id: num(row.id),
		first_name: (row.first_name as string) ?? null,
		last_name: (row.last_name as string) ?? null,
		email: (row.email as string) ?? null,
		phone: (row.phone as string) ?? null,
		assigned_user_id: numOrNull(row.assigned_user_id),
		dnd_all: bool(row.dnd_all),
		dnd_email: bool(row.dnd_email),
		dnd_sms: bool(row.dnd_sms),
		dnd_calls: bool(row.dnd_calls),
		sms_opted_out: bool(row.sms_opted_out),
		email_unsubscribed: bool(row.email_unsubscribed),
		tags: json<string[]>(row.tags, []),
		custom_fields: json<Record<string, unknown>>(row.custom_fields, {}),
		created_at: String(row.created_at),
		updated_at: String(row.updated_at),
	};
}

/** True when the contact asked not to be reached on this channel (or on any channel). */
export function isDnd(contact: Contact, channel: DndChannel): boolean {
	if (contact.dnd_all) return true;
	return channel === 'email'
		? contact.dnd_email
		: channel === 'sms'
			? contact.dnd_sms
			: contact.dnd_calls;
}

export class Contacts {
	constructor(private readonly db: SqlDatabase) {}

	async get(id: number): Promise<Contact | undefined> {
		const row = await this.db.get('SELECT * FROM contacts WHERE id = ?', [id]);
		return row && toContact(row);
	}

	/**
	 * Contacts whose name, email or phone contains the query (phone by its digits), newest first;
	 * `assignedUserId` limits them to one user's contacts.
	 */
	async search(
		query: string,
		{ assignedUserId, limit = 50 }: { assignedUserId?: number; limit?: number } = {},
	): Promise<Contact[]> {
		const where: string[] = [];
		const params: SqlValue[] = [];
		const text = query.trim().toLowerCase();
		if (text) {
			const digits = text.replace(/\D/g, '');
			const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
			const clauses = [
				"lower(COALESCE(first_name, '') || ' ' || COALESCE(last_name, '')) LIKE ? ESCAPE '\\'",
				"lower(COALESCE(email, '')) LIKE ? ESCAPE '\\'",
			];
			params.push(like, like);
			if (digits.length >= 3) {
				clauses.push('phone LIKE ?');
				params.push(`%${digits}%`);
			}
			where.push(`(${clauses.join(' OR ')})`);
		}
		if (assignedUserId !== undefined) {
			where.push('assigned_user_id = ?');
			params.push(assignedUserId);
		}
		const rows = await this.db.all(
			`SELECT * FROM contacts ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY updated_at DESC, id DESC LIMIT ?`,
			[...params, limit],
		);
		return rows.map(toContact);
	}

	/** The contact with this email, else the one with this phone. */
	async findByEmailOrPhone(
		email?: string | null,
		phone?: string | null,
	): Promise<Contact | undefined> {
		const byEmail = normalizeEmail(email);
		const byPhone = normalizePhone(phone);
		if (!byEmail && !byPhone) return undefined;
		// One statement rather than one per identifier, as every send looks its contact up: both
		// columns are unique, so at most two rows match, and the email's wins.
		const row = await this.db.get(
			'SELECT * FROM contacts WHERE email = ? OR phone = ? ORDER BY CASE WHEN email = ? THEN 0 ELSE 1 END LIMIT 1',
			[byEmail, byPhone, byEmail],
		);
		return row && toContact(row);
	}

	/**
	 * The CRM's "find or create": the trigger's data is the newest, so it fills in and updates what
	 * the record has, but never erases a value the trigger did not send.
	 */
	async findOrCreate(input: ContactInput): Promise<Contact> {
		const email = normalizeEmail(input.email);
		const phone = normalizePhone(input.phone);
		if (!email && !phone) throw new Error('A contact needs an email address or a phone number.');
		const existing = await this.findByEmailOrPhone(email, phone);
		if (existing) {
			// Every send finds its contact: one that would not change costs no write.
			if (alreadyHolds(existing, input, email, phone)) return existing;
			return this.update(existing.id, {
				...input,
				email: email ?? undefined,
				phone: phone ?? undefined,
			});
		}
		const at = now();
		const row = await this.db.get(
			`INSERT INTO contacts (first_name, last_name, email, phone, assigned_user_id, tags, custom_fields, created_at, updated_at)
			 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING *`,
			[
				input.first_name ?? null,
				input.last_name ?? null,
				email,
				phone,
				input.assigned_user_id ?? null,
				JSON.stringify(input.tags ?? []),
				JSON.stringify(input.custom_fields ?? {}),
				at,
				at,
			],
		);
		if (row) return toContact(row);
		// Another item or process created the same contact in between.
		const raced = await this.findByEmailOrPhone(email, phone);
		if (!raced) throw new Error('The contact could not be created.');
		return raced;
	}

	/** The contact's details; opt-outs and DND change only through `Consent.record`, which keeps their trail. */
	async update(id: number, patch: ContactInput): Promise<Contact> {
		const sets: string[] = [];
		const values: SqlValue[] = [];
		const set = (column: string, value: SqlValue) => {
			sets.push(`${column} = ?`);
			values.push(value);
		};
		for (const column of ['first_name', 'last_name'] as const) {
			if (patch[column]) set(column, patch[column]!);
		}
		// An email or phone that already belongs to another contact (a shared family phone) is not moved.
		for (const [column, value] of [
			['email', normalizeEmail(patch.email)],
			['phone', normalizePhone(patch.phone)],
		] as const) {
			if (!value) continue;
			const owner = await this.db.get<{ id: unknown }>(
				`SELECT id FROM contacts WHERE ${column} = ? AND id <> ?`,
				[value, id],
			);
			if (!owner) set(column, value);
		}
		if (patch.assigned_user_id !== undefined) set('assigned_user_id', patch.assigned_user_id);
		if (patch.tags) set('tags', JSON.stringify(patch.tags));
		if (patch.custom_fields) {
			const current = await this.get(id);
			set(
				'custom_fields',
				JSON.stringify({ ...(current?.custom_fields ?? {}), ...patch.custom_fields }),
			);
		}
		if (sets.length > 0) {
			set('updated_at', now());
			values.push(id);
			await this.db.run(`UPDATE contacts SET ${sets.join(', ')} WHERE id = ?`, values);
		}
		const contact = await this.get(id);
		if (!contact) throw new Error(`Contact ${id} does not exist.`);
		return contact;
	}
}
