import { normalizeEmail } from '../contacts/normalize';
import { emailProblem } from '../contacts/addresses';
import type { TeamUser } from '../store/types';

/** The spec's To User Type values; roles and teams are for in-app notifications. */
export type RecipientCategory =
	'allUsers' | 'assignedUser' | 'particularUsers' | 'customEmail' | 'roles' | 'teams';

export interface RecipientSelection {
	categories: RecipientCategory[];
	/** Ids, or (set by an expression) emails or names. */
	userIds: Array<number | string>;
	customEmails: string;
	roles: string[];
	teams: string[];
}

export interface Recipient {
	/** Who counts against the rate limit: the team user (however they were named), or the typed address. */
	key: string;
	user?: TeamUser;
	email?: string;
	/** A number typed for this send only (the Test Phone Number). */
	phone?: string;
	name: string;
}

export interface ResolvedRecipients {
	recipients: Recipient[];
	/** Addresses that were named but cannot be notified, with why. */
	refused: Array<{ name: string; reason: string }>;
	notes: string[];
}

/**
 * Who an internal notification goes to: every category's users, de-duplicated so a user named in
 * several categories gets one alert. Only team members and typed addresses: never the contact.
 */
export function resolveRecipients(
	/** The active team, read once per node run. */
	active: TeamUser[],
	selection: RecipientSelection,
	context: { assignedUser?: TeamUser; hasContact: boolean; contactAddresses: string[] },
): ResolvedRecipients {
	const users = new Map<number, TeamUser>();
	const refused: ResolvedRecipients['refused'] = [];
	const notes: string[] = [];
	const byId = new Map(active.map((u) => [u.id, u]));
	// Set by an expression, a user may be named by id, by email or by exact name, as everywhere else.
	const byReference = (reference: unknown): TeamUser | undefined => {
		const text = String(reference ?? '').trim();
		if (/^\d+$/.test(text)) return byId.get(Number(text));
		const lower = text.toLowerCase();
		return active.find((u) =>
			text.includes('@') ? u.email?.toLowerCase() === lower : u.name.toLowerCase() === lower,
		);
	};
	const add = (user: TeamUser | undefined) => {
		if (user && user.active) users.set(user.id, user);
	};
	for (const category of selection.categories) {
		if (category === 'allUsers') active.forEach(add);
		if (category === 'particularUsers') {
			for (const id of selection.userIds) {
				const user = byReference(id);
				if (!user) refused.push({ name: `user ${id}`, reason: 'is not an active team user' });
				else add(user);
			}
		}
		if (category === 'roles') active.filter((u) => selection.roles.includes(u.role)).forEach(add);
		if (category === 'teams')
			active.filter((u) => u.team !== null && selection.teams.includes(u.team)).forEach(add);
		if (category === 'assignedUser') {
			if (!context.hasContact)
				notes.push('Assigned User: the workflow has no contact, so no assigned user was notified');
			else if (!context.assignedUser) notes.push('Assigned User: the contact has no assigned user');
			else add(context.assignedUser);
		}
	}
	const recipients: Recipient[] = [...users.values()].map((user) => ({
		key: `user:${user.id}`,
		user,
		email: user.email ?? undefined,
		name: user.name,
	}));
	if (selection.categories.includes('customEmail')) {
		const contactAddresses = new Set(context.contactAddresses.map((a) => normalizeEmail(a)));
		for (const raw of selection.customEmails
			.split(/[,;]/)
			.map((e) => e.trim())
			.filter(Boolean)) {
			const email = normalizeEmail(raw)!;
			const problem = emailProblem(email);
			if (problem) refused.push({ name: raw, reason: `"${raw}" ${problem}` });
			else if (contactAddresses.has(email))
				refused.push({
					name: raw,
					reason: "is the contact's address: internal notifications never go to contacts",
				});
			else if (!recipients.some((r) => normalizeEmail(r.email) === email)) {
				// A team member's address is that member: one person, one count against the limit, their own Do Not Disturb.
				const member = active.find((u) => normalizeEmail(u.email) === email);
				recipients.push(
					member
						? { key: `user:${member.id}`, user: member, email, name: member.name }
						: { key: `email:${email}`, email, name: email },
				);
			}
		}
	}
	return { recipients, refused, notes };
}
