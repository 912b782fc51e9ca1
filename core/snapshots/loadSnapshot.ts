import { applyPlan, type AppliedItem, type ApplyOptions } from './apply';
import { mergeChoices, type LoadChoices } from './choices';
import { EXPORT_SETTING } from './exportSnapshot';
import { SnapshotError, type SnapshotFile } from './format';
import type { Clinic } from './items';
import { described, planSnapshot, type PlannedItem } from './plan';
import { readSnapshot } from './readSnapshot';
import { SnapshotRecords, type SnapshotLoad } from './records';
import { keyFingerprint } from './signing';

export interface SnapshotHeader {
	id: string;
	name: string;
	revision: number;
	/** The publisher's key, shortened for people to compare. */
	publisher: string;
	/** The revision this clinic has, if it loaded this snapshot before. */
	loaded_revision: number | null;
}

export interface LoadResult {
	snapshot: SnapshotHeader;
	items: AppliedItem[];
	counts: Record<string, number>;
	/** Team members created inactive: the owner activates each with their email (and a set-password link). */
	team_to_activate: Array<{ id: string; name: string }>;
	/** Workflows created or updated: unpublished until a person publishes them. */
	workflows: Array<{ id: string; name: string; action: string }>;
}

export interface PreviewItem {
	key: string;
	kind: string;
	name: string;
	change: PlannedItem['change'];
	local: PlannedItem['local'];
	conflict: boolean;
	/** What a push with the default choices does: take the change, keep the clinic's own, or nothing. */
	on_push: 'take' | 'keep' | 'nothing';
}

function header(file: SnapshotFile, loaded?: SnapshotLoad): SnapshotHeader {
	return {
		id: file.snapshot.id,
		name: file.snapshot.name,
		revision: file.snapshot.revision,
		publisher: keyFingerprint(file.integrity.public_key),
		loaded_revision: loaded?.revision ?? null,
	};
}

async function open(bytes: Buffer, clinic: Clinic) {
	const file = readSnapshot(bytes);
	const own = await clinic.store.settings.get<{ id?: string } | null>(EXPORT_SETTING, null);
	if (own?.id === file.snapshot.id) {
		throw new SnapshotError(
			`"${file.snapshot.name}" was exported from this very workspace, so it cannot be loaded into it`,
			'Load it into another clinic\u2019s workspace (another Aesthetix Workspace credential).',
		);
	}
	const loaded = await new SnapshotRecords(clinic.store.db).load(file.snapshot.id);
	if (loaded && loaded.publisher_key !== file.integrity.public_key) {
		throw new SnapshotError(
			`This clinic loaded "${loaded.name}" from another publisher (key ${keyFingerprint(loaded.publisher_key)}); this file is signed by ${keyFingerprint(file.integrity.public_key)}`,
			'Only the workspace that exported a snapshot can publish its later revisions.',
		);
	}
	if (loaded && file.snapshot.revision < loaded.revision) {
		throw new SnapshotError(
			`This clinic already has revision ${loaded.revision} of "${loaded.name}"; the file is the older revision ${file.snapshot.revision}`,
		);
	}
	return { file, loaded };
}

function result(
	file: SnapshotFile,
	loaded: SnapshotLoad | undefined,
	items: AppliedItem[],
): LoadResult {
	const counts: Record<string, number> = {};
	for (const item of items) counts[item.action] = (counts[item.action] ?? 0) + 1;
	return {
		snapshot: header(file, loaded),
		items,
		counts,
		team_to_activate: items
			.filter((i) => i.kind === 'team' && i.action === 'created' && i.id)
			.map((i) => ({ id: i.id!, name: i.name })),
		workflows: items
			.filter((i) => i.kind === 'workflow' && (i.action === 'created' || i.action === 'updated'))
			.map((i) => ({ id: i.id!, name: i.name, action: i.action })),
	};
}

/**
 * Loads a snapshot into a clinic, new or existing: templates and settings created or updated, the
 * team created inactive, the workflows created in n8n unpublished. All or nothing. Loading the same
 * revision again changes nothing; a newer revision of one already loaded goes through a push.
 */
export async function loadSnapshot(
	bytes: Buffer,
	clinic: Clinic,
	given: LoadChoices,
): Promise<LoadResult> {
	const { file, loaded } = await open(bytes, clinic);
	if (loaded && file.snapshot.revision !== loaded.revision) {
		throw new SnapshotError(
			`This clinic has revision ${loaded.revision} of "${loaded.name}"; the file is revision ${file.snapshot.revision}`,
			'Use Snapshot › Preview Update to see what would change, then Snapshot › Push Update to take it.',
		);
	}
	const choices = mergeChoices(loaded?.choices, given);
	const plan = await planSnapshot(file, clinic, choices);
	// A first load takes everything, replacing same-named templates and settings the clinic had.
	const options: ApplyOptions = { accept: () => true, overwrite: (p) => p.local === 'exists' };
	return result(file, loaded, await applyPlan(file, clinic, choices, plan, options));
}

/** What pushing a snapshot would change in this clinic, item by item, with the clinic's own edits as conflicts. */
export async function previewSnapshot(
	bytes: Buffer,
	clinic: Clinic,
	given: LoadChoices,
): Promise<{ snapshot: SnapshotHeader; items: PreviewItem[] }> {
	const { file, loaded } = await open(bytes, clinic);
	const plan = await planSnapshot(file, clinic, mergeChoices(loaded?.choices, given));
	return {
		snapshot: header(file, loaded),
		items: plan.map((p) => ({
			...described(p),
			on_push: p.change === 'unchanged' ? 'nothing' : p.conflict ? 'keep' : 'take',
		})),
	};
}

export interface PushSelection {
	/** Keys of the changes to take; undefined takes every change that is not a conflict. */
	only?: string[];
	/** Keys of conflicts whose snapshot version replaces the clinic's own, or `all`. */
	overwrite: string[] | 'all';
}

/**
 * Pushes a newer revision into a clinic that loaded an earlier one: only the changes the person
 * takes, and never over the clinic's own edits unless chosen. All or nothing.
 */
export async function pushSnapshot(
	bytes: Buffer,
	clinic: Clinic,
	given: LoadChoices,
	selection: PushSelection,
): Promise<LoadResult> {
	const { file, loaded } = await open(bytes, clinic);
	if (!loaded) {
		throw new SnapshotError(
			`This clinic never loaded "${file.snapshot.name}"`,
			'Use Snapshot › Load for a clinic\u2019s first load.',
		);
	}
	const choices = mergeChoices(loaded.choices, given);
	const plan = await planSnapshot(file, clinic, choices);
	const keys = new Set(plan.map((p) => p.key));
	for (const key of [
		...(selection.only ?? []),
		...(selection.overwrite === 'all' ? [] : selection.overwrite),
	]) {
		if (!keys.has(key)) {
			throw new SnapshotError(
				`"${key}" is not a change of this snapshot for this clinic`,
				'Use the keys Snapshot › Preview Update lists.',
			);
		}
	}
	const only = selection.only && new Set(selection.only);
	const overwrite = selection.overwrite;
	const options: ApplyOptions = {
		accept: (p) => !only || only.has(p.key),
		overwrite: (p) => overwrite === 'all' || overwrite.includes(p.key),
	};
	return result(file, loaded, await applyPlan(file, clinic, choices, plan, options));
}
