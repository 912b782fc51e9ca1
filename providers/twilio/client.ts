import twilio from 'twilio';
import type { TwilioConfig } from './types';

/** The SDK always calls *.twilio.com; this client sends the same requests to a configured base URL. */
class BaseUrlRequestClient extends twilio.RequestClient {
	constructor(
		private readonly baseUrl: string,
		options: ConstructorParameters<typeof twilio.RequestClient>[0],
	) {
		super(options);
	}

	request<TData>(opts: Parameters<twilio.RequestClient['request']>[0] & { data?: TData }) {
		return super.request<TData>({
			...opts,
			uri: opts.uri.replace(/^https:\/\/[^/]*\.twilio\.com/, this.baseUrl),
		});
	}
}

/** One SDK client for a credential, against Twilio or a Twilio-compatible API; 429s are retried with backoff. */
export function twilioClient(config: TwilioConfig): twilio.Twilio {
	const baseUrl = config.apiBaseUrl.replace(/\/+$/, '') || 'https://api.twilio.com';
	const httpClient = new BaseUrlRequestClient(baseUrl, {
		autoRetry: true,
		maxRetries: config.maxRetries ?? 4,
		maxRetryDelay: 4000,
		timeout: 30_000,
	});
	const [user, password] =
		config.auth.kind === 'apiKey'
			? [config.auth.apiKeySid, config.auth.apiKeySecret]
			: [config.accountSid, config.auth.authToken];
	return twilio(user, password, { accountSid: config.accountSid, httpClient });
}
