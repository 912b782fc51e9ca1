import type { WorkspaceStore } from '../store';
import { contentHash } from './canonical';
import type { CredentialChoice, LoadChoices, WorkspaceFields } from './choices';
import type {
	SnapshotFile,
	SnapshotTeamMember,
	SnapshotTemplate,
	SnapshotWorkflow,
	ValueKey,
} from './format';
import type { SnapshotItemRecord } from './records';
import { readSnapshotSettings } from './settings';
import { resolveReferences } from './references';
import type { WorkflowApi } from './workflowApi';
import { workflowHash } from './workflows';

/** The clinic a snapshot is loaded into: its store, its n8n, and its Workspace credential. */
export interface Clinic {
	store: WorkspaceStore;
	n8n: WorkflowApi;
	/** The Aesthetix Workspace credential the loading node uses: the `workspace` placeholder. */
	workspaceCredential: CredentialChoice;
	/** The Workspace credential's fields as they are now. */
	workspace: WorkspaceFields;
}

export type ItemKind = 'setting' | 'template' | 'team' | 'workflow';
export type SettingName = 'time_zone' | 'default_country' | 'premium_actions' | 'reputation';

export type Item =
	| { key: string; kind: 'setting'; name: SettingName; source: unknown }
	| { key: string; kind: 'template'; name: string; source: SnapshotTemplate }
	| { key: string; kind: 'team'; name: string; source: SnapshotTeamMember }
	| { key: string; kind: 'workflow'; name: string; source: SnapshotWorkflow };

export const itemKey = {
	template: (t: { kind: string; name: string }) => `template:${t.kind}:${t.name}`,
	team: (name: string) => `team:${name.trim().toLowerCase()}`,
	workflow: (key: string) => `workflow:${key}`,
	setting: (name: SettingName) => `setting:${name}`,
};

/** A snapshot as the items a clinic compares one by one, in the order they are written. */
export function itemsOf(file: SnapshotFile): Item[] {
	const settings: Item[] = (
		['time_zone', 'default_country', 'premium_actions', 'reputation'] as SettingName[]
	).map((name) => ({
		key: itemKey.setting(name),
		kind: 'setting',
		name,
		source: file.settings[name],
	}));
	return [
		...settings,
		...file.team.map((m): Item => ({
			key: itemKey.team(m.name),
			kind: 'team',
			name: m.name,
			source: m,
		})),
		...file.templates.map((t): Item => ({
			key: itemKey.template(t),
			kind: 'template',
			name: t.name,
			source: t,
		})),
		...file.workflows.map((w): Item => ({
			key: itemKey.workflow(w.key),
			kind: 'workflow',
			name: w.name,
			source: w,
		})),
	];
}

export const sourceHash = (item: Item) => contentHash(item.source);

/** What the clinic has for an item now; `ref` is its own id for it. */
export interface LocalItem {
	ref: string | null;
	hash: string;
	/** The value as it is, for writing it back if a load must be undone. */
	value: unknown;
}

export const templateState = (t: { subject: string | null; body: string }) =>
	contentHash({ subject: t.subject ?? null, body: t.body });

export const teamState = (m: SnapshotTeamMember) =>
	contentHash({
		name: m.name,
		role: m.role,
		team: m.team ?? null,
		contact_access: m.contact_access,
	});

/** Reads what the clinic has now for each kind of item. */
export class LocalState {
	constructor(private readonly clinic: Clinic) {}

	async setting(name: SettingName): Promise<LocalItem> {
		const settings = await readSnapshotSettings(this.clinic.store.settings, this.clinic.workspace);
		const value = settings[name];
		return { ref: null, hash: contentHash(value), value };
	}

	async template(
		item: SnapshotTemplate,
		record?: SnapshotItemRecord,
	): Promise<LocalItem | undefined> {
		const templates = this.clinic.store.templates;
		const byRef = record?.local_ref ? await templates.get(Number(record.local_ref)) : undefined;
		const found = byRef ?? (await templates.list(item.kind)).find((t) => t.name === item.name);
		return found && { ref: String(found.id), hash: templateState(found), value: found };
	}

	async team(
		item: SnapshotTeamMember,
		record?: SnapshotItemRecord,
	): Promise<LocalItem | undefined> {
		const users = this.clinic.store.teamUsers;
		const byRef = record?.local_ref ? await users.get(Number(record.local_ref)) : undefined;
		const found =
			byRef ??
			(await users.list({ includeInactive: true })).find(
				(u) => u.name.trim().toLowerCase() === item.name.trim().toLowerCase(),
			);
		return (
			found && {
				ref: String(found.id),
				hash: teamState({
					name: found.name,
					role: found.role,
					team: found.team,
					contact_access: found.contact_access,
				}),
				value: found,
			}
		);
	}

	/** A workflow is the clinic's only through the record of loading it: same names elsewhere are not. */
	async workflow(record?: SnapshotItemRecord): Promise<LocalItem | undefined> {
		if (!record?.local_ref) return undefined;
		const found = await this.clinic.n8n.getWorkflow(record.local_ref);
		if (!found || found.isArchived) return undefined;
		return { ref: found.id, hash: workflowHash(found), value: found };
	}

	async of(item: Item, record?: SnapshotItemRecord): Promise<LocalItem | undefined> {
		switch (item.kind) {
			case 'setting':
				return this.setting(item.name);
			case 'template':
				return this.template(item.source, record);
			case 'team':
				return this.team(item.source, record);
			case 'workflow':
				return this.workflow(record);
		}
	}
}

/** Fills the per-clinic values into the snapshot's text. */
export function withValues<T>(value: T, values: Partial<Record<ValueKey, string>>): T {
	return resolveReferences(value, (ref) =>
		ref.kind === 'value' ? (values[ref.name as ValueKey] ?? ref.text) : ref.text,
	);
}

/** What the clinic should have for a setting, template or team item once it takes the snapshot's. */
export function desiredValue(item: Item, choices: LoadChoices): unknown {
	if (item.kind === 'setting') {
		if (item.name === 'time_zone') return choices.timeZone || item.source;
		if (item.name === 'default_country') return choices.defaultCountry || item.source;
		return withValues(item.source, choices.values);
	}
	if (item.kind === 'template') {
		const t = withValues(item.source, choices.values);
		return { subject: t.kind === 'email' ? t.subject : null, body: t.body };
	}
	if (item.kind === 'team') return item.source;
	return undefined;
}

export function desiredHash(item: Item, choices: LoadChoices): string | undefined {
	const value = desiredValue(item, choices);
	if (value === undefined) return undefined;
	if (item.kind === 'template') return templateState(value as SnapshotTemplate);
	if (item.kind === 'team') return teamState(value as SnapshotTeamMember);
	return contentHash(value);
}
