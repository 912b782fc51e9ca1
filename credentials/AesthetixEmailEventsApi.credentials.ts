import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * The keys the workspace endpoint checks email provider posts with: events and inbound replies
 * that fail the check are refused.
 */
export class AesthetixEmailEventsApi implements ICredentialType {
	name = 'aesthetixEmailEventsApi';

	displayName = 'Aesthetix Email Events API';

	icon = {
		light: 'file:../icons/email-events.svg',
		dark: 'file:../icons/email-events.dark.svg',
	} as const;

	documentationUrl =
		'https://github.com/aesthetix/n8n-nodes-aesthetix/blob/main/docs/nodes/send-email.md#email-delivery-statistics';

	properties: INodeProperties[] = [
		{
			displayName: 'Mailgun HTTP Webhook Signing Key',
			name: 'mailgunSigningSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'In Mailgun: Sending › Webhooks › HTTP webhook signing key. Checks event webhooks and inbound route posts.',
		},
		{
			displayName: 'SendGrid Verification Key',
			name: 'sendgridVerificationKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			placeholder: 'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE...',
			description:
				'In SendGrid: Settings › Mail Settings › Event Webhook › Signed Event Webhook, the public verification key',
		},
		{
			displayName: 'SendGrid Inbound Parse Key',
			name: 'sendgridInboundSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'A secret of your choosing, at least 16 characters, added to the Inbound Parse URL as ?key=…; SendGrid does not sign Inbound Parse posts, so this key is what proves them',
		},
	];
}
