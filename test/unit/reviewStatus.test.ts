import { readReputation, DEFAULT_WORDING } from '../../core/reviews/reputation';
import { reviewCounts, reviewStatus } from '../../core/reviews/status';

describe('a review request status', () => {
	it.each([
		['sms', 'sending', 'Queued'],
		['sms', 'accepted', 'Queued'],
		['sms', 'queued', 'Queued'],
		['sms', 'sent', 'Sent'],
		['sms', 'delivered', 'Delivered'],
		['sms', 'undelivered', 'Failed'],
		['email', 'sending', 'Queued'],
		['email', 'accepted', 'Sent'],
		['email', 'delivered', 'Sent'],
		['email', 'failed', 'Failed'],
	] as const)('reads %s %s as %s (email never Delivered)', (type, word, status) => {
		expect(reviewStatus(type, word)).toBe(status);
	});

	it("counts an action's review deliveries per status, and nothing for other actions", () => {
		expect(
			reviewCounts([
				{ channel: 'review_sms', status: 'delivered', n: 2 },
				{ channel: 'review_sms', status: 'accepted', n: 1 },
				{ channel: 'review_email', status: 'accepted', n: 3 },
				{ channel: 'review_email', status: 'failed', n: 1 },
			]),
		).toEqual({ queued: 1, sent: 3, delivered: 2, failed: 1 });
		expect(reviewCounts([{ channel: 'sms', status: 'delivered', n: 2 }])).toBeUndefined();
	});
});

describe('the Reputation settings', () => {
	it('are on by default and fall back to the default wording', () => {
		expect(
			readReputation({ review_link: ' https://g.page/r/x ', email_subject: '  ' }),
		).toMatchObject({
			review_link: 'https://g.page/r/x',
			enabled: true,
			email_subject: DEFAULT_WORDING.email_subject,
			sms_body: DEFAULT_WORDING.sms_body,
		});
		expect(readReputation({ enabled: false }).enabled).toBe(false);
	});
});
