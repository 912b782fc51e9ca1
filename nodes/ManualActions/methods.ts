import type {
	ILoadOptionsFunctions,
	INodeListSearchResult,
	INodePropertyOptions,
} from 'n8n-workflow';
import type { Contact } from '../../core/store/types';
import { getTeamUsers } from '../shared/methods/teamUsers';
import { workspaceStore } from '../shared/transport/workspace';

// A picker shows what a person can scan; a longer queue is narrowed by typing.
const PICKER_SIZE = 100;

const contactName = (c: Contact | undefined) =>
	c
		? [c.first_name, c.last_name].filter(Boolean).join(' ') ||
			c.email ||
			c.phone ||
			`Contact ${c.id}`
		: 'Unknown contact';

/** The Task picker: the queue's open tasks, as "#42 SMS · Jane Doe · Welcome Follow-Up SMS". */
export async function searchOpenTasks(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const store = await workspaceStore(this);
	const wanted = (filter ?? '').trim().toLowerCase();
	const results: INodeListSearchResult['results'] = [];
	for (const task of await store.manualTasks.list({ status: 'pending' })) {
		const name = `#${task.id} ${task.type === 'sms' ? 'SMS' : 'Call'} · ${contactName(await store.contacts.get(task.contact_id))} · ${task.action_name}`;
		if (wanted && !name.toLowerCase().includes(wanted)) continue;
		results.push({ name, value: String(task.id) });
		if (results.length === PICKER_SIZE) break;
	}
	return { results };
}

/** The Contact filter's picker: contacts whose name, email or phone contains what was typed. */
export async function searchContacts(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const store = await workspaceStore(this);
	const contacts = await store.contacts.search(filter ?? '', { limit: PICKER_SIZE });
	return {
		results: contacts.map((c) => ({
			name: `${contactName(c)}${c.email || c.phone ? ` (${c.email ?? c.phone})` : ''}`,
			value: String(c.id),
		})),
	};
}

/** The Assignee filter: Unassigned, then the team directory. */
export async function getTaskAssignees(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const users = await getTeamUsers.call(this);
	return [
		{ name: 'Unassigned', value: 'unassigned' },
		...users.map((u) => ({ ...u, value: String(u.value) })),
	];
}
