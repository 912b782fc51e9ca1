import type { INodeProperties } from 'n8n-workflow';

const description =
	"Whether to skip the contact, with the reason in the output, outside 8 AM to 9 PM in the contact's time zone (contact.timezone when known, else the workspace's)";

/** Calls and voicemails: on by default (US rules treat a voicemail drop as a call). */
export const callingHoursOnProperty: INodeProperties = { displayName: 'Calling Hours', name: 'callingHours', type: 'boolean', default: true, description };

/** Texts: off by default. */
export const callingHoursOffProperty: INodeProperties = { displayName: 'Calling Hours', name: 'callingHours', type: 'boolean', default: false, description };
