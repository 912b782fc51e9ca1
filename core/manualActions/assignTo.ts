import type { Contact, TeamUser } from '../store/types';

export type Assignment = {
	assignee?: TeamUser;
	rule: 'selected' | 'contact_owner' | 'unassigned';
	note?: string;
};

/** A user may work a contact's task when they see every contact, or this one is assigned to them. */
export function hasContactAccess(user: TeamUser, contact: Contact): boolean {
	return user.active && (user.contact_access === 'all' || contact.assigned_user_id === user.id);
}

/**
 * The spec's Assign To: the selected user when they have access to the contact; otherwise the
 * contact owner; with no user selected, the contact owner; with neither, Unassigned.
 */
export function assignTask(
	selected: TeamUser | undefined,
	contact: Contact,
	owner: TeamUser | undefined,
): Assignment {
	if (selected && hasContactAccess(selected, contact))
		return { assignee: selected, rule: 'selected' };
	const note = selected ? `${selected.name} has no access to this contact` : undefined;
	if (owner && owner.active) return { assignee: owner, rule: 'contact_owner', note };
	return { rule: 'unassigned', note: note ?? (selected ? undefined : 'The contact has no owner') };
}
