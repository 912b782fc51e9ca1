import type { INodeProperties } from 'n8n-workflow';
import { emailAttachmentsProperty } from '../shared/descriptions/attachments';
import { contactProperty } from '../shared/descriptions/contact';
import { testRecipientNotice } from '../shared/execution/editorRun';
import { stopOnResponseProperty } from '../shared/descriptions/stopOnResponseField';
import { interruptedSendsProperty } from '../shared/descriptions/interruptedSendsField';
import { emailTypeProperties } from '../shared/descriptions/emailTypeField';

/** The spec's Send Email fields, in the order the CRM shows them. */
export const sendEmailProperties: INodeProperties[] = [
	{
		displayName:
			'This node\'s name is the Action Name (for example "Booking Confirmation Email"): statistics and the contact\'s conversation show it',
		name: 'actionNameNotice',
		type: 'notice',
		default: '',
	},
	contactProperty,
	...emailTypeProperties(),
	{
		displayName: 'From Name',
		name: 'fromName',
		type: 'string',
		default: '',
		placeholder: '{{company.name}}',
		description:
			'The sender name that appears in the inbox; custom values such as {{company.name}} work here',
	},
	{
		displayName: 'From Email',
		name: 'fromEmail',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'hello@yourpractice.com',
		description: 'A verified sending address on your connected domain',
	},
	{
		displayName: 'Subject',
		name: 'subject',
		type: 'string',
		default: '',
		placeholder: 'Thanks for booking with us',
		description: "Custom values work here; leave empty to use the template's subject",
	},
	{
		// The spec's field name; the description says how to give an ID instead.
		// eslint-disable-next-line n8n-nodes-base/node-param-display-name-wrong-for-dynamic-options
		displayName: 'Template',
		name: 'template',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getEmailTemplates' },
		default: '',
		description:
			'A saved email template of the workspace. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Sync Edits to Template',
		name: 'syncWithTemplate',
		type: 'boolean',
		default: false,
		displayOptions: { hide: { template: [''] } },
		description:
			"Whether the Message and the saved template update each other: a Message edited here is written to the template when the action runs live, a template edited since reaches this action's sends, and when both changed the newer edit wins (a Message edit dates from the first run that carried it, editor test runs included). Off: the action keeps its own Message, or its own copy of the template as it was when first used.",
	},
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		typeOptions: { rows: 8 },
		default: '',
		placeholder:
			'Hi {{contact.first_name}}, your appointment is scheduled for {{appointment.start_time}}.',
		description:
			'The email body in HTML or plain text, with custom values such as {{contact.first_name}}; a plain-text part is generated. {{unsubscribe_link}} places the unsubscribe link (marketing email gets one at its foot otherwise). Leave empty to send the template.',
	},
	emailAttachmentsProperty,
	{
		displayName: 'Cc / Bcc',
		name: 'copies',
		type: 'collection',
		placeholder: 'Add Cc or Bcc',
		default: {},
		description:
			'Invalid addresses are skipped and reported; valid recipients still receive the email',
		// Cc before Bcc, as the field is named and as mail clients list them.
		options: [
			{
				displayName: 'Cc',
				name: 'cc',
				type: 'string',
				default: '',
				placeholder: 'frontdesk@yourpractice.com',
			},
			{
				displayName: 'Bcc',
				name: 'bcc',
				type: 'string',
				default: '',
				placeholder: 'manager@yourpractice.com, records@yourpractice.com',
			},
		],
	},
	{
		displayName: 'Test Email',
		name: 'testEmail',
		type: 'string',
		default: '',
		placeholder: 'you@yourpractice.com',
		description:
			'When you run the workflow from the editor, the email goes to this address instead of the contact, without Cc and Bcc: it checks formatting only. Live runs ignore it.',
	},
	testRecipientNotice(
		{ displayName: 'Test Email', name: 'testEmail' },
		'emails the real contact, with Cc and Bcc',
	),
	stopOnResponseProperty,
	interruptedSendsProperty('send'),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Track Opens',
				name: 'trackOpens',
				type: 'boolean',
				default: true,
				description:
					'Whether the email carries an invisible image that counts Opened when the workspace endpoint is active. Links are counted for Clicked either way.',
			},
		],
	},
];
