import type { INodeProperties } from 'n8n-workflow';

/** Assign To and the optional wait limit, under Advanced Settings, for both manual actions. */
export const advancedSettingsProperty: INodeProperties = {
	displayName: 'Advanced Settings',
	name: 'advancedSettings',
	type: 'collection',
	placeholder: 'Add Setting',
	default: {},
	options: [
		{
			displayName: 'Assign To Name or ID',
			name: 'assignTo',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getTeamUsers' },
			default: '',
			description:
				'The user who works the task, if they have access to the contact; otherwise, or when empty, the contact owner; with neither, Unassigned. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{
			displayName: 'Limit Wait Time',
			name: 'limitWaitTime',
			type: 'fixedCollection',
			default: {},
			placeholder: 'Add Wait Limit',
			description:
				'Let the workflow move on when the task is not worked in time; its output then says manual_action.status "not_completed_in_time"',
			options: [
				{
					displayName: 'Limit',
					name: 'limit',
					values: [
						{ displayName: 'Amount', name: 'amount', type: 'number', typeOptions: { minValue: 1 }, default: 24 },
						{
							displayName: 'Unit',
							name: 'unit',
							type: 'options',
							default: 'hours',
							options: [
								{ name: 'Seconds', value: 'seconds' },
								{ name: 'Minutes', value: 'minutes' },
								{ name: 'Hours', value: 'hours' },
								{ name: 'Days', value: 'days' },
							],
						},
					],
				},
			],
		},
	],
};
