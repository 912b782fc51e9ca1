import type { INodeProperties } from 'n8n-workflow';
import { contactProperty } from '../shared/descriptions/contact';
import { noTestRecipientNotice } from '../shared/execution/editorRun';
import { callingHoursOnProperties } from '../shared/descriptions/callingHoursField';
import { stopOnResponseProperty } from '../shared/descriptions/stopOnResponseField';
import { interruptedSendsProperty } from '../shared/descriptions/interruptedSendsField';

/** The CRM's Voicemail fields; the Upload File is the item's binary data or a URL. */
export const voicemailProperties: INodeProperties[] = [
	{
		displayName:
			'This node\'s name is the Action Name (default "Voicemail"). The contact is called with detection that waits for the end of the voicemail greeting, and the recording plays after the beep. The assigned user\'s Connected Number is the caller when set.',
		name: 'actionNameNotice',
		type: 'notice',
		default: '',
	},
	contactProperty,
	noTestRecipientNotice('drops the voicemail on the real contact'),
	{
		displayName: 'Upload File',
		name: 'audioSource',
		type: 'options',
		default: 'binary',
		options: [
			{ name: 'From the Item (Binary Data)', value: 'binary' },
			{ name: 'From a URL', value: 'url' },
		],
		description:
			'The pre-recorded MP3 or WAV; it is kept in the workspace so it can be played back',
	},
	{
		displayName: 'Input Binary Field',
		name: 'binaryProperty',
		type: 'string',
		default: 'data',
		displayOptions: { show: { audioSource: ['binary'] } },
		description: "The item's binary property holding the recording",
	},
	{
		displayName: 'Audio URL',
		name: 'audioUrl',
		type: 'string',
		default: '',
		placeholder: 'https://files.yourpractice.com/reschedule.mp3',
		displayOptions: { show: { audioSource: ['url'] } },
		description: 'Downloaded once per run and kept in the workspace',
	},
	{
		displayName: 'When a Person Answers',
		name: 'onHuman',
		type: 'options',
		default: 'hang_up',
		options: [
			{
				name: 'Hang Up Politely',
				value: 'hang_up',
				description: 'A short apology, then the call ends; the output reports it',
			},
			{ name: 'Play the Recording', value: 'play' },
		],
	},
	...callingHoursOnProperties,
	stopOnResponseProperty,
	interruptedSendsProperty('call'),
];
