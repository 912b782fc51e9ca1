import type { INodeProperties } from 'n8n-workflow';
import { DEFAULT_WHISPER } from '../../core/voice/startCall';
import { contactProperty } from '../shared/descriptions/contact';
import { noTestRecipientNotice } from '../shared/execution/editorRun';
import { callingHoursOnProperties } from '../shared/descriptions/callingHoursField';
import { stopOnResponseProperty } from '../shared/descriptions/stopOnResponseField';
import { interruptedSendsProperty } from '../shared/descriptions/interruptedSendsField';

/** The CRM's Call fields. */
export const callProperties: INodeProperties[] = [
	{
		displayName:
			"This node's name is the Action Name (for example \"Appointment Call Reminder\"). The contact's assigned user is called first (their phone in the team directory), or the Company Phone when the contact is unassigned; the workflow waits for the call's outcome.",
		name: 'actionNameNotice',
		type: 'notice',
		default: '',
	},
	contactProperty,
	noTestRecipientNotice("calls the contact's assigned user and then the real contact"),
	{
		displayName: 'Call Whisper',
		name: 'whisper',
		type: 'string',
		typeOptions: { rows: 2 },
		default: DEFAULT_WHISPER,
		description:
			'Spoken (text to speech) to the person who answers, up to three times, before the contact is called. Supports custom values.',
	},
	{
		// The CRM's own name for the field; the unit stays lower case.
		// eslint-disable-next-line n8n-nodes-base/node-param-display-name-miscased
		displayName: 'Call Timeout (s)',
		name: 'callTimeout',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 600 },
		default: 30,
		required: true,
		description:
			'The seconds each phone rings before the attempt ends. 20 or less generally hangs up before a carrier voicemail answers.',
	},
	{
		displayName: 'Disable Voicemail Detect',
		name: 'disableVoicemailDetect',
		type: 'boolean',
		default: false,
		description:
			"Whether to skip detecting whether a person or a voicemail answered the contact's phone. Detection adds a slight delay; without it a voicemail is connected like a person and counts as a response.",
	},
	{
		displayName: 'Connect Call After Keypress',
		name: 'connectAfterKeypress',
		type: 'boolean',
		default: true,
		description:
			'Whether the contact is dialed only after the person who answered presses a key, confirming a live person. Off, the contact is dialed right after the whisper.',
	},
	...callingHoursOnProperties,
	stopOnResponseProperty,
	interruptedSendsProperty('call'),
];
