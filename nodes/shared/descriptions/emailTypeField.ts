import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { ActionError } from '../../../core/run/errors';
import { EMAIL_KINDS, type EmailKind } from '../../../core/consent/unsubscribe';
import { nodeParameter } from '../execution/parameters';

const options = [
	{
		name: 'Marketing',
		value: 'marketing',
		description:
			'Promotions, offers and newsletters: a one-click unsubscribe (List-Unsubscribe headers and a visible link), and never sent to a contact who unsubscribed',
	},
	{
		name: 'Transactional',
		value: 'transactional',
		description:
			'A booking confirmation or a reminder the contact needs: no unsubscribe, and still sent to a contact who unsubscribed from marketing (never to one in Do Not Disturb)',
	},
];

const emailType = (
	kind: EmailKind,
	version: number | { _cnd: { gte: number } },
	show: Record<string, unknown[]>,
): INodeProperties => ({
	displayName: 'Email Type',
	name: 'emailType',
	type: 'options',
	default: kind,
	options,
	description:
		'Marketing email needs the Aesthetix Workspace Endpoint workflow published and a Public Base URL (https) for its unsubscribe address',
	displayOptions: { show: { ...show, '@version': [version] } },
});

/**
 * Whether a message is marketing or transactional. Version 1 kept saved workflows as they were
 * (transactional: no unsubscribe); from 1.1 a message is marketing unless it says otherwise, so an
 * email nobody classified honours unsubscribes.
 */
export function emailTypeProperties(show: Record<string, unknown[]> = {}): INodeProperties[] {
	return [
		emailType('transactional', 1, show),
		emailType('marketing', { _cnd: { gte: 1.1 } }, show),
		{
			displayName: 'Add Unsubscribe Link',
			name: 'unsubscribeLink',
			type: 'boolean',
			default: false,
			description:
				'Whether this transactional email also carries the one-click unsubscribe headers and a visible link; it still reaches contacts who unsubscribed',
			displayOptions: { show: { ...show, emailType: ['transactional'] } },
		},
	];
}

export interface EmailTypeChoice {
	emailType: EmailKind;
	unsubscribeLink: boolean;
}

export function readEmailType(
	ctx: IExecuteFunctions,
	itemIndex: number,
	fallback: EmailKind,
): EmailTypeChoice {
	const kind = nodeParameter<string>(ctx, 'emailType', itemIndex, fallback);
	if (!EMAIL_KINDS.includes(kind as EmailKind))
		throw ActionError.of(
			'Email Type',
			`"${String(kind)}" is not an email type: use marketing or transactional`,
		);
	return {
		emailType: kind as EmailKind,
		unsubscribeLink:
			kind === 'transactional' && nodeParameter<boolean>(ctx, 'unsubscribeLink', itemIndex, false),
	};
}
