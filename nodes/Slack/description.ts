import type { INodeProperties } from 'n8n-workflow';
import { contactProperty } from '../shared/descriptions/contact';
import { interruptedSendsProperty } from '../shared/descriptions/interruptedSendsField';

/** The spec's Slack fields. */
export const slackProperties: INodeProperties[] = [
	{
		displayName:
			'Slack is a premium action: it runs when premium actions are enabled for the workspace, and each message counts as a premium execution',
		name: 'premiumNotice',
		type: 'notice',
		default: '',
	},
	contactProperty,
	{
		displayName: 'Event',
		name: 'event',
		type: 'options',
		noDataExpression: true,
		default: 'publicChannel',
		options: [
			{ name: 'Send Direct Message to a User', value: 'directMessage' },
			{
				name: 'Send Private Channel Message',
				value: 'privateChannel',
				description: 'Sent as the person who created the integration',
			},
			{ name: 'Send Public Channel Message', value: 'publicChannel' },
		],
	},
	{
		displayName: 'User Source',
		name: 'userSource',
		type: 'options',
		default: 'assignedUser',
		displayOptions: { show: { event: ['directMessage'] } },
		options: [
			{
				name: 'Assigned User',
				value: 'assignedUser',
				description: "The contact's assigned user, found in Slack by email",
			},
			{
				name: 'Custom Email',
				value: 'customEmail',
				description: 'A typed or custom-value email, found in Slack',
			},
			{ name: 'Internal User', value: 'internalUser', description: 'A team user chosen by name' },
			{ name: 'Slack User', value: 'slackUser', description: 'Searched in Slack by name' },
		],
	},
	{
		displayName: 'Custom Email',
		name: 'customEmail',
		type: 'string',
		default: '',
		placeholder: 'name@email.com',
		displayOptions: { show: { event: ['directMessage'], userSource: ['customEmail'] } },
	},
	{
		displayName: 'Internal User Name or ID',
		name: 'internalUser',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getTeamUsers' },
		default: '',
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		displayOptions: { show: { event: ['directMessage'], userSource: ['internalUser'] } },
	},
	{
		displayName: 'Slack User',
		name: 'slackUser',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		displayOptions: { show: { event: ['directMessage'], userSource: ['slackUser'] } },
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchUsers', searchable: true },
			},
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: 'U0123456789' },
		],
	},
	{
		displayName: 'Channel',
		name: 'channel',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		displayOptions: { show: { event: ['privateChannel', 'publicChannel'] } },
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchChannels', searchable: true },
			},
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: 'C0123456789' },
		],
	},
	{
		displayName: 'Message Content',
		name: 'message',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		placeholder: 'A new high-priority lead has been added. Please check the details.',
		description:
			'Slack formatting (*bold*, _italic_, links) and custom values such as {{contact.first_name}}',
	},
	interruptedSendsProperty('send'),
];
