import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { workspaceStore } from './workspace';

/** The team directory for user pickers (Particular Users, Assign To, Internal User). */
export async function getTeamUsers(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const store = await workspaceStore(this);
	return (await store.teamUsers.list()).map((u) => ({
		name: u.name,
		value: u.id,
		description: [u.role, u.team, u.email].filter(Boolean).join(' · '),
	}));
}
