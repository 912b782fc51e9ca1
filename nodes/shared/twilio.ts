import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import type { TwilioConfig } from '../../providers/twilio';

export const TWILIO_CREDENTIAL = 'aesthetixTwilioApi';

export function twilioConfig(credential: ICredentialDataDecryptedObject): TwilioConfig {
	const apiKey = credential.authType === 'apiKey';
	const authToken = String(credential.authToken ?? '');
	return {
		accountSid: String(credential.accountSid ?? ''),
		auth: apiKey
			? { kind: 'apiKey', apiKeySid: String(credential.apiKeySid ?? ''), apiKeySecret: String(credential.apiKeySecret ?? '') }
			: { kind: 'authToken', authToken },
		webhookAuthToken: apiKey ? String(credential.webhookAuthToken ?? '') : authToken,
		sender:
			credential.senderType === 'messagingService'
				? { kind: 'messagingService', messagingServiceSid: String(credential.messagingServiceSid ?? '') }
				: { kind: 'phoneNumber', fromNumber: String(credential.fromNumber ?? '') },
		apiBaseUrl: String(credential.apiBaseUrl || 'https://api.twilio.com'),
	};
}
