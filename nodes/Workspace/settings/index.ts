import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { PREMIUM_SETTING } from '../../../core/slack/sendSlackMessage';
import {
	DEFAULT_WORDING,
	readReputation,
	REPUTATION_SETTING,
} from '../../../core/reviews/reputation';
import type { WorkspaceOperation } from '../types';
import { operationProperties } from '../../shared/descriptions/operations';

const reputationField = (
	displayName: string,
	name: string,
	description: string,
	rows = 1,
): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	default: '',
	description,
	...(rows > 1 ? { typeOptions: { rows } } : {}),
});

const setReputation: WorkspaceOperation = {
	properties: [
		{
			displayName: 'Review Link',
			name: 'reviewLink',
			type: 'string',
			default: '',
			placeholder: 'https://g.page/r/your-practice/review',
			description:
				'Fills {{reputation.review_link}}: your Google Business Profile or third-party review link',
		},
		{
			displayName: 'Review Requests Enabled',
			name: 'enabled',
			type: 'boolean',
			default: true,
		},
		reputationField(
			'Email Subject',
			'emailSubject',
			`Custom values work here; empty uses "${DEFAULT_WORDING.email_subject}"`,
		),
		reputationField(
			'Email Body',
			'emailBody',
			'The review request email, with custom values such as {{contact.first_name}} and {{reputation.review_link}}; empty uses the default wording',
			6,
		),
		reputationField(
			'SMS Body',
			'smsBody',
			`The review request text; empty uses "${DEFAULT_WORDING.sms_body}"`,
			3,
		),
		reputationField(
			'Sender Name',
			'senderName',
			"The workspace sender's name, for contacts with no assigned user; empty uses the company name",
		),
		reputationField(
			'Sender Email',
			'senderEmail',
			'The workspace sender, for contacts with no assigned user (or one without an email address)',
		),
	],
	async execute(ctx, i, store) {
		const current = await store.settings.get<IDataObject>(REPUTATION_SETTING, {});
		const param = (name: string) => ctx.getNodeParameter(name, i, '') as string;
		const value = {
			...current,
			review_link: param('reviewLink'),
			enabled: ctx.getNodeParameter('enabled', i) as boolean,
			email_subject: param('emailSubject'),
			email_body: param('emailBody'),
			sms_body: param('smsBody'),
			sender_name: param('senderName'),
			sender_email: param('senderEmail'),
		};
		await store.settings.set(REPUTATION_SETTING, value);
		return readReputation(value) as unknown as IDataObject;
	},
};

const getReputation: WorkspaceOperation = {
	properties: [],
	async execute(_ctx, _i, store) {
		return readReputation(
			await store.settings.get<IDataObject>(REPUTATION_SETTING, {}),
		) as unknown as IDataObject;
	},
};

const setPremium: WorkspaceOperation = {
	properties: [
		{
			displayName: 'Premium Actions Enabled',
			name: 'premiumEnabled',
			type: 'boolean',
			default: true,
			description: 'Whether premium actions (Slack) may run; each run consumes a premium execution',
		},
	],
	async execute(ctx, i, store) {
		const value = { enabled: ctx.getNodeParameter('premiumEnabled', i) as boolean };
		await store.settings.set(PREMIUM_SETTING, value);
		return value;
	},
};

const getPremiumUsage: WorkspaceOperation = {
	properties: [
		{
			displayName: 'Per',
			name: 'per',
			type: 'options',
			default: 'month',
			options: [
				{ name: 'Day', value: 'day' },
				{ name: 'Month', value: 'month' },
			],
		},
	],
	async execute(ctx, i, store) {
		return (await store.premium.usage(
			ctx.getNodeParameter('per', i) as 'day' | 'month',
		)) as unknown as IDataObject[];
	},
};

export const settingsOperations: Record<string, WorkspaceOperation> = {
	setReputation,
	getReputation,
	setPremium,
	getPremiumUsage,
};

export const settingsProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['settings'] } },
		default: 'getReputation',
		options: [
			{
				name: 'Get Premium Usage',
				value: 'getPremiumUsage',
				action: 'Get premium executions per period',
			},
			{
				name: 'Get Reputation Settings',
				value: 'getReputation',
				action: 'Get the reputation settings',
			},
			{
				name: 'Set Premium Actions',
				value: 'setPremium',
				action: 'Enable or disable premium actions',
			},
			{
				name: 'Set Reputation Settings',
				value: 'setReputation',
				action: 'Set the reputation settings',
			},
		],
	},
	...operationProperties('settings', settingsOperations),
];
