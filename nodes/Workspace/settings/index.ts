import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { PREMIUM_SETTING } from '../../../core/actions/sendSlackMessage';
import { show, type WorkspaceOperation } from '../types';

const setReputation: WorkspaceOperation = {
	properties: [
		{
			displayName: 'Review Link',
			name: 'reviewLink',
			type: 'string',
			default: '',
			placeholder: 'https://g.page/r/your-practice/review',
			description: 'Fills {{reputation.review_link}}: your Google Business Profile or third-party review link',
			displayOptions: show('settings', 'setReputation'),
		},
		{
			displayName: 'Review Requests Enabled',
			name: 'enabled',
			type: 'boolean',
			default: true,
			displayOptions: show('settings', 'setReputation'),
		},
	],
	async execute(ctx, i, store) {
		const current = await store.settings.get<IDataObject>('reputation', {});
		const value = { ...current, review_link: ctx.getNodeParameter('reviewLink', i) as string, enabled: ctx.getNodeParameter('enabled', i) as boolean };
		await store.settings.set('reputation', value);
		return value;
	},
};

const getReputation: WorkspaceOperation = {
	properties: [],
	async execute(_ctx, _i, store) {
		return store.settings.get<IDataObject>('reputation', {});
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
			displayOptions: show('settings', 'setPremium'),
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
			displayOptions: show('settings', 'getPremiumUsage'),
		},
	],
	async execute(ctx, i, store) {
		return (await store.premium.usage(ctx.getNodeParameter('per', i) as 'day' | 'month')) as unknown as IDataObject[];
	},
};

export const settingsOperations: Record<string, WorkspaceOperation> = { setReputation, getReputation, setPremium, getPremiumUsage };

export const settingsProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['settings'] } },
		default: 'getReputation',
		options: [
			{ name: 'Get Premium Usage', value: 'getPremiumUsage', action: 'Get premium executions per period' },
			{ name: 'Get Reputation Settings', value: 'getReputation', action: 'Get the reputation settings' },
			{ name: 'Set Premium Actions', value: 'setPremium', action: 'Enable or disable premium actions' },
			{ name: 'Set Reputation Settings', value: 'setReputation', action: 'Set the reputation settings' },
		],
	},
	...Object.values(settingsOperations).flatMap((op) => op.properties),
];
