import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { workspaceStore } from '../transport/workspace';

/** The team directory for user pickers (Particular Users, Assign To, Internal User). */
export async function getTeamUsers(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const store = await workspaceStore(this);
	return (await store.teamUsers.list()).map((u) => ({
		name: u.name,
		value: u.id,
		description: [u.role, u.team, u.email].filter(Boolean).join(' · '),
	}));
}

async function distinct(
	ctx: ILoadOptionsFunctions,
	field: 'role' | 'team',
): Promise<INodePropertyOptions[]> {
	const store = await workspaceStore(ctx);
	const values = new Set(
		(await store.teamUsers.list()).map((u) => u[field]?.trim()).filter((v): v is string => !!v),
	);
	return [...values].sort((a, b) => a.localeCompare(b)).map((value) => ({ name: value, value }));
}

/** The roles team users hold, for the Roles picker. */
export async function getRoles(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return distinct(this, 'role');
}

/** The teams of the directory, for the Teams picker. */
export async function getTeams(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return distinct(this, 'team');
}
