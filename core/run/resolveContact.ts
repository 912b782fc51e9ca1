import type { WorkspaceStore } from '../store';
import type { Contact, TeamUser } from '../store/types';
import { normalizeEmail, normalizePhone } from '../contacts/normalize';

export interface ResolvedContact {
	/** The workspace's record, when the item identifies a contact by email or phone. */
	contact?: Contact;
	assignedUser?: TeamUser;
	/** The item's own contact object, as the trigger sent it. */
	fromItem: Record<string, unknown>;
}

const text = (value: unknown): string | undefined =>
	typeof value === 'string' && value.trim() !== ''
		? value.trim()
		: typeof value === 'number'
			? String(value)
			: undefined;

/** The assigned user may arrive as an id, an email, a name, or an object holding one of them. */
function assignedUserReference(item: Record<string, unknown>): string | undefined {
	const raw = item.assigned_user ?? item.assigned_user_id ?? item.assigned_to;
	if (raw && typeof raw === 'object') {
		const obj = raw as Record<string, unknown>;
		return text(obj.id) ?? text(obj.email) ?? text(obj.name);
	}
	return text(raw);
}

/**
 * Finds or creates the workflow's contact in the workspace (by email, then phone) and its assigned
 * user, recording an assignment that the trigger sent.
 */
export async function resolveContact(
	store: WorkspaceStore,
	fromItem: Record<string, unknown>,
): Promise<ResolvedContact> {
	const email = normalizeEmail(fromItem.email);
	const phone = normalizePhone(fromItem.phone);
	if (!email && !phone) return { fromItem };
	let contact = await store.contacts.findOrCreate({
		email,
		phone,
		first_name: text(fromItem.first_name) ?? null,
		last_name: text(fromItem.last_name) ?? null,
	});
	const reference = assignedUserReference(fromItem);
	let assignedUser: TeamUser | undefined;
	if (reference) {
		assignedUser = await store.teamUsers.find(reference);
		if (assignedUser && contact.assigned_user_id !== assignedUser.id) {
			contact = await store.contacts.update(contact.id, { assigned_user_id: assignedUser.id });
		}
	} else if (contact.assigned_user_id !== null) {
		assignedUser = await store.teamUsers.get(contact.assigned_user_id);
	}
	return { contact, assignedUser, fromItem };
}
