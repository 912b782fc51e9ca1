import type { WorkspaceStore } from '../store';

/** Gmail's bulk-sender threshold: above 0.3 % of mail reported as spam, delivery suffers. */
export const COMPLAINT_RATE_LIMIT = 0.003;
/** The window mailbox providers judge a sender's complaint rate over. */
export const COMPLAINT_WINDOW_DAYS = 30;

export interface ComplaintRate {
	/** Emails of the window that a recipient reported as spam. */
	complained: number;
	/** Emails of the window the mail server took. */
	accepted: number;
	/** complained ÷ accepted, 0 when nothing was sent. */
	rate: number;
	overLimit: boolean;
}

/** The workspace's spam complaint rate over the last 30 days of live email, as of `at`. */
export async function complaintRate(store: WorkspaceStore, at: Date): Promise<ComplaintRate> {
	const since = new Date(at.getTime() - COMPLAINT_WINDOW_DAYS * 86_400_000).toISOString();
	const { accepted, complained } = await store.deliveryEvents.channelCounts(
		'email',
		['accepted', 'complained'],
		since,
	);
	const rate = accepted > 0 ? complained / accepted : 0;
	return { complained, accepted, rate, overLimit: rate > COMPLAINT_RATE_LIMIT };
}
