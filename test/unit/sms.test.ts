import { toE164 } from '../../core/contacts/phone';
import { linkToken, readLinkToken, rewriteLinks } from '../../core/links/trackedLinks';
import { explainTwilioError } from '../../providers/twilio';

describe('E.164 numbers', () => {
	it.each([
		['+1 (555) 123-4567', '+15551234567', undefined],
		['0044 20 7946 0958', '+442079460958', 'fixed_line'],
		['+33.6.12.34.56.78', '+33612345678', 'mobile'],
	])('reads %s as %s', (raw, number, type) => {
		expect(toE164(raw)).toEqual({ number, type });
	});

	it.each([
		['(555) 123-4567', 'US', { number: '+15551234567' }],
		['(212) 555-0100', 'US', { number: '+12125550100', type: 'fixed_line_or_mobile' }],
		['020 7946 0958', 'GB', { number: '+442079460958', type: 'fixed_line' }],
		['06 12 34 56 78', 'FR', { number: '+33612345678', type: 'mobile' }],
		['+44 20 7946 0958', 'US', { number: '+442079460958', type: 'fixed_line' }],
	])('reads the national %s with the Default Country %s', (raw, country, parsed) => {
		expect(toE164(raw, country)).toEqual(parsed);
	});

	it.each([
		['12', 'US', 'has the wrong number of digits for US'],
		['1', 'US', 'is too short to be a phone number'],
		['555 123 45678 9', 'US', 'has the wrong number of digits for US'],
		['+44 20 7946 09', undefined, 'has the wrong number of digits for country code +44'],
	])('refuses %j (Default Country %s): %s', (raw, country, problem) => {
		expect(toE164(raw, country)).toEqual({ problem });
	});

	it.each([
		['', 'is empty'],
		['555-1234', 'needs a + and the country code, such as +15551234567'],
		['+0123456789', 'is not an E.164 number (+ then 7 to 15 digits, not starting with 0)'],
		['+1234567890123456', 'is not an E.164 number (+ then 7 to 15 digits, not starting with 0)'],
		['+1 555 CALL NOW', 'has characters that are not digits'],
	])('refuses %j: %s', (raw, problem) => {
		expect(toE164(raw)).toEqual({ problem });
	});
});

describe('tracked links', () => {
	it('signs link ids so that only the workspace can make them', () => {
		const token = linkToken('secret', 1234);
		expect(readLinkToken('secret', token)).toBe(1234);
		expect(readLinkToken('another secret', token)).toBeUndefined();
		expect(readLinkToken('secret', token.replace(/^[^.]+/, '1235'))).toBeUndefined();
		expect(readLinkToken('secret', 'garbage')).toBeUndefined();
	});

	it('rewrites every link and keeps the punctuation after it', async () => {
		let n = 0;
		const { body, links } = await rewriteLinks(
			'Book: https://spa.test/book?a=1. Or (https://spa.test/call)!',
			async () => `L${++n}`,
		);
		expect(body).toBe('Book: L1. Or (L2)!');
		expect(links).toEqual(['https://spa.test/book?a=1', 'https://spa.test/call']);
	});
});

describe("Twilio's errors", () => {
	it('says what a code means for the number', () => {
		expect(explainTwilioError({ status: 400, code: 21211 }, '+1555').message).toBe(
			'+1555 is not a valid phone number (Twilio error 21211)',
		);
		expect(explainTwilioError({ status: 429 }, '+1555').kind).toBe('rate_limited');
		expect(explainTwilioError({ status: 400, code: 99999, message: 'Odd' }, '+1555').message).toBe(
			'Twilio refused the text to +1555: Odd (Twilio error 99999)',
		);
		expect(explainTwilioError({ message: 'socket hang up' }, '+1555').message).toBe(
			'Could not reach the Twilio API: socket hang up',
		);
	});
});
