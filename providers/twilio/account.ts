import { twilioClient } from './client';
import type { TwilioConfig } from './types';

/** Fetches the credential's account, as Twilio's own console does to check a key: null when it answers, else why not. */
export async function twilioAccountProblem(config: TwilioConfig): Promise<string | null> {
	try {
		await twilioClient({ ...config, maxRetries: 0 })
			.api.v2010.accounts(config.accountSid)
			.fetch();
		return null;
	} catch (error) {
		const { status, code, message } = error as { status?: number; code?: number; message?: string };
		if (status === 401 || code === 20003)
			return 'Twilio refused the credential: check the Account SID and Auth Token or API key (Twilio error 20003)';
		if (status === undefined)
			return `Could not reach the Twilio API at ${config.apiBaseUrl}: ${message ?? 'no answer'}`;
		return `Twilio answered HTTP ${status}${code ? ` (Twilio error ${code})` : ''}: ${message ?? 'unknown error'}`;
	}
}
