import type { WorkspaceStore } from '../store';

/** Gmail's and Yahoo's limit for bulk senders: spam complaints on at most 0.3 % of the mail. */
export const COMPLAINT_LIMIT_PERCENT = 0.3;
/** The window the rate is taken over, as mailbox providers report it. */
export const COMPLAINT_WINDOW_DAYS = 30;

/**
 * A workspace's spam complaint rate, in the words and fields the deliverability work uses for
 * marketing email; here over every live email, since sends do not yet say which kind they are.
 */
export interface ComplaintRate {
	/** Live emails the mail server took in the window. */
	emails: number;
	/** How many of them the recipient marked as spam. */
	complaints: number;
	rate_percent: number;
	over_limit: boolean;
}

/** The rate as a person reads it: two decimals, without a trailing zero run. */
export const percent = (rate: number) =>
	`${Number(rate.toFixed(2)).toLocaleString('en-US', { maximumFractionDigits: 2 })} %`;

/** The workspace's rate as of `now`, over the email sent in the last 30 days. */
export async function complaintRate(store: WorkspaceStore, now: Date): Promise<ComplaintRate> {
	const since = new Date(now.getTime() - COMPLAINT_WINDOW_DAYS * 86_400_000).toISOString();
	const { accepted, complained } = await store.deliveryEvents.channelCounts(
		'email',
		['accepted', 'complained'],
		since,
	);
	const rate = accepted > 0 ? (complained / accepted) * 100 : 0;
	return {
		emails: accepted,
		complaints: complained,
		rate_percent: Number(rate.toFixed(3)),
		over_limit: rate > COMPLAINT_LIMIT_PERCENT,
	};
}
