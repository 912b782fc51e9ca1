import type { INodeProperties } from 'n8n-workflow';

/** Assign To, under Advanced Settings, for both manual actions. */
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
	],
};
