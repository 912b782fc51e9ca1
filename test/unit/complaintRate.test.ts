import { complaintRate, pausedReason } from '../../core/consent/complaintRate';

describe('the complaint rate of marketing email', () => {
	it('is over the limit only above 0.3 %', () => {
		expect(complaintRate(1000, 3, true)).toMatchObject({
			rate_percent: 0.3,
			over_limit: false,
			marketing_paused: false,
		});
		expect(complaintRate(1000, 4, true)).toMatchObject({
			rate_percent: 0.4,
			over_limit: true,
			marketing_paused: true,
		});
	});

	it('pauses marketing only when the owner chose so', () => {
		const unchosen = complaintRate(200, 2, false);
		expect(unchosen).toMatchObject({
			over_limit: true,
			pause_chosen: false,
			marketing_paused: false,
		});
		expect(unchosen.message).toBe(
			'Too many spam complaints: 2 of the 200 marketing emails of the last 30 days were marked as spam (1 %), over the 0.3 % that Gmail and Yahoo allow; they may move your mail to spam or refuse it. Send marketing email only to people who asked for it, or choose to pause marketing email until the rate falls.',
		);
		expect(complaintRate(200, 2, true).message).toMatch(
			/Marketing email is paused until the rate falls under the limit; transactional email still goes out\.$/,
		);
	});

	it('says so in plain words when within the limit, or when there is no marketing email', () => {
		expect(complaintRate(1500, 1, true).message).toBe(
			'1 spam complaint on 1,500 marketing emails in the last 30 days: 0.07 %, within the 0.3 % that Gmail and Yahoo allow.',
		);
		expect(complaintRate(0, 0, true)).toMatchObject({
			rate_percent: 0,
			over_limit: false,
			message: 'No marketing email in the last 30 days.',
		});
	});

	it('gives a skipped send its reason', () => {
		expect(pausedReason(complaintRate(250, 1, true))).toBe(
			"Marketing email is paused: spam complaints on 0.4 % of the last 30 days' marketing email (1 of 250) are over the 0.3 % limit. It resumes when the rate falls, or when an owner turns the pause off on the Statistics page.",
		);
	});
});
