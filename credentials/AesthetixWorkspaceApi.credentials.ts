import type { ICredentialType, INodeProperties } from 'n8n-workflow';
import { postgresFields } from './shared/postgresFields';

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
		...postgresFields({ storeType: ['postgres'] }),
		{
			displayName: 'Schema',
			name: 'pgSchema',
			type: 'string',
			default: '',
			placeholder: 'glow_med_spa',
			displayOptions: { show: { storeType: ['postgres'] } },
			description:
				"The workspace's own schema, so that many clinics can share one database; created on first use. Empty keeps the database's default schema, as one database per workspace does.",
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
