import type { LoadChoices } from './choices';
import type { SnapshotFile } from './format';
import {
	desiredHash,
	itemsOf,
	LocalState,
	sourceHash,
	type Clinic,
	type Item,
	type ItemKind,
	type LocalItem,
} from './items';
import { SnapshotRecords, type SnapshotItemRecord } from './records';

/** What the snapshot did to an item since the clinic last took it. */
export type Change = 'added' | 'changed' | 'removed' | 'unchanged';
/**
 * What the clinic did: nothing since loading (`as_loaded`), its own edit (`edited`), deleted it
 * (`deleted`); for an item new to the clinic, whether it has one of that name already (`exists`) or
 * not (`new`).
 */
export type LocalStatus = 'new' | 'exists' | 'as_loaded' | 'edited' | 'deleted';

export interface PlannedItem {
	key: string;
	kind: ItemKind;
	name: string;
	change: Change;
	local: LocalStatus;
	/** The snapshot changed an item the clinic edited (or has of its own): kept unless chosen otherwise. */
	conflict: boolean;
	item?: Item;
	record?: SnapshotItemRecord;
	current?: LocalItem;
}

/** What a person reads of a planned item: the same in a preview and in the result of a load or push. */
export function described(p: PlannedItem) {
	const { key, kind, name, change, local, conflict } = p;
	return { key, kind, name, change, local, conflict };
}

function status(
	current: LocalItem | undefined,
	record: SnapshotItemRecord | undefined,
): LocalStatus {
	if (!record) return current ? 'exists' : 'new';
	if (!current) return 'deleted';
	return current.hash === record.local_hash ? 'as_loaded' : 'edited';
}

/**
 * Compares a snapshot with what the clinic has, item by item: what the snapshot added, changed or
 * removed since the clinic last took it, and what the clinic edited in the meantime.
 */
export async function planSnapshot(
	file: SnapshotFile,
	clinic: Clinic,
	choices: LoadChoices,
): Promise<PlannedItem[]> {
	const records = await new SnapshotRecords(clinic.store.db).items(file.snapshot.id);
	const local = new LocalState(clinic);
	const planned: PlannedItem[] = [];
	for (const item of itemsOf(file)) {
		const record = records.get(item.key);
		const current = await local.of(item, record);
		const localStatus = status(current, record);
		let change: Change;
		let conflict: boolean;
		if (!record) {
			change = 'added';
			// A same-named item the clinic made itself is its own work: taking the snapshot's is a choice.
			const wanted = desiredHash(item, choices);
			conflict = current !== undefined && (wanted === undefined || wanted !== current.hash);
			if (item.kind === 'setting') conflict = false;
		} else {
			change = sourceHash(item) === record.source_hash ? 'unchanged' : 'changed';
			conflict = change === 'changed' && localStatus !== 'as_loaded';
		}
		planned.push({
			key: item.key,
			kind: item.kind,
			name: item.name,
			change,
			local: localStatus,
			conflict,
			item,
			record,
			current,
		});
	}
	const listed = new Set(planned.map((p) => p.key));
	for (const record of records.values()) {
		if (listed.has(record.item_key)) continue;
		const kind = record.kind as ItemKind;
		const current = await currentOfRemoved(local, kind, record);
		const localStatus = status(current, record);
		planned.push({
			key: record.item_key,
			kind,
			name: record.name,
			change: 'removed',
			local: localStatus,
			conflict: localStatus === 'edited',
			record,
			current,
		});
	}
	return planned;
}

/**
 * Reads the clinic's copy of an item the snapshot no longer has, by the id the record kept: one found
 * only by its name is something else the clinic made, not the one it loaded.
 */
async function currentOfRemoved(
	local: LocalState,
	kind: ItemKind,
	record: SnapshotItemRecord,
): Promise<LocalItem | undefined> {
	if (kind === 'workflow') return local.workflow(record);
	if (kind === 'template') {
		const templateKind = record.item_key.split(':')[1] as 'email' | 'sms';
		const found = await local.template(
			{ kind: templateKind, name: record.name, subject: null, body: '' },
			record,
		);
		return found && found.ref === record.local_ref ? found : undefined;
	}
	if (kind === 'team') {
		const found = await local.team(
			{ name: record.name, role: '', team: null, contact_access: 'all' },
			record,
		);
		return found && found.ref === record.local_ref ? found : undefined;
	}
	return undefined;
}
