import type { WorkspaceStore } from '../store';

export interface RateLimitPolicy {
	/** The spec's limit: 500 notifications per user per 5 minutes. */
	limit: number;
	windowMs: number;
	/** Over the limit: wait for room in the window up to this long ("queued"), or drop at once (0). */
	queueForMs: number;
	now?: () => number;
	sleep?: (ms: number) => Promise<void>;
}

export const SPEC_RATE_LIMIT: Omit<RateLimitPolicy, 'queueForMs'> = {
	limit: 500,
	windowMs: 5 * 60_000,
};

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Takes a slot in the recipient's rolling window. `sent` when there was room; `queued` when it waited
 * for the oldest send to leave the window; `dropped` when that wait would take longer than the
 * policy allows.
 */
export async function takeNotificationSlot(
	store: WorkspaceStore,
	recipientKey: string,
	policy: RateLimitPolicy,
): Promise<'sent' | 'queued' | 'dropped'> {
	const now = policy.now ?? Date.now;
	const sleep = policy.sleep ?? realSleep;
	const started = now();
	let waited = false;
	for (;;) {
		const at = now();
		const slot = await store.notifications.takeSlot(
			recipientKey,
			at,
			policy.limit,
			policy.windowMs,
		);
		if (slot.taken) return waited ? 'queued' : 'sent';
		if (slot.freesAt - started > policy.queueForMs) return 'dropped';
		await sleep(Math.max(1, slot.freesAt - at));
		waited = true;
	}
}
