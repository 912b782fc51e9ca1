import type { WorkspaceSettings } from '../run/actionRun';
import { ActionError } from '../run/errors';
import { toE164 } from '../contacts/phone';
import type { TeamUser } from '../store/types';

export interface CallRoute {
	number: string;
	routedTo: 'assigned_user' | 'company_phone';
	user?: TeamUser;
}

/**
 * The CRM's routing rule: an assigned contact rings the assigned user's phone from the team
 * directory; an unassigned one rings Settings > Company > Company Phone.
 */
export function routeCall(
	assignedUser: TeamUser | undefined,
	workspace: WorkspaceSettings,
): CallRoute {
	if (assignedUser) {
		const phone = toE164(assignedUser.phone, workspace.defaultCountry);
		if (!phone.number) {
			throw new ActionError(
				'Contact',
				`The contact is assigned to ${assignedUser.name}, whose phone in the team directory ${assignedUser.phone ? `"${assignedUser.phone}" ${phone.problem}` : 'is empty'}`,
				"Add the user's phone in the team directory, or unassign the contact so the Company Phone is called.",
			);
		}
		return { number: phone.number, routedTo: 'assigned_user', user: assignedUser };
	}
	const company = toE164(workspace.company.phone, workspace.defaultCountry);
	if (!company.number) {
		throw new ActionError(
			'Contact',
			workspace.company.phone
				? `The contact is unassigned and the workspace's Company Phone "${workspace.company.phone}" ${company.problem}`
				: 'The contact is unassigned and the workspace has no Company Phone',
			'Assign the contact to a user with a phone, or set Company Phone in the Aesthetix Workspace credential.',
		);
	}
	return { number: company.number, routedTo: 'company_phone' };
}
