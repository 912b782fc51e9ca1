import { normalizeEmail, normalizePhone } from '../contacts/normalize';
import type { Row, SqlDatabase } from './database';
import { bool, now, num } from './rows';
import type { ContactAccess, TeamUser } from './types';

export interface TeamUserInput {
	name: string;
	email?: string | null;
	phone?: string | null;
	whatsapp?: string | null;
	/** The Twilio number connected to the user: the caller ID of voicemails to their contacts. */
	connected_number?: string | null;
	slack_user_id?: string | null;
	role?: string;
	team?: string | null;
	contact_access?: ContactAccess;
	dnd?: boolean;
	active?: boolean;
}

export function toTeamUser(row: Row): TeamUser {
	return {
		id: num(row.id),
		name: String(row.name),
		email: (row.email as string) ?? null,
		phone: (row.phone as string) ?? null,
		whatsapp: (row.whatsapp as string) ?? null,
		connected_number: (row.connected_number as string) ?? null,
		slack_user_id: (row.slack_user_id as string) ?? null,
		role: String(row.role),
		team: (row.team as string) ?? null,
		contact_access: row.contact_access === 'assigned' ? 'assigned' : 'all',
		dnd: bool(row.dnd),
		active: bool(row.active),
	};
}

export class TeamUsers {
	constructor(private readonly db: SqlDatabase) {}

	async create(input: TeamUserInput): Promise<TeamUser> {
		const at = now();
		const row = await this.db.get(
			`INSERT INTO team_users (name, email, phone, whatsapp, slack_user_id, role, team, contact_access, dnd, active, created_at, updated_at)
			 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
			[
				input.name,
				normalizeEmail(input.email),
				normalizePhone(input.phone),
				normalizePhone(input.whatsapp),
				input.slack_user_id ?? null,
				input.role ?? 'user',
				input.team ?? null,
				input.contact_access ?? 'all',
				input.dnd ? 1 : 0,
				input.active === false ? 0 : 1,
				at,
				at,
			],
		);
		const user = toTeamUser(row!);
		return input.connected_number
			? this.update(user.id, { connected_number: input.connected_number })
			: user;
	}

	async get(id: number): Promise<TeamUser | undefined> {
		const row = await this.db.get('SELECT * FROM team_users WHERE id = ?', [id]);
		return row && toTeamUser(row);
	}

	async findByEmail(email: string): Promise<TeamUser | undefined> {
		const row = await this.db.get('SELECT * FROM team_users WHERE email = ?', [
			normalizeEmail(email),
		]);
		return row && toTeamUser(row);
	}

	/** A user named in a workflow may be given by id, email or exact name. */
	async find(reference: string | number): Promise<TeamUser | undefined> {
		const text = String(reference).trim();
		if (/^\d+$/.test(text)) return this.get(Number(text));
		if (text.includes('@')) return this.findByEmail(text);
		const row = await this.db.get(
			'SELECT * FROM team_users WHERE lower(name) = lower(?) ORDER BY id LIMIT 1',
			[text],
		);
		return row && toTeamUser(row);
	}

	/** The team directory's import: creates a user, or updates the one with the same email. */
	async upsert(input: TeamUserInput): Promise<TeamUser> {
		const existing = input.email ? await this.findByEmail(input.email) : undefined;
		return existing ? this.update(existing.id, input) : this.create(input);
	}

	async update(id: number, patch: Partial<TeamUserInput>): Promise<TeamUser> {
		const columns: Array<[string, unknown]> = [];
		if (patch.name !== undefined) columns.push(['name', patch.name]);
		if (patch.email !== undefined) columns.push(['email', normalizeEmail(patch.email)]);
		if (patch.phone !== undefined) columns.push(['phone', normalizePhone(patch.phone)]);
		if (patch.whatsapp !== undefined) columns.push(['whatsapp', normalizePhone(patch.whatsapp)]);
		if (patch.connected_number !== undefined)
			columns.push(['connected_number', normalizePhone(patch.connected_number)]);
		if (patch.slack_user_id !== undefined) columns.push(['slack_user_id', patch.slack_user_id]);
		if (patch.role !== undefined) columns.push(['role', patch.role]);
		if (patch.team !== undefined) columns.push(['team', patch.team]);
		if (patch.contact_access !== undefined) columns.push(['contact_access', patch.contact_access]);
		if (patch.dnd !== undefined) columns.push(['dnd', patch.dnd ? 1 : 0]);
		if (patch.active !== undefined) columns.push(['active', patch.active ? 1 : 0]);
		columns.push(['updated_at', now()]);
		await this.db.run(
			`UPDATE team_users SET ${columns.map(([c]) => `${c} = ?`).join(', ')} WHERE id = ?`,
			[...(columns.map(([, v]) => v ?? null) as Array<string | number | null>), id],
		);
		const user = await this.get(id);
		if (!user) throw new Error(`Team user ${id} does not exist.`);
		return user;
	}

	async list({ includeInactive = false } = {}): Promise<TeamUser[]> {
		const rows = await this.db.all(
			`SELECT * FROM team_users ${includeInactive ? '' : 'WHERE active = 1'} ORDER BY name, id`,
		);
		return rows.map(toTeamUser);
	}
}
