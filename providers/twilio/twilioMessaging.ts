import twilio from 'twilio';
import { Pacer } from '../pacing';
import { explainTwilioError } from './errors';
import type { OutgoingText, SentText, TextTransport, TwilioConfig } from './types';


/** The SDK always calls *.twilio.com; this client sends the same requests to a configured base URL. */
class BaseUrlRequestClient extends twilio.RequestClient {
	constructor(
		private readonly baseUrl: string,
		options: ConstructorParameters<typeof twilio.RequestClient>[0],
	) {
		super(options);
	}

	request<TData>(opts: Parameters<twilio.RequestClient['request']>[0] & { data?: TData }) {
		return super.request<TData>({ ...opts, uri: opts.uri.replace(/^https:\/\/[^/]*\.twilio\.com/, this.baseUrl) });
	}
}

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
	const baseUrl = config.apiBaseUrl.replace(/\/+$/, '') || 'https://api.twilio.com';
	const httpClient = new BaseUrlRequestClient(baseUrl, {
		autoRetry: true,
		maxRetries: config.maxRetries ?? 4,
		maxRetryDelay: 4000,
		timeout: 30_000,
	});
	const [user, password] =
		config.auth.kind === 'apiKey' ? [config.auth.apiKeySid, config.auth.apiKeySecret] : [config.accountSid, config.auth.authToken];
	const client = twilio(user, password, { accountSid: config.accountSid, httpClient });
	const sender = config.sender;
	const pacer = pacerFor(config);
	const senderKey = `${config.accountSid}:${sender.kind === 'phoneNumber' ? sender.fromNumber : sender.messagingServiceSid}`;

	return {
		senderLabel: sender.kind === 'phoneNumber' ? sender.fromNumber : `Messaging Service ${sender.messagingServiceSid}`,
		async send(text: OutgoingText): Promise<SentText> {
			const params: Record<string, unknown> = { to: channelAddress(text.channel, text.to) };
			if (sender.kind === 'phoneNumber') params.from = channelAddress(text.channel, sender.fromNumber);
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
				const message = await client.messages.create(params as unknown as Parameters<typeof client.messages.create>[0]);
				return {
					sid: message.sid,
					status: message.status,
					from: message.from ?? null,
					segments: Number(message.numSegments ?? 1),
				};
			} catch (error) {
				throw explainTwilioError(error as { status?: number; code?: number; message?: string }, text.to);
			}
		},
	};
}
