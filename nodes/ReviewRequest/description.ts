import type { INodeProperties } from 'n8n-workflow';
import { contactProperty } from '../shared/descriptions/contact';
import { stopOnResponseProperty } from '../shared/descriptions/stopOnResponseField';
import { interruptedSendsProperty } from '../shared/descriptions/interruptedSendsField';
import { emailTypeProperties } from '../shared/descriptions/emailTypeField';

/** The spec's Send Review Request fields: the wording lives in the workspace's Reputation settings. */
export const reviewRequestProperties: INodeProperties[] = [
	{
		displayName:
			"This node's name is the Action Name (default \"Send Review Request\"). The wording, the review link and whether requests are enabled come from the workspace's Reputation settings; the request is sent from the contact's assigned user.",
		name: 'actionNameNotice',
		type: 'notice',
		default: '',
	},
	contactProperty,
	{
		displayName: 'Review Type',
		name: 'reviewType',
		type: 'options',
		noDataExpression: true,
		default: 'email',
		options: [
			{
				name: 'Email',
				value: 'email',
				description: "The Reputation settings' email subject and body",
			},
			{
				name: 'SMS',
				value: 'sms',
				description: "The Reputation settings' SMS body; Delivered is confirmed by Twilio",
			},
		],
	},
	...emailTypeProperties({ reviewType: ['email'] }),
	stopOnResponseProperty,
	interruptedSendsProperty('send'),
];
