import type { INodeProperties } from 'n8n-workflow';

/** The spec's Log External Call fields; each is usually mapped from the Inbound Webhook Trigger. */
export const logExternalCallProperties: INodeProperties[] = [
	{
		displayName:
			'Map each field to what the calling system posted to the Inbound Webhook Trigger. The contact is found by From for inbound calls and by To for outbound calls, and created when missing.',
		name: 'mappingNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Direction',
		name: 'direction',
		type: 'options',
		default: 'inbound',
		options: [
			{ name: 'Inbound', value: 'inbound' },
			{ name: 'Outbound', value: 'outbound' },
		],
	},
	{
		displayName: 'Date',
		name: 'date',
		type: 'string',
		default: '',
		placeholder: '2026-12-01T15:00:00Z',
		description: 'When the call happened: an ISO date or a Unix time; empty means now',
	},
	{
		displayName: 'To',
		name: 'to',
		type: 'string',
		default: '',
		required: true,
		placeholder: '+15551234567',
		description: 'The number called, with country code',
	},
	{
		displayName: 'From',
		name: 'from',
		type: 'string',
		default: '',
		required: true,
		placeholder: '+15557654321',
		description: 'The number that called, with country code',
	},
	{
		displayName: 'Call Status',
		name: 'callStatus',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'completed',
		description:
			'The outcome as the calling system names it, such as completed, no-answer, busy or voicemail',
	},
	{
		displayName: 'Attachment',
		name: 'attachment',
		type: 'string',
		default: '',
		placeholder: 'https://recordings.example.com/call-123.mp3',
		description: "The call recording's URL; Conversations plays it",
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Duration (S)',
				name: 'durationSeconds',
				type: 'number',
				default: 0,
				typeOptions: { minValue: 0 },
				description: 'Length of the call in seconds',
			},
			{
				displayName: 'Notes',
				name: 'notes',
				type: 'string',
				typeOptions: { rows: 3 },
				default: '',
			},
		],
	},
];
