import { twilioReplayKey } from '../../core/endpoint/twilioEvents';

describe('what makes a Twilio callback a replay', () => {
	it('is one status of one message: each later status is new, the same status again is not', () => {
		const sent = twilioReplayKey('status', { MessageSid: 'SM1', MessageStatus: 'sent' });
		const delivered = twilioReplayKey('status', { MessageSid: 'SM1', MessageStatus: 'delivered' });
		expect(sent).toBe('twilio:status:SM1:sent');
		expect(delivered).not.toBe(sent);
		expect(twilioReplayKey('status', { SmsSid: 'SM1', SmsStatus: 'Sent' })).toBe(sent);
	});

	it('is one inbound message, and one status of one call', () => {
		expect(twilioReplayKey('inbound', { MessageSid: 'SM2', Body: 'STOP' })).toBe(
			'twilio:inbound:SM2',
		);
		expect(twilioReplayKey('status', { CallSid: 'CA1', CallStatus: 'completed' })).toBe(
			'twilio:status:CA1:completed',
		);
	});

	it('ignores the unsigned idempotency header when the signed body names the message', () => {
		expect(twilioReplayKey('inbound', { MessageSid: 'SM2' }, 'token-a')).toBe(
			twilioReplayKey('inbound', { MessageSid: 'SM2' }, 'token-b'),
		);
		expect(twilioReplayKey('status', {}, 'token-a')).toBe('twilio:token:token-a');
		expect(twilioReplayKey('status', {})).toBeUndefined();
	});
});

describe('the URL a Twilio callback was signed for', () => {
	const { signedCallbackUrl } = require('../../core/endpoint/signedUrl');
	const received = (host: string | undefined) => ({
		protocol: 'http',
		host,
		originalUrl: '/webhook/aesthetix/twilio/inbound?x=1',
	});

	it('is the Public Base URL when one is set, whatever Host the request came with', () => {
		expect(signedCallbackUrl('https://n8n.glowmedspa.test', received('evil.example'))).toBe(
			'https://n8n.glowmedspa.test/webhook/aesthetix/twilio/inbound?x=1',
		);
	});

	it("is n8n's own address without one, when the Host is well formed", () => {
		expect(signedCallbackUrl('', received('127.0.0.1:5678'))).toBe(
			'http://127.0.0.1:5678/webhook/aesthetix/twilio/inbound?x=1',
		);
		expect(signedCallbackUrl('', received('n8n.internal'))).toBe(
			'http://n8n.internal/webhook/aesthetix/twilio/inbound?x=1',
		);
		expect(signedCallbackUrl('', received('[::1]:5678'))).toBe(
			'http://[::1]:5678/webhook/aesthetix/twilio/inbound?x=1',
		);
	});

	it.each(['bad host!', 'evil.example/path', 'a@b', '', undefined])(
		'is none for the Host %j',
		(host) => {
			expect(signedCallbackUrl('', received(host))).toBeUndefined();
		},
	);
});
