import type { SqlDatabase } from '../store/database';
import { Settings } from '../store/settings';
import { TeamUsers } from '../store/teamUsers';
import { Templates } from '../store/templates';
import type { LoadChoices, WorkspaceFields } from './choices';
import { contentHash } from './canonical';
import {
	SnapshotError,
	VALUE_LABELS,
	WORKSPACE_PLACEHOLDER,
	type SnapshotFile,
	type SnapshotTeamMember,
	type SnapshotTemplate,
	type ValueKey,
} from './format';
import {
	desiredHash,
	desiredValue,
	sourceHash,
	teamState,
	templateState,
	type Clinic,
	type Item,
} from './items';
import { described, type Change, type LocalStatus, type PlannedItem } from './plan';
import { SnapshotRecords, type SnapshotItemRecord } from './records';
import { referencesIn, type Reference } from './references';
import { preflight } from './preflight';
import { PREMIUM_SETTING, REPUTATION_SETTING } from './settings';
import { UndoLog } from './undo';
import type { N8nWorkflow, N8nWorkflowBody } from './workflowApi';
import { toN8nWorkflowBody, workflowHash } from './workflows';

/** What happened to an item: written, taken out, left as it was, kept as the clinic's own, or not taken. */
export type Action = 'created' | 'updated' | 'removed' | 'unchanged' | 'kept' | 'skipped';

export interface AppliedItem {
	key: string;
	kind: string;
	name: string;
	change: Change;
	local: LocalStatus;
	conflict: boolean;
	action: Action;
	/** The clinic's id for it: a template or team user id, an n8n workflow id. */
	id: string | null;
}

export interface ApplyOptions {
	/** Whether the person takes this change of the snapshot. */
	accept(item: PlannedItem): boolean;
	/** Whether a conflicting change replaces the clinic's own edit. */
	overwrite(item: PlannedItem): boolean;
}

type Decision = 'write' | 'remove' | 'forget' | Exclude<Action, 'created' | 'updated' | 'removed'>;

function decide(p: PlannedItem, options: ApplyOptions): Decision {
	if (p.change === 'unchanged') return 'unchanged';
	if (!options.accept(p)) return 'skipped';
	if (p.conflict && !options.overwrite(p)) return 'kept';
	if (p.change === 'removed') return p.current ? 'remove' : 'forget';
	return 'write';
}

const FIELD_OF: Partial<Record<string, keyof WorkspaceFields>> = {
	'setting:time_zone': 'timeZone',
	'setting:default_country': 'defaultCountry',
};

/** Loads or pushes the planned changes the person takes, all or nothing. */
export async function applyPlan(
	file: SnapshotFile,
	clinic: Clinic,
	choices: LoadChoices,
	plan: PlannedItem[],
	options: ApplyOptions,
): Promise<AppliedItem[]> {
	const decisions = new Map(plan.map((p) => [p.key, decide(p, options)]));
	const writes = plan.filter((p) => decisions.get(p.key) === 'write');
	const capabilities = await clinic.n8n.capabilities();
	const workspacePatch = await preflight({
		file,
		clinic,
		choices,
		plan,
		writes,
		removals: plan.filter((p) => decisions.get(p.key) === 'remove'),
		capabilities,
	});

	const undo = new UndoLog();
	const outcome = new Map<string, { action: Action; id: string | null; localHash?: string }>();
	try {
		// Rows that loaded workflows point at must exist, with their ids, before the workflows.
		await clinic.store.db.transaction(async (tx) => {
			for (const p of writes.filter((w) => !w.current)) {
				const created = await insertRow(tx, p.item!, choices);
				if (!created) continue;
				outcome.set(p.key, { action: 'created', id: created.id, localHash: created.hash });
			}
		});
		for (const [key, { id }] of outcome) {
			const kind = key.split(':')[0];
			undo.add(`remove the new ${kind} ${id}`, () => deleteRow(clinic.store.db, kind, id!));
		}

		const ids = await localIds(clinic, plan, outcome, choices);
		for (const p of writes.filter((w) => w.kind === 'workflow')) {
			const body = toN8nWorkflowBody((p.item as Extract<Item, { kind: 'workflow' }>).source, {
				credentials: {
					...choices.credentials,
					[WORKSPACE_PLACEHOLDER]: clinic.workspaceCredential,
				},
				resolve: (ref) => ids.resolve(ref, p.name),
				webhookPathPrefix: choices.webhookPathPrefix,
				webhookSeed: `${file.snapshot.id}\n${clinic.workspaceCredential.id}`,
			});
			outcome.set(p.key, await writeWorkflow(clinic, p, body, undo));
		}
		for (const p of plan.filter(
			(q) => decisions.get(q.key) === 'remove' && q.kind === 'workflow',
		)) {
			undo.add(
				`bring back workflow ${p.current!.ref}`,
				await clinic.n8n.removeWorkflow(p.current!.ref!),
			);
			outcome.set(p.key, { action: 'removed', id: p.current!.ref });
		}

		if (Object.keys(workspacePatch).length > 0) {
			const before = Object.fromEntries(
				Object.keys(workspacePatch).map((k) => [k, clinic.workspace[k as keyof WorkspaceFields]]),
			);
			await clinic.n8n.updateCredential(clinic.workspaceCredential.id, workspacePatch);
			undo.add('restore the Workspace credential', () =>
				clinic.n8n.updateCredential(clinic.workspaceCredential.id, before),
			);
			for (const p of writes.filter((w) => FIELD_OF[w.key])) {
				const value = desiredValue(p.item!, choices);
				outcome.set(p.key, {
					action: value === clinic.workspace[FIELD_OF[p.key]!] ? 'unchanged' : 'updated',
					id: null,
					localHash: contentHash(value),
				});
			}
		}

		await clinic.store.db.transaction(async (tx) => {
			for (const p of writes) {
				if (outcome.has(p.key) || p.kind === 'workflow') continue;
				outcome.set(p.key, await updateRow(tx, p, choices));
			}
			for (const p of plan.filter((q) => decisions.get(q.key) === 'remove')) {
				if (p.kind === 'workflow') continue;
				await removeRow(tx, p);
				outcome.set(p.key, { action: 'removed', id: p.current?.ref ?? null });
			}
			const records: SnapshotItemRecord[] = [];
			const removed: string[] = [];
			for (const p of plan) {
				const decision = decisions.get(p.key)!;
				if (decision === 'remove' || decision === 'forget') removed.push(p.key);
				const done = outcome.get(p.key);
				if (!done || done.action === 'removed' || !p.item) continue;
				records.push({
					item_key: p.key,
					kind: p.kind,
					name: p.name,
					local_ref: done.id,
					source_hash: sourceHash(p.item),
					local_hash: done.localHash!,
				});
			}
			await new SnapshotRecords(tx).save(
				{
					snapshot_id: file.snapshot.id,
					name: file.snapshot.name,
					revision: file.snapshot.revision,
					publisher_key: file.integrity.public_key,
					choices,
				},
				records,
				removed,
			);
		});
	} catch (error) {
		const notUndone = await undo.rollBack();
		const reason = error instanceof SnapshotError ? error.message : (error as Error).message;
		throw new SnapshotError(
			`Nothing was loaded: ${reason}`,
			notUndone.length > 0
				? `Some steps could not be taken back: ${notUndone.join('; ')}`
				: error instanceof SnapshotError
					? error.description
					: undefined,
		);
	}

	return plan.map((p) => {
		const decision = decisions.get(p.key)!;
		const done = outcome.get(p.key);
		const action: Action =
			done?.action ?? (decision === 'forget' ? 'removed' : (decision as Action));
		return {
			...described(p),
			action,
			id: done?.id ?? p.current?.ref ?? null,
		};
	});
}

async function insertRow(tx: SqlDatabase, item: Item, choices: LoadChoices) {
	if (item.kind === 'template') {
		const t = desiredValue(item, choices) as SnapshotTemplate;
		const saved = await new Templates(tx).save(item.source.kind, item.name, t.body, t.subject);
		return { id: String(saved.id), hash: templateState(saved) };
	}
	if (item.kind === 'team') {
		// Inactive, with no address: the owner activates each with their own email, which gives them a
		// set-password link for the Inbox.
		const user = await new TeamUsers(tx).create({
			name: item.source.name,
			role: item.source.role,
			team: item.source.team,
			contact_access: item.source.contact_access,
			active: false,
		});
		return { id: String(user.id), hash: teamState(item.source) };
	}
	return undefined;
}

async function deleteRow(db: SqlDatabase, kind: string, id: string): Promise<void> {
	if (kind === 'template') await new Templates(db).delete(Number(id));
	if (kind === 'team') await db.run('DELETE FROM team_users WHERE id = ?', [Number(id)]);
}

async function updateRow(tx: SqlDatabase, p: PlannedItem, choices: LoadChoices) {
	const item = p.item!;
	const value = desiredValue(item, choices);
	const localHash = desiredHash(item, choices)!;
	const same = p.current?.hash === localHash;
	const id = p.current?.ref ?? null;
	if (!same) {
		if (item.kind === 'template') {
			const t = value as SnapshotTemplate;
			await new Templates(tx).update(Number(id), t.body, t.subject);
		} else if (item.kind === 'team') {
			const m = value as SnapshotTeamMember;
			await new TeamUsers(tx).update(Number(id), {
				name: m.name,
				role: m.role,
				team: m.team,
				contact_access: m.contact_access,
			});
		} else if (item.kind === 'setting' && item.name === 'premium_actions') {
			await new Settings(tx).set(PREMIUM_SETTING, value);
		} else if (item.kind === 'setting' && item.name === 'reputation') {
			await new Settings(tx).set(REPUTATION_SETTING, value);
		}
	}
	return { action: (same ? 'unchanged' : 'updated') as Action, id, localHash };
}

async function removeRow(tx: SqlDatabase, p: PlannedItem): Promise<void> {
	const id = Number(p.current!.ref);
	if (p.kind === 'template') await new Templates(tx).delete(id);
	// People are never deleted by a snapshot: one it no longer lists stops being notified and assigned.
	if (p.kind === 'team') await new TeamUsers(tx).update(id, { active: false });
}

async function writeWorkflow(
	clinic: Clinic,
	p: PlannedItem,
	body: N8nWorkflowBody,
	undo: UndoLog,
): Promise<{ action: Action; id: string; localHash: string }> {
	const current = p.current?.value as N8nWorkflow | undefined;
	if (current && workflowHash(body) === p.current!.hash) {
		return { action: 'unchanged', id: current.id, localHash: p.current!.hash };
	}
	if (current) {
		const saved = await clinic.n8n.updateWorkflow(current.id, body);
		undo.add(`restore workflow ${current.id}`, async () => {
			await clinic.n8n.updateWorkflow(current.id, {
				name: current.name,
				nodes: current.nodes,
				connections: current.connections,
				settings: current.settings ?? {},
			});
		});
		return { action: 'updated', id: saved.id, localHash: workflowHash(saved) };
	}
	const created = await clinic.n8n.createWorkflow(body);
	undo.add(`delete the new workflow ${created.id}`, () => clinic.n8n.deleteWorkflow(created.id));
	return { action: 'created', id: created.id, localHash: workflowHash(created) };
}

/** The clinic's ids of the team members and templates the workflows pick, by the names the snapshot uses. */
async function localIds(
	clinic: Clinic,
	plan: PlannedItem[],
	outcome: Map<string, { id: string | null }>,
	choices: LoadChoices,
) {
	const team = new Map<string, number>();
	for (const user of await clinic.store.teamUsers.list({ includeInactive: true })) {
		if (!team.has(user.name.trim().toLowerCase()))
			team.set(user.name.trim().toLowerCase(), user.id);
	}
	const templates = new Map<string, number>();
	for (const kind of ['email', 'sms'] as const) {
		for (const t of await clinic.store.templates.list(kind))
			templates.set(`${kind}:${t.name}`, t.id);
	}
	// What the clinic loaded stays the one a workflow picks, even after the clinic renamed it.
	for (const p of plan) {
		const id = outcome.get(p.key)?.id ?? p.current?.ref;
		if (!id || !p.item) continue;
		if (p.item.kind === 'team') team.set(p.item.name.trim().toLowerCase(), Number(id));
		if (p.item.kind === 'template')
			templates.set(`${p.item.source.kind}:${p.item.name}`, Number(id));
	}
	return {
		resolve(ref: Reference, workflow: string): string | number {
			// Preflight made sure every value the written items use is filled in.
			if (ref.kind === 'value') return choices.values[ref.name as ValueKey] ?? ref.text;
			if (ref.kind === 'team') {
				const id = team.get(ref.name.trim().toLowerCase());
				if (id === undefined) {
					throw new SnapshotError(
						`Workflow "${workflow}" picks the team member "${ref.name}", who is not in this clinic's team`,
						'Take the team member from the snapshot too, or add them to the team, then try again.',
					);
				}
				return id;
			}
			const kind = ref.kind === 'email_template' ? 'email' : 'sms';
			const id = templates.get(`${kind}:${ref.name}`);
			if (id === undefined) {
				throw new SnapshotError(
					`Workflow "${workflow}" uses the ${kind === 'email' ? 'email' : 'SMS'} template "${ref.name}", which this clinic does not have`,
					'Take the template from the snapshot too, then try again.',
				);
			}
			return id;
		},
	};
}

/** The per-clinic values a set of items needs, by the label the person fills in. */
export function valuesNeeded(items: Item[]): ValueKey[] {
	const keys = new Set<ValueKey>();
	for (const item of items) {
		for (const ref of referencesIn(item.source) as Iterable<Reference>) {
			if (ref.kind === 'value') keys.add(ref.name as ValueKey);
		}
	}
	return (Object.keys(VALUE_LABELS) as ValueKey[]).filter((k) => keys.has(k));
}
