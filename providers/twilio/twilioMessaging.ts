import { Pacer } from '../pacing';
import { twilioClient } from './client';
import { explainTwilioError } from './errors';
import type { OutgoingText, SentText, TextTransport, TwilioConfig } from './types';

// Paces shared by every node run of the process: one per rate, with a bucket per sender.
const pacers = new Map<string, Pacer>();

function pacerFor(config: TwilioConfig): Pacer {
	const rate = config.messagesPerSecond ?? 0;
	const key = `${rate}`;
	let pacer = pacers.get(key);
	if (!pacer) {
		pacer = new Pacer(rate, Math.max(1, Math.ceil(rate)));
		pacers.set(key, pacer);
	}
	return pacer;
}

const channelAddress = (channel: OutgoingText['channel'], number: string) =>
	channel === 'whatsapp' ? `whatsapp:${number}` : number;

/** Texts and WhatsApp messages through Twilio's Messages API; 429s are retried with backoff. */
export function createTwilioMessaging(config: TwilioConfig): TextTransport {
	const client = twilioClient(config);
	const sender = config.sender;
	const pacer = pacerFor(config);
	const senderKey = `${config.accountSid}:${sender.kind === 'phoneNumber' ? sender.fromNumber : sender.messagingServiceSid}`;

	return {
		senderLabel:
			sender.kind === 'phoneNumber'
				? sender.fromNumber
				: `Messaging Service ${sender.messagingServiceSid}`,
		async send(text: OutgoingText): Promise<SentText> {
			const params: Record<string, unknown> = { to: channelAddress(text.channel, text.to) };
			if (text.from) params.from = channelAddress(text.channel, text.from);
			else if (sender.kind === 'phoneNumber')
				params.from = channelAddress(text.channel, sender.fromNumber);
			else params.messagingServiceSid = sender.messagingServiceSid;
			if (text.content) {
				params.contentSid = text.content.sid;
				params.contentVariables = JSON.stringify(text.content.variables);
			} else {
				params.body = text.body;
			}
			if (text.statusCallback) params.statusCallback = text.statusCallback;
			await pacer.take(senderKey);
			try {
				const message = await client.messages.create(
					params as unknown as Parameters<typeof client.messages.create>[0],
				);
				return {
					sid: message.sid,
					status: message.status,
					from: message.from ?? null,
					segments: Number(message.numSegments ?? 1),
				};
			} catch (error) {
				throw explainTwilioError(
					error as { status?: number; code?: number; message?: string },
					text.to,
				);
			}
		},
	};
}
