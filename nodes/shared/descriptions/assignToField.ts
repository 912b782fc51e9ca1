import type {
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';
import { getTeamUsers } from '../methods/teamUsers';

/** Version 1.1 of the manual actions moved the wait limit out of Advanced Settings; version 1 workflows keep theirs. */
export const MANUAL_ACTION_VERSIONS = [1, 1.1];
const FROM_1_1 = { '@version': [{ _cnd: { gte: 1.1 } }] };

/** Assign To's choices: the spec's default (the contact owner) first, then the team directory. */
export async function getAssignToOptions(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	return [
		{
			name: 'Contact Owner (Default)',
			value: '',
			description: 'The contact owner; with none, Unassigned',
		},
		...(await getTeamUsers.call(this)),
	];
}

const assignToOption: INodeProperties = {
	// The spec's field name; the description says how to give an ID instead.
	// eslint-disable-next-line n8n-nodes-base/node-param-display-name-wrong-for-dynamic-options
	displayName: 'Assign To',
	name: 'assignTo',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getAssignToOptions' },
	default: '',
	description:
		'The user who works the task, if they have access to the contact; otherwise the contact owner; with neither, Unassigned. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

const WAIT_UNITS = [
	{ name: 'Seconds', value: 'seconds' },
	{ name: 'Minutes', value: 'minutes' },
	{ name: 'Hours', value: 'hours' },
	{ name: 'Days', value: 'days' },
];

const NOT_WORKED_IN_TIME = 'its output then says manual_action.status "not_completed_in_time"';

/** Version 1's Advanced Settings: Assign To and the wait limit nested under it. */
const advancedSettingsV1: INodeProperties = {
	displayName: 'Advanced Settings',
	name: 'advancedSettings',
	type: 'collection',
	placeholder: 'Add Setting',
	default: {},
	displayOptions: { show: { '@version': [1] } },
	options: [
		assignToOption,
		{
			displayName: 'Limit Wait Time',
			name: 'limitWaitTime',
			type: 'fixedCollection',
			default: {},
			placeholder: 'Add Wait Limit',
			description: `Let the workflow move on when the task is not worked in time; ${NOT_WORKED_IN_TIME}`,
			options: [
				{
					displayName: 'Limit',
					name: 'limit',
					values: [
						{
							displayName: 'Amount',
							name: 'amount',
							type: 'number',
							typeOptions: { minValue: 1 },
							default: 24,
						},
						{
							displayName: 'Unit',
							name: 'unit',
							type: 'options',
							default: 'hours',
							options: WAIT_UNITS,
						},
					],
				},
			],
		},
	],
};

/** From version 1.1: the wait limit is one switch beside Advanced Settings, which keeps the spec's Assign To. */
const waitLimitProperties: INodeProperties[] = [
	{
		displayName: 'Limit Wait Time',
		name: 'limitWaitTime',
		type: 'boolean',
		default: false,
		description: `Whether the workflow moves on when the task is not worked in time; ${NOT_WORKED_IN_TIME}`,
		displayOptions: { show: FROM_1_1 },
	},
	{
		displayName: 'Wait Amount',
		name: 'waitAmount',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 24,
		displayOptions: { show: { ...FROM_1_1, limitWaitTime: [true] } },
	},
	{
		displayName: 'Wait Unit',
		name: 'waitUnit',
		type: 'options',
		default: 'hours',
		options: WAIT_UNITS,
		displayOptions: { show: { ...FROM_1_1, limitWaitTime: [true] } },
	},
	{
		displayName: 'Advanced Settings',
		name: 'advancedSettings',
		type: 'collection',
		placeholder: 'Add Setting',
		default: {},
		displayOptions: { show: FROM_1_1 },
		options: [assignToOption],
	},
];

/** The last fields of both manual actions: the wait limit and Advanced Settings (Assign To), for each version. */
export const assignmentProperties: INodeProperties[] = [...waitLimitProperties, advancedSettingsV1];

export interface WaitLimit {
	amount: number;
	unit: string;
}

/** The wait limit as the node's version keeps it, or none. */
export function readWaitLimit(ctx: IExecuteFunctions): WaitLimit | undefined {
	if (ctx.getNode().typeVersion >= 1.1) {
		if (!(ctx.getNodeParameter('limitWaitTime', 0, false) as boolean)) return undefined;
		return {
			amount: ctx.getNodeParameter('waitAmount', 0, 24) as number,
			unit: ctx.getNodeParameter('waitUnit', 0, 'hours') as string,
		};
	}
	const settings = ctx.getNodeParameter('advancedSettings', 0, {}) as {
		limitWaitTime?: { limit?: WaitLimit };
	};
	const limit = settings.limitWaitTime?.limit;
	return limit?.amount ? limit : undefined;
}
