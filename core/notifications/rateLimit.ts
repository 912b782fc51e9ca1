import type { WorkspaceStore } from '../store';

export interface RateLimitPolicy {
	/** The spec's limit: 500 notifications per user per 5 minutes. */
	limit: number;
	windowMs: number;
	/** Over the limit: wait for the next window up to this long ("queued"), or drop at once (0). */
	queueForMs: number;
	now?: () => number;
	sleep?: (ms: number) => Promise<void>;
}

export const SPEC_RATE_LIMIT: Omit<RateLimitPolicy, 'queueForMs'> = { limit: 500, windowMs: 5 * 60_000 };

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Takes a slot in the recipient's window. `sent` when there was room; `queued` when it waited for
 * the next window; `dropped` when waiting would take longer than the policy allows.
 */
export async function takeNotificationSlot(store: WorkspaceStore, recipientKey: string, policy: RateLimitPolicy): Promise<'sent' | 'queued' | 'dropped'> {
	const now = policy.now ?? Date.now;
	const sleep = policy.sleep ?? realSleep;
	const started = now();
	let waited = false;
	for (;;) {
		// Windows are numbered (not timestamped) so the number fits a 32-bit INTEGER column on PostgreSQL.
		const window = Math.floor(now() / policy.windowMs);
		if (await store.notifications.takeSlot(recipientKey, window, policy.limit)) return waited ? 'queued' : 'sent';
		const nextWindow = (window + 1) * policy.windowMs;
		if (nextWindow - started > policy.queueForMs) return 'dropped';
		await sleep(nextWindow - now());
		waited = true;
	}
}
