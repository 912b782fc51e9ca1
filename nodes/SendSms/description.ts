import type { INodeProperties } from 'n8n-workflow';
import { fileUrlsProperty } from '../shared/descriptions/attachments';
import { contactProperty } from '../shared/descriptions/contact';
import { callingHoursOffProperties } from '../shared/descriptions/callingHoursField';
import { testRecipientNotice } from '../shared/execution/editorRun';
import { stopOnResponseProperty } from '../shared/descriptions/stopOnResponseField';
import { smsTemplateProperty } from '../shared/methods/templates';
import { interruptedSendsProperty } from '../shared/descriptions/interruptedSendsField';

/** The spec's Send SMS fields. */
export const sendSmsProperties: INodeProperties[] = [
	{
		displayName:
			'This node\'s name is the Action Name (for example "Appointment Reminder SMS"). Texts go out when the workflow reaches it, after its triggers, conditions and waits.',
		name: 'actionNameNotice',
		type: 'notice',
		default: '',
	},
	contactProperty,
	smsTemplateProperty,
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		placeholder:
			'Hi {{contact.first_name}}, this is a reminder for your appointment tomorrow at {{appointment.only_start_time}}.',
		description:
			'The text, with custom values such as {{contact.first_name}}; links are tracked for Clicked statistics',
	},
	fileUrlsProperty('Add Attachments', 'attachments'),
	{
		displayName: 'Test Phone Number',
		name: 'testPhoneNumber',
		type: 'string',
		default: '',
		placeholder: '+15551234567',
		description:
			'When you run the workflow from the editor, the text goes to this number (with country code) instead of the contact. Live runs ignore it.',
	},
	testRecipientNotice(
		{ displayName: 'Test Phone Number', name: 'testPhoneNumber' },
		'texts the real contact',
	),
	...callingHoursOffProperties,
	stopOnResponseProperty,
	interruptedSendsProperty('send'),
];
