/** A review request's status as the spec names it. */
export type ReviewStatus = 'Queued' | 'Sent' | 'Delivered' | 'Failed';
export type ReviewType = 'email' | 'sms';

export const REVIEW_CHANNEL: Record<ReviewType, string> = {
	email: 'review_email',
	sms: 'review_sms',
};

export function reviewTypeOf(channel: string): ReviewType | undefined {
	return channel === REVIEW_CHANNEL.email
		? 'email'
		: channel === REVIEW_CHANNEL.sms
			? 'sms'
			: undefined;
}

/**
 * Maps what the send and the provider said (a delivery status or Twilio's own word) to the spec's
 * status. Only Twilio confirms delivery, so an email never becomes Delivered: once the SMTP server
 * took it, it is Sent.
 */
export function reviewStatus(type: ReviewType, word: string): ReviewStatus {
	const w = word.toLowerCase();
	if (['failed', 'undelivered', 'rejected', 'bounced', 'canceled'].includes(w)) return 'Failed';
	// An interrupted send's outcome is unknown: the provider may never have taken it.
	if (type === 'email') return ['sending', 'queued', 'interrupted'].includes(w) ? 'Queued' : 'Sent';
	if (['delivered', 'read'].includes(w)) return 'Delivered';
	if (w === 'sent') return 'Sent';
	return 'Queued';
}

/** Counts per spec status, from per-status counts of the action's review deliveries. */
export function reviewCounts(
	rows: Array<{ channel: string; status: string; n: number }>,
): Record<Lowercase<ReviewStatus>, number> | undefined {
	const counts = { queued: 0, sent: 0, delivered: 0, failed: 0 };
	let any = false;
	for (const row of rows) {
		const type = reviewTypeOf(row.channel);
		if (!type) continue;
		any = true;
		counts[reviewStatus(type, row.status).toLowerCase() as Lowercase<ReviewStatus>] += row.n;
	}
	return any ? counts : undefined;
}
