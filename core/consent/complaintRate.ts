import type { WorkspaceStore } from '../store';

/** Gmail's and Yahoo's limit for bulk senders: spam complaints on at most 0.3 % of the mail. */
export const COMPLAINT_LIMIT_PERCENT = 0.3;
/** The window the rate is taken over, as mailbox providers report it. */
export const COMPLAINT_WINDOW_DAYS = 30;

/** The workspace setting an owner chooses on the Statistics page. */
export const DELIVERABILITY_SETTING = 'deliverability';
export interface DeliverabilitySettings {
	/** Marketing sends stop while the complaint rate is over the limit. */
	pause_marketing_over_limit: boolean;
}

export interface ComplaintRate {
	/** Live marketing emails that went out in the window. */
	marketing_emails: number;
	/** How many of them the recipient marked as spam. */
	complaints: number;
	rate_percent: number;
	limit_percent: number;
	over_limit: boolean;
	/** The owner's choice: pause marketing sends while over the limit. */
	pause_chosen: boolean;
	/** Marketing sends are being skipped now. */
	marketing_paused: boolean;
	/** The same, in plain words. */
	message: string;
}

const count = (n: number, one: string, many = `${one}s`) =>
	`${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** The rate as a person reads it: two decimals, without a trailing zero run. */
export const percent = (rate: number) =>
	`${Number(rate.toFixed(2)).toLocaleString('en-US', { maximumFractionDigits: 2 })} %`;

export function complaintRate(
	marketingEmails: number,
	complaints: number,
	pauseChosen: boolean,
): ComplaintRate {
	const rate = marketingEmails > 0 ? (complaints / marketingEmails) * 100 : 0;
	const over = rate > COMPLAINT_LIMIT_PERCENT;
	const paused = over && pauseChosen;
	let message: string;
	if (marketingEmails === 0)
		message = `No marketing email in the last ${COMPLAINT_WINDOW_DAYS} days.`;
	else if (!over)
		message = `${count(complaints, 'spam complaint')} on ${count(marketingEmails, 'marketing email')} in the last ${COMPLAINT_WINDOW_DAYS} days: ${percent(rate)}, within the ${percent(COMPLAINT_LIMIT_PERCENT)} that Gmail and Yahoo allow.`;
	else
		message =
			`Too many spam complaints: ${complaints.toLocaleString('en-US')} of the ${count(marketingEmails, 'marketing email')} of the last ${COMPLAINT_WINDOW_DAYS} days ${complaints === 1 ? 'was' : 'were'} marked as spam (${percent(rate)}), over the ${percent(COMPLAINT_LIMIT_PERCENT)} that Gmail and Yahoo allow; they may move your mail to spam or refuse it. ` +
			(paused
				? 'Marketing email is paused until the rate falls under the limit; transactional email still goes out.'
				: 'Send marketing email only to people who asked for it, or choose to pause marketing email until the rate falls.');
	return {
		marketing_emails: marketingEmails,
		complaints,
		rate_percent: Number(rate.toFixed(3)),
		limit_percent: COMPLAINT_LIMIT_PERCENT,
		over_limit: over,
		pause_chosen: pauseChosen,
		marketing_paused: paused,
		message,
	};
}

/** Why a marketing send is skipped while the pause holds. */
export const pausedReason = (rate: ComplaintRate) =>
	`Marketing email is paused: spam complaints on ${percent(rate.rate_percent)} of the last ${COMPLAINT_WINDOW_DAYS} days' marketing email (${rate.complaints} of ${rate.marketing_emails}) are over the ${percent(COMPLAINT_LIMIT_PERCENT)} limit. It resumes when the rate falls, or when an owner turns the pause off on the Statistics page.`;

/** The workspace's rate now, over the marketing email sent in the last 30 days, with the owner's choice. */
export async function workspaceComplaintRate(
	store: WorkspaceStore,
	now = new Date(),
): Promise<ComplaintRate> {
	const since = new Date(now.getTime() - COMPLAINT_WINDOW_DAYS * 86_400_000).toISOString();
	const { sent, complained } = await store.deliveryEvents.marketingComplaints(since);
	const settings = await store.settings.get<Partial<DeliverabilitySettings>>(
		DELIVERABILITY_SETTING,
		{},
	);
	return complaintRate(sent, complained, settings.pause_marketing_over_limit === true);
}
