import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';
import { twilioAccountProblem, type TwilioConfig } from '../../../providers/twilio';

export function twilioConfig(credential: ICredentialDataDecryptedObject): TwilioConfig {
	const apiKey = credential.authType === 'apiKey';
	const authToken = String(credential.authToken ?? '');
	return {
		accountSid: String(credential.accountSid ?? ''),
		auth: apiKey
			? {
					kind: 'apiKey',
					apiKeySid: String(credential.apiKeySid ?? ''),
					apiKeySecret: String(credential.apiKeySecret ?? ''),
				}
			: { kind: 'authToken', authToken },
		webhookAuthToken: apiKey ? String(credential.webhookAuthToken ?? '') : authToken,
		sender:
			credential.senderType === 'messagingService'
				? {
						kind: 'messagingService',
						messagingServiceSid: String(credential.messagingServiceSid ?? ''),
					}
				: { kind: 'phoneNumber', fromNumber: String(credential.fromNumber ?? '') },
		apiBaseUrl: String(credential.apiBaseUrl || 'https://api.twilio.com'),
		messagesPerSecond: sendRate(credential),
	};
}

const DEFAULT_MESSAGES_PER_SECOND = 10;

function sendRate(credential: ICredentialDataDecryptedObject): number {
	const rate = Number(credential.messagesPerSecond ?? DEFAULT_MESSAGES_PER_SECOND);
	return Number.isFinite(rate) && rate >= 0 ? rate : DEFAULT_MESSAGES_PER_SECOND;
}

/**
 * Texts a node run keeps in flight: enough to hold the send rate while each request takes up to a
 * second, and no more than Twilio's concurrency limits welcome from one run.
 */
export function textsInFlight(config: TwilioConfig): number {
	const rate = config.messagesPerSecond ?? 0;
	return rate > 0 ? Math.min(20, Math.max(1, Math.ceil(rate))) : 20;
}

/** The Twilio credential's Test button: the account must answer to these keys. */
export async function testTwilioCredential(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const problem = await twilioAccountProblem(twilioConfig(credential.data ?? {}));
	return problem
		? { status: 'Error', message: problem }
		: { status: 'OK', message: 'Twilio accepted the credential' };
}
