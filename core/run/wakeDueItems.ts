import { httpStatus, staleBefore, type ResumePost } from './resume';
import type { WorkspaceStore } from '../store';
import type { DeferredItem } from '../store/deferredItems';

/** A claim (by the waker, or by the node sending) still open after this long was interrupted and is taken again. */
export const WAKE_TIMEOUT_MS = 5 * 60_000;

/** Whether n8n said the execution no longer waits: gone, a changed token, or finished (not merely running). */
function executionMovedOn(error: unknown): boolean {
	const status = httpStatus(error);
	if (status === 401 || status === 404) return true;
	return status === 409 && !/running/i.test(String((error as Error)?.message ?? ''));
}

/**
 * Resumes every waiting node that has an item whose calling window has opened: claims the items
 * atomically (so two processes never wake the same item), then posts each node's resume URL with the
 * ids it should send now. A resume n8n cannot take yet is tried again at the next tick.
 */
export async function wakeDueItems(
	store: WorkspaceStore,
	post: ResumePost,
	at: Date,
	log: (message: string) => void,
): Promise<number> {
	const due = await store.deferredItems.claimDue(at.toISOString(), staleBefore(WAKE_TIMEOUT_MS));
	const nodes = new Map<string, DeferredItem[]>();
	for (const item of due) {
		const key = `${item.execution_id}\n${item.node_id}`;
		nodes.set(key, [...(nodes.get(key) ?? []), item]);
	}
	for (const items of nodes.values()) {
		try {
			await post(items[0].resume_url, { wake: items.map((i) => i.id) });
		} catch (error) {
			const movedOn = executionMovedOn(error);
			for (const item of items)
				await store.deferredItems.update(item.id, { status: movedOn ? 'moved_on' : 'waiting' });
			log(
				`Calling Hours: resuming execution ${items[0].execution_id} ${movedOn ? 'is no longer possible' : 'failed and is tried again'}: ${(error as Error).message}`,
			);
		}
	}
	return due.length;
}
