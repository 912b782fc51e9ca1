import type { INodeProperties } from 'n8n-workflow';
import { emailAttachmentsProperty, fileUrlsProperty } from '../shared/descriptions/attachments';
import { contactProperty } from '../shared/descriptions/contact';
import { testRecipientNotice } from '../shared/execution/editorRun';
import { interruptedSendsProperty } from '../shared/descriptions/interruptedSendsField';

const V1 = { '@version': [1] };
const FROM_1_1 = { '@version': [{ _cnd: { gte: 1.1 } }] };

/**
 * To User Type and the fields it opens, placed where the spec lists them for each type: after From
 * Email for Email, after Redirect Page for in-app, first for SMS and WhatsApp. Custom Email exists
 * only for Email.
 */
function recipientProperties(types: string[]): INodeProperties[] {
	const email = types.includes('email');
	const shown = (toUserType?: string) => ({
		show: { type: types, ...(toUserType ? { toUserType: [toUserType] } : {}) },
	});
	const properties: INodeProperties[] = [
		{
			displayName: 'To User Type',
			name: 'toUserType',
			type: 'multiOptions',
			default: ['assignedUser'],
			description: 'Who receives it; a user named in several categories gets one alert',
			displayOptions: shown(),
			options: [
				{ name: 'All Users', value: 'allUsers' },
				{
					name: 'Assigned User',
					value: 'assignedUser',
					description: "The contact's assigned user; skipped when there is none",
				},
				...(email
					? [{ name: 'Custom Email', value: 'customEmail', description: 'Typed addresses' }]
					: []),
				{ name: 'Particular Users', value: 'particularUsers' },
				{ name: 'Roles', value: 'roles' },
				{ name: 'Teams', value: 'teams' },
			],
		},
		{
			displayName: 'Particular User Names or IDs',
			name: 'particularUsers',
			type: 'multiOptions',
			typeOptions: { loadOptionsMethod: 'getTeamUsers' },
			default: [],
			displayOptions: shown('particularUsers'),
			description:
				'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		},
		{
			// The spec's field name: the values are the directory's role names themselves.
			// eslint-disable-next-line n8n-nodes-base/node-param-display-name-wrong-for-dynamic-multi-options
			displayName: 'Roles',
			name: 'roles',
			type: 'multiOptions',
			typeOptions: { loadOptionsMethod: 'getRoles' },
			default: [],
			description:
				'The roles of the team directory. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			displayOptions: shown('roles'),
		},
		{
			// The spec's field name: the values are the directory's team names themselves.
			// eslint-disable-next-line n8n-nodes-base/node-param-display-name-wrong-for-dynamic-multi-options
			displayName: 'Teams',
			name: 'teams',
			type: 'multiOptions',
			typeOptions: { loadOptionsMethod: 'getTeams' },
			default: [],
			description:
				'The teams of the team directory. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			displayOptions: shown('teams'),
		},
	];
	if (email) {
		properties.splice(2, 0, {
			displayName: 'Custom Email',
			name: 'customEmails',
			type: 'string',
			default: '',
			placeholder: 'owner@yourpractice.com, manager@yourpractice.com',
			displayOptions: shown('customEmail'),
		});
	}
	return properties;
}

/** The spec's Internal Notification fields, for each Type of Notification, in the spec's order. */
export const internalNotificationProperties: INodeProperties[] = [
	{
		displayName:
			"This node's name is the Action Name. Internal notifications go only to your team members, never to contacts.",
		name: 'actionNameNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Type of Notification',
		name: 'type',
		type: 'options',
		noDataExpression: true,
		default: 'email',
		options: [
			{ name: 'Email', value: 'email' },
			{
				name: 'Notification (In-App)',
				value: 'inApp',
				description: 'Appears under the bell in the Inbox',
			},
			{ name: 'SMS', value: 'sms' },
			{ name: 'WhatsApp', value: 'whatsapp' },
		],
	},
	{
		...contactProperty,
		description:
			'The contact the alert is about, if any (its assigned user and fields fill custom values). Internal notifications also run without a contact.',
	},
	{
		displayName: 'From Name',
		name: 'fromName',
		type: 'string',
		default: '',
		placeholder: '{{company.name}}',
		displayOptions: { show: { type: ['email'] } },
	},
	{
		displayName: 'From Email',
		name: 'fromEmail',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'alerts@yourpractice.com',
		displayOptions: { show: { type: ['email'] } },
	},
	...recipientProperties(['email']),
	{
		displayName: 'Cc / Bcc',
		name: 'copies',
		type: 'collection',
		placeholder: 'Add Cc or Bcc',
		default: {},
		description: 'Each Cc/Bcc recipient adds one email to usage; invalid addresses are skipped',
		displayOptions: { show: { type: ['email'] } },
		// Cc before Bcc, as the field is named and as mail clients list them.
		options: [
			{ displayName: 'Cc', name: 'cc', type: 'string', default: '' },
			{ displayName: 'Bcc', name: 'bcc', type: 'string', default: '' },
		],
	},
	{
		displayName: 'Subject',
		name: 'subject',
		type: 'string',
		default: '',
		description: 'Can be left blank when the template has one',
		displayOptions: { show: { type: ['email'] } },
	},
	{
		// The spec's field name; the description says how to give an ID instead.
		// eslint-disable-next-line n8n-nodes-base/node-param-display-name-wrong-for-dynamic-options
		displayName: 'Template',
		name: 'emailTemplate',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getEmailTemplates' },
		default: '',
		description:
			'A saved email template. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: { show: { type: ['email'] } },
	},
	...recipientProperties(['sms', 'whatsapp']),
	{
		// The spec's field name; the description says how to give an ID instead.
		// eslint-disable-next-line n8n-nodes-base/node-param-display-name-wrong-for-dynamic-options
		displayName: 'Template',
		name: 'smsTemplate',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getSmsTemplates' },
		default: '',
		description:
			'A saved SMS template. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: { show: { type: ['sms'] } },
	},
	{
		displayName: 'Template',
		name: 'contentSid',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		description:
			"An approved WhatsApp template of the Twilio account (WhatsApp's rules for messages a business starts)",
		displayOptions: { show: { type: ['whatsapp'] } },
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchWhatsAppTemplates', searchable: true },
			},
			{
				displayName: 'By Content SID',
				name: 'id',
				type: 'string',
				placeholder: 'HX0123456789abcdef0123456789abcdef',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: '^HX[0-9a-fA-F]{32}$',
							errorMessage: 'A Content SID is HX followed by 32 hexadecimal characters',
						},
					},
				],
			},
		],
	},
	{
		displayName: 'Template Variables',
		name: 'templateVariables',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		required: true,
		description:
			"The chosen template's variables, each labelled with the sample the template gives it",
		displayOptions: { show: { type: ['whatsapp'], ...FROM_1_1 } },
		typeOptions: {
			loadOptionsDependsOn: ['contentSid.value'],
			resourceMapper: {
				resourceMapperMethod: 'getWhatsAppTemplateVariables',
				mode: 'add',
				valuesLabel: 'Template Variables',
				fieldWords: { singular: 'variable', plural: 'variables' },
				addAllFields: true,
				multiKeyMatch: false,
				// Variables are numbered or named by the template, never after the item's fields.
				supportAutoMap: false,
			},
		},
	},
	{
		// Version 1 workflows typed each variable's number by hand.
		displayName: 'Template Variables',
		name: 'contentVariables',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		placeholder: 'Add Variable',
		displayOptions: { show: { type: ['whatsapp'], ...V1 } },
		options: [
			{
				displayName: 'Variable',
				name: 'variable',
				values: [
					{
						displayName: 'Number',
						name: 'key',
						type: 'string',
						default: '1',
						description: 'The placeholder number in the template, as in {{1}}',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						description: 'Custom values such as {{contact.first_name}} work here',
					},
				],
			},
		],
	},
	{
		displayName: 'Title',
		name: 'title',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'New high-value purchase',
		displayOptions: { show: { type: ['inApp'] } },
	},
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		description:
			'The alert, with custom values such as {{contact.first_name}}; keep it brief and actionable',
	},
	{
		displayName: 'Redirect Page',
		name: 'redirectPage',
		type: 'string',
		default: '',
		placeholder: '/contacts/123',
		description:
			"Where the user lands when clicking the alert, such as the contact record: a workspace path, or an address on the Public Base URL's host",
		displayOptions: { show: { type: ['inApp'] } },
	},
	...recipientProperties(['inApp']),
	{
		...emailAttachmentsProperty,
		displayName: 'Add Attachment',
		displayOptions: { show: { type: ['email'] } },
	},
	{
		...fileUrlsProperty('Add Files via URL', 'smsAttachments'),
		displayOptions: { show: { type: ['sms'] } },
	},
	{
		displayName: 'Test Phone Number',
		name: 'testPhoneNumber',
		type: 'string',
		default: '',
		placeholder: '+15551234567',
		description:
			'When you run the workflow from the editor, the text goes only to this number (with country code)',
		displayOptions: { show: { type: ['sms'] } },
	},
	testRecipientNotice(
		{ displayName: 'Test Phone Number', name: 'testPhoneNumber' },
		'texts every real recipient',
		{ type: ['sms'] },
	),
	interruptedSendsProperty('send'),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'When Over the Limit',
				name: 'overLimit',
				type: 'options',
				default: 'queue',
				description: 'Each user receives at most 500 notifications every 5 minutes',
				options: [
					{ name: 'Queue Until the Next Window', value: 'queue' },
					{ name: 'Drop', value: 'drop' },
				],
			},
		],
	},
];
