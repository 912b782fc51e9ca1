import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/** Twilio, or any API that speaks Twilio's REST dialect, for texts, calls and WhatsApp. */
export class AesthetixTwilioApi implements ICredentialType {
	name = 'aesthetixTwilioApi';

	displayName = 'Aesthetix Twilio API';

	icon = { light: 'file:../icons/twilio.svg', dark: 'file:../icons/twilio.dark.svg' } as const;

	documentationUrl =
		'https://github.com/aesthetix/n8n-nodes-aesthetix/blob/main/docs/credentials.md#aesthetix-twilio-api';

	properties: INodeProperties[] = [
		{
			displayName: 'Account SID',
			name: 'accountSid',
			type: 'string',
			default: '',
			placeholder: 'AC…',
			required: true,
		},
		{
			displayName: 'Authenticate With',
			name: 'authType',
			type: 'options',
			default: 'authToken',
			options: [
				{ name: 'Auth Token', value: 'authToken' },
				{ name: 'API Key', value: 'apiKey' },
			],
		},
		{
			displayName: 'Auth Token',
			name: 'authToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { authType: ['authToken'] } },
		},
		{
			displayName: 'API Key SID',
			name: 'apiKeySid',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			placeholder: 'SK…',
			displayOptions: { show: { authType: ['apiKey'] } },
		},
		{
			displayName: 'API Key Secret',
			name: 'apiKeySecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { authType: ['apiKey'] } },
		},
		{
			displayName: 'Webhook Auth Token',
			name: 'webhookAuthToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { authType: ['apiKey'] } },
			description:
				"The account's Auth Token: Twilio signs its callbacks with it even when requests use an API key",
		},
		{
			displayName: 'Default Sender',
			name: 'senderType',
			type: 'options',
			default: 'phoneNumber',
			options: [
				{ name: 'Phone Number', value: 'phoneNumber' },
				{ name: 'Messaging Service', value: 'messagingService' },
			],
		},
		{
			displayName: 'Phone Number',
			name: 'fromNumber',
			type: 'string',
			default: '',
			placeholder: '+15551234567',
			displayOptions: { show: { senderType: ['phoneNumber'] } },
			description: 'The connected sending number, in E.164 format',
		},
		{
			displayName: 'Messaging Service SID',
			name: 'messagingServiceSid',
			type: 'string',
			default: '',
			placeholder: 'MG…',
			displayOptions: { show: { senderType: ['messagingService'] } },
		},
		{
			displayName: 'Send Rate (Messages per Second)',
			name: 'messagesPerSecond',
			type: 'number',
			default: 10,
			typeOptions: { minValue: 0, numberPrecision: 2 },
			description:
				"How many texts per second each n8n process sends from this sender; 0 sends as fast as Twilio answers. Twilio queues what the number or Messaging Service cannot send at once (up to 4 hours' worth), so set this to what the sender's throughput can clear.",
		},
		{
			displayName: 'API Base URL',
			name: 'apiBaseUrl',
			type: 'string',
			default: 'https://api.twilio.com',
			description: "Change only for a Twilio-compatible API (or this package's local double)",
		},
	];

	// No `authenticate` block: n8n would then offer a meaningless "Custom API Call" operation on every
	// node with an operation list. The SDK authenticates, and the Test button is the nodes' testTwilioCredential.
}
