import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/** Where the workspace's CRM data lives, and the company details merge fields and links use. */
export class AesthetixWorkspaceApi implements ICredentialType {
	name = 'aesthetixWorkspaceApi';

	displayName = 'Aesthetix Workspace API';

	icon = {
		light: 'file:../icons/workspace.svg',
		dark: 'file:../icons/workspace.dark.svg',
	} as const;

	documentationUrl =
		'https://github.com/aesthetix/n8n-nodes-aesthetix/blob/main/docs/operations/store.md';

	properties: INodeProperties[] = [
		{
			displayName: 'Store',
			name: 'storeType',
			type: 'options',
			default: 'sqlite',
			options: [
				{
					name: 'SQLite File (Embedded)',
					value: 'sqlite',
					description: 'One n8n process; nothing to install',
				},
				{
					name: 'PostgreSQL',
					value: 'postgres',
					description: 'Queue mode, or more than one n8n process',
				},
			],
		},
		{
			displayName: 'SQLite File',
			name: 'sqliteFile',
			type: 'string',
			default: '',
			placeholder: '~/.n8n/aesthetix/workspace.sqlite',
			displayOptions: { show: { storeType: ['sqlite'] } },
			description: "Path of the file; empty keeps it beside n8n's own database",
		},
		{
			displayName: 'Host',
			name: 'pgHost',
			type: 'string',
			default: 'localhost',
			displayOptions: { show: { storeType: ['postgres'] } },
		},
		{
			displayName: 'Port',
			name: 'pgPort',
			type: 'number',
			default: 5432,
			displayOptions: { show: { storeType: ['postgres'] } },
		},
		{
			displayName: 'Database',
			name: 'pgDatabase',
			type: 'string',
			default: 'aesthetix',
			displayOptions: { show: { storeType: ['postgres'] } },
		},
		{
			displayName: 'User',
			name: 'pgUser',
			type: 'string',
			default: 'postgres',
			displayOptions: { show: { storeType: ['postgres'] } },
		},
		{
			displayName: 'Password',
			name: 'pgPassword',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { storeType: ['postgres'] } },
		},
		{
			displayName: 'SSL Mode',
			name: 'pgSslMode',
			type: 'options',
			default: 'verify-full',
			displayOptions: { show: { storeType: ['postgres'] } },
			options: [
				{
					name: 'Disable',
					value: 'disable',
					description:
						'Plain connection: only for a server on this machine or a private network you trust',
				},
				{
					name: 'Require',
					value: 'require',
					description: "Encrypted, without checking the server's certificate",
				},
				{
					name: 'Verify CA',
					value: 'verify-ca',
					description:
						'Encrypted; the certificate must be signed by the CA below (or a public one)',
				},
				{
					name: 'Verify Full',
					value: 'verify-full',
					description: 'Encrypted; the certificate must be signed by the CA and name the host',
				},
			],
		},
		// The SSL switch of earlier versions, kept so that n8n still hands saved values to the store.
		{ displayName: 'SSL (Earlier Versions)', name: 'pgSsl', type: 'hidden', default: '' },
		{
			displayName: 'CA Certificate',
			name: 'pgSslCa',
			type: 'string',
			typeOptions: { rows: 4 },
			default: '',
			placeholder: '-----BEGIN CERTIFICATE-----',
			displayOptions: {
				show: { storeType: ['postgres'], pgSslMode: ['verify-ca', 'verify-full'] },
			},
			description:
				"The PEM certificate of the CA that signed the server's certificate; empty trusts the public CAs Node.js knows",
		},
		{
			displayName: 'Company Name',
			name: 'companyName',
			type: 'string',
			default: '',
			description: 'Fills {{company.name}}',
		},
		{
			displayName: 'Company Phone',
			name: 'companyPhone',
			type: 'string',
			default: '',
			placeholder: '+15551234567',
			description: 'Fills {{company.phone}}; calls to unassigned contacts ring it',
		},
		{
			displayName: 'Time Zone',
			name: 'timeZone',
			type: 'string',
			default: 'UTC',
			placeholder: 'America/New_York',
			description: 'IANA time zone in which appointment times are shown to contacts',
		},
		{
			displayName: 'Default Country',
			name: 'defaultCountry',
			type: 'string',
			default: 'US',
			placeholder: 'US',
			description:
				'Two-letter country code (ISO 3166) for phone numbers written without a country code, such as (555) 123-4567',
		},
		{
			displayName: 'Public Base URL',
			name: 'publicBaseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://n8n.yourpractice.com',
			description:
				'The address at which providers and people reach this n8n; links and callbacks start with it',
		},
	];
}
