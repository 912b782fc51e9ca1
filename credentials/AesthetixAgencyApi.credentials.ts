import type { ICredentialType, INodeProperties } from 'n8n-workflow';
import { postgresFields } from './shared/postgresFields';

/**
 * The agency's view of its clinics: the PostgreSQL database their workspaces share, and the agency
 * owner's own sign-in, which is nobody's team user in any clinic.
 */
export class AesthetixAgencyApi implements ICredentialType {
	name = 'aesthetixAgencyApi';

	displayName = 'Aesthetix Agency API';

	icon = {
		light: 'file:../icons/agency.svg',
		dark: 'file:../icons/agency.dark.svg',
	} as const;

	documentationUrl =
		'https://github.com/aesthetix/n8n-nodes-aesthetix/blob/main/docs/nodes/agency-view.md#the-credential';

	properties: INodeProperties[] = [
		{
			displayName:
				"The database the clinics' Workspace credentials name, each with its own Schema. Every workspace in it is listed.",
			name: 'databaseNotice',
			type: 'notice',
			default: '',
		},
		...postgresFields(),
		{
			displayName: 'Owner Email',
			name: 'ownerEmail',
			type: 'string',
			placeholder: 'name@email.com',
			default: '',
			required: true,
			description: 'The agency owner signs in to the agency view with this email',
		},
		{
			displayName: 'Owner Password',
			name: 'ownerPassword',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				"At least 12 characters. Changing it signs the owner out everywhere. It is not a clinic's Inbox password.",
		},
	];
}
