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
		expect(twilioReplayKey('inbound', { MessageSid: 'SM2', Body: 'STOP' })).toBe('twilio:inbound:SM2');
		expect(twilioReplayKey('status', { CallSid: 'CA1', CallStatus: 'completed' })).toBe('twilio:status:CA1:completed');
	});

	it('ignores the unsigned idempotency header when the signed body names the message', () => {
		expect(twilioReplayKey('inbound', { MessageSid: 'SM2' }, 'token-a')).toBe(twilioReplayKey('inbound', { MessageSid: 'SM2' }, 'token-b'));
		expect(twilioReplayKey('status', {}, 'token-a')).toBe('twilio:token:token-a');
		expect(twilioReplayKey('status', {})).toBeUndefined();
	});
});
