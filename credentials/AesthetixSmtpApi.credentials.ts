import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/** The SMTP server that Send Email and email notifications go out through. */
export class AesthetixSmtpApi implements ICredentialType {
	name = 'aesthetixSmtpApi';

	displayName = 'Aesthetix SMTP';

	icon = {
		light: 'file:../icons/send-email.svg',
		dark: 'file:../icons/send-email.dark.svg',
	} as const;

	documentationUrl =
		'https://github.com/aesthetix/n8n-nodes-aesthetix/blob/main/docs/credentials.md#aesthetix-smtp';

	properties: INodeProperties[] = [
		{
			displayName: 'Host',
			name: 'host',
			type: 'string',
			default: '',
			placeholder: 'smtp.example.com',
			required: true,
		},
		{
			displayName: 'Port',
			name: 'port',
			type: 'number',
			default: 587,
			description: 'Usually 587 with STARTTLS, 465 with SSL/TLS, or 25',
		},
		{
			displayName: 'SSL/TLS',
			name: 'secure',
			type: 'boolean',
			default: false,
			description: 'Whether to use TLS from the start of the connection (port 465)',
		},
		{
			displayName: 'STARTTLS',
			name: 'starttls',
			type: 'options',
			default: 'required',
			displayOptions: { show: { secure: [false] } },
			options: [
				{
					name: 'Required',
					value: 'required',
					description: 'Refuse to send unless the server upgrades to TLS',
				},
				{
					name: 'When Offered',
					value: 'when-offered',
					description:
						'Upgrade to TLS when the server offers it; someone on the network can remove the offer and read the mail',
				},
				{
					name: 'Never',
					value: 'never',
					description: 'Stay on plain text even when the server offers TLS',
				},
			],
		},
		{ displayName: 'User', name: 'user', type: 'string', default: '' },
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
		{
			displayName: 'EHLO Name',
			name: 'ehloName',
			type: 'string',
			default: '',
			placeholder: 'mail.yourpractice.com',
			description:
				'The host name this client greets the server with; leave empty for the machine name',
		},
		{
			displayName: 'Pool Size',
			name: 'poolSize',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 50 },
			default: 5,
			description: 'Most connections a node run keeps open to the server at once',
		},
		{
			displayName: 'Rate Limit (Messages per Second)',
			name: 'rateLimit',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description: 'Most messages sent per second, as your provider allows; 0 for no limit',
		},
		{
			displayName: 'Allow File URLs on Private Networks',
			name: 'allowPrivateFileUrls',
			type: 'boolean',
			default: false,
			description:
				"Whether attachments may be downloaded from loopback, private and link-local addresses (this n8n's own network, where internal services and cloud metadata live)",
		},
		{
			displayName: 'DKIM Domain',
			name: 'dkimDomain',
			type: 'string',
			default: '',
			placeholder: 'yourpractice.com',
			description:
				"The domain that signs your mail with DKIM: your From Email's domain, so Gmail and Yahoo see them aligned. Leave the three DKIM fields empty when your provider signs for you.",
		},
		{
			displayName: 'DKIM Selector',
			name: 'dkimSelector',
			type: 'string',
			default: '',
			placeholder: 's1',
			description:
				'The name of the key in DNS: receivers look up the TXT record <selector>._domainkey.<domain>',
		},
		{
			displayName: 'DKIM Private Key',
			name: 'dkimPrivateKey',
			type: 'string',
			typeOptions: { password: true, rows: 4 },
			default: '',
			placeholder: '-----BEGIN PRIVATE KEY-----',
			description:
				'The RSA private key (2048 bits) in PEM form whose public half is published in that TXT record',
		},
		{
			displayName: 'Ignore SSL Issues (Insecure)',
			name: 'ignoreSslIssues',
			type: 'boolean',
			default: false,
			description: 'Whether to accept a server certificate that cannot be verified',
		},
	];
}
