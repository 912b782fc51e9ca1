import type { DeliveryRecord } from '../store/types';

/**
 * What a retry does with the sends n8n stopped in the middle of (a crash, an out-of-memory kill, a
 * worker killed in queue mode): the provider may or may not have taken them, so either choice can
 * be wrong for some contacts, and the action's setting makes it.
 * - `skip`: nobody gets a message twice; the retry's output lists the ones it did not send.
 * - `sendAgain`: everyone gets it; those that had arrived arrive twice, and the output says so.
 */
export type InterruptedSends = 'skip' | 'sendAgain';

/** How the retry decided one interrupted send, for its output and its hints. */
export interface InterruptedSend {
	itemIndex: number;
	channel: string;
	recipient: string;
	decision: InterruptedSends;
	/** When the interrupted send began. */
	since: string;
}

/**
 * A send begun by an earlier execution of this work (the one a retry retries) and never closed:
 * n8n stopped in the middle of it. A record open in this very execution is a send still running.
 */
export function interruptedEarlier(record: DeliveryRecord, executionId: string): boolean {
	return (
		(record.status === 'sending' || record.status === 'interrupted') &&
		(record.execution_id ?? '') !== executionId
	);
}

const NOUN: Record<string, string> = {
	email: 'email',
	sms: 'text',
	whatsapp: 'WhatsApp message',
	inApp: 'notification',
	slack: 'Slack message',
	call: 'call',
	voicemail: 'voicemail',
};

/** The channel as the output's reason names it (`notification-email` is an email, `review_sms` a text). */
export function channelNoun(channel: string): string {
	const base = channel.replace(/^(notification-|review_)/, '');
	return NOUN[base] ?? base;
}

/** The output's reason for a send the retry did not repeat. */
export function interruptedReason(channel: string): string {
	const placing = channel === 'call' || channel === 'voicemail' ? 'placed' : 'sent';
	return `n8n stopped while this ${channelNoun(channel)} was being ${placing} in the execution this one retries: it may have gone out, so it was not ${placing} again (Interrupted Sends on Retry: Skip Them)`;
}
