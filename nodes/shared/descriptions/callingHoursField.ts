import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { callingHoursMode, type CallingHoursMode } from '../../../core/run/callingHours';

const window =
	"8 AM to 9 PM in the contact's time zone (contact.timezone when known, else the workspace's)";

/** Version 1 of Call, Voicemail and Send SMS: a switch that skips the contact outside the window. */
const switchProperty: INodeProperties = {
	displayName: 'Calling Hours',
	name: 'callingHours',
	type: 'boolean',
	default: true,
	description: `Whether to skip the contact, with the reason in the output, outside ${window}`,
	displayOptions: { show: { '@version': [1] } },
};

/** Version 1.1: the item may also wait in n8n until the window opens. */
const choiceProperty = (mode: CallingHoursMode): INodeProperties => ({
	displayName: 'Calling Hours',
	name: 'callingHours',
	type: 'options',
	default: mode,
	description: `What happens outside ${window}`,
	options: [
		{ name: 'Off', value: 'off', description: 'Send at any hour' },
		{
			name: 'Skip With the Reason',
			value: 'skip',
			description: 'Send nothing; the output says why',
		},
		{
			name: 'Wait Until the Window Opens',
			value: 'wait',
			description:
				'The execution waits in n8n and sends at 8 AM for the contact. Needs the Aesthetix Workspace Endpoint workflow published.',
		},
	],
	displayOptions: { show: { '@version': [{ _cnd: { gte: 1.1 } }] } },
});

/** Calls and voicemails: on by default (US rules treat a voicemail drop as a call); from 1.1 they wait. */
export const callingHoursOnProperties: INodeProperties[] = [switchProperty, choiceProperty('wait')];

/** Texts: off by default. */
export const callingHoursOffProperties: INodeProperties[] = [
	{ ...switchProperty, default: false },
	choiceProperty('off'),
];

/** The node's choice for one item; a version 1 switch reads as skip (on) or off. */
export function readCallingHours(
	ctx: IExecuteFunctions,
	itemIndex: number,
	fallback: CallingHoursMode,
): CallingHoursMode {
	return callingHoursMode(ctx.getNodeParameter('callingHours', itemIndex, fallback), fallback);
}
