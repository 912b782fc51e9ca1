import type { IDataObject, INodeProperties } from 'n8n-workflow';
import type { TeamUserInput } from '../../../core/store/teamUsers';

/** A team user's fields, as the directory keeps them. */
export const teamUserFields: INodeProperties[] = [
	{
		displayName: 'Connected Number',
		name: 'connected_number',
		type: 'string',
		default: '',
		placeholder: '+15550009999',
		description:
			"The user's own Twilio number: voicemails to their contacts come from it instead of the credential's number",
	},
	{
		displayName: 'Contact Access',
		name: 'contact_access',
		type: 'options',
		default: 'all',
		options: [
			{ name: 'All Contacts', value: 'all' },
			{ name: 'Only Assigned Contacts', value: 'assigned' },
		],
	},
	{
		displayName: 'Do Not Disturb',
		name: 'dnd',
		type: 'boolean',
		default: false,
		description: 'Whether internal notifications skip this user',
	},
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
	},
	{
		displayName: 'Phone',
		name: 'phone',
		type: 'string',
		default: '',
		placeholder: '+15551234567',
		description: 'Mobile number for SMS notifications and calls',
	},
	{
		displayName: 'Role',
		name: 'role',
		type: 'string',
		default: 'user',
		placeholder: 'admin, esthetician, coordinator',
	},
	{ displayName: 'Slack User ID', name: 'slack_user_id', type: 'string', default: '' },
	{ displayName: 'Team', name: 'team', type: 'string', default: '', placeholder: 'Front Desk' },
	{
		displayName: 'WhatsApp Number',
		name: 'whatsapp',
		type: 'string',
		default: '',
		placeholder: '+15551234567',
		description: 'Set once the user has connected WhatsApp',
	},
];

/** Reads a team user from the node's fields or from an imported record; only what is given changes. */
export function toTeamUserInput(fields: IDataObject): Partial<TeamUserInput> {
	const input: Partial<TeamUserInput> = {};
	for (const key of [
		'name',
		'email',
		'phone',
		'whatsapp',
		'connected_number',
		'slack_user_id',
		'role',
		'team',
	] as const) {
		if (fields[key] !== undefined && fields[key] !== '') input[key] = String(fields[key]);
	}
	if (fields.contact_access === 'assigned' || fields.contact_access === 'all')
		input.contact_access = fields.contact_access;
	if (fields.dnd !== undefined) input.dnd = fields.dnd === true || fields.dnd === 'true';
	if (fields.active !== undefined)
		input.active = fields.active === true || fields.active === 'true';
	return input;
}
