import type { INodeProperties } from 'n8n-workflow';
import { CALL_OUTCOMES } from '../../core/manualActions/completeTask';

const label = (v: string) => v.replace(/_/g, ' ').replace(/^\w/, (c) => c.toUpperCase());

/**
 * Version 1.1 picks the task, the user who worked it and the filters from the workspace, shows a
 * task type's fields only, and pages Get Many; version 1 workflows keep their typed fields.
 */
export const MANUAL_ACTIONS_VERSIONS = [1, 1.1];
const V1 = { '@version': [1] };
const FROM_1_1 = { '@version': [{ _cnd: { gte: 1.1 } }] };

const status: INodeProperties = {
	displayName: 'Status',
	name: 'status',
	type: 'options',
	default: 'pending',
	options: [
		{ name: 'Pending', value: 'pending' },
		{ name: 'Completed', value: 'completed' },
	],
};

const taskTypeFilter: INodeProperties = {
	displayName: 'Type',
	name: 'type',
	type: 'options',
	default: 'sms',
	options: [
		{ name: 'SMS', value: 'sms' },
		{ name: 'Call', value: 'call' },
	],
};

const contactReference: INodeProperties = {
	displayName: 'Contact Email or Phone',
	name: 'contact',
	type: 'string',
	default: '',
	placeholder: 'jane@example.com',
	description: "The contact's email or phone number, as the workflow knows them",
};

const message: INodeProperties = {
	displayName: 'Message',
	name: 'message',
	type: 'string',
	typeOptions: { rows: 4 },
	default: '',
	description: 'The text to send; empty sends the prefilled message',
};

const outcome: INodeProperties = {
	displayName: 'Call Outcome',
	name: 'outcome',
	type: 'options',
	default: 'connected',
	options: CALL_OUTCOMES.map((value) => ({ name: label(value), value })),
	description: 'The result, which feeds call reporting',
};

const notes: INodeProperties = {
	displayName: 'Notes',
	name: 'notes',
	type: 'string',
	typeOptions: { rows: 3 },
	default: '',
};

/** Version 1's typed fields. */
const version1: INodeProperties[] = [
	{
		displayName: 'Task ID',
		name: 'taskId',
		type: 'number',
		default: 0,
		required: true,
		displayOptions: { show: { ...V1, operation: ['get', 'complete', 'delete', 'reassign'] } },
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show: { ...V1, operation: ['getAll'] } },
		options: [
			{
				displayName: 'Assignee User ID',
				name: 'assignee',
				type: 'string',
				default: '',
				description: 'A team user ID, or "unassigned"',
			},
			{ ...contactReference, displayName: 'Contact' },
			{ displayName: 'Contact ID', name: 'contactId', type: 'number', default: 0 },
			status,
			taskTypeFilter,
		],
	},
	{
		displayName: 'Completed By',
		name: 'completedBy',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'Maya Lopez',
		displayOptions: { show: { ...V1, operation: ['complete', 'delete'] } },
	},
	{
		...message,
		description: 'For an SMS task: the text to send; empty sends the prefilled message',
		displayOptions: { show: { ...V1, operation: ['complete'] } },
	},
	{
		...outcome,
		description: 'For a call task: the result, which feeds call reporting',
		displayOptions: { show: { ...V1, operation: ['complete'] } },
	},
	{ ...notes, displayOptions: { show: { ...V1, operation: ['complete'] } } },
];

/** From version 1.1: pickers from the workspace, and each task type's own fields. */
const version1_1: INodeProperties[] = [
	{
		displayName: 'Task',
		name: 'task',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The manual action task, from the open tasks of the queue or by its ID',
		displayOptions: { show: { ...FROM_1_1, operation: ['get', 'complete', 'delete', 'reassign'] } },
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchOpenTasks', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: '42',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: '^[1-9][0-9]*$',
							errorMessage: 'A task ID is a whole number such as 42',
						},
					},
				],
			},
		],
	},
	{
		displayName: 'Task Type',
		name: 'taskType',
		type: 'options',
		noDataExpression: true,
		default: 'sms',
		description:
			"The task's type, which decides what completing it records; a task of the other type is refused",
		displayOptions: { show: { ...FROM_1_1, operation: ['complete'] } },
		options: [
			{ name: 'SMS', value: 'sms', description: 'Send the SMS, as prefilled or edited' },
			{ name: 'Call', value: 'call', description: 'Record the call outcome and notes' },
		],
	},
	{
		// The spec's words for who worked the task; the description says how to give an ID instead.
		// eslint-disable-next-line n8n-nodes-base/node-param-display-name-wrong-for-dynamic-options
		displayName: 'Completed By',
		name: 'completedBy',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getTeamUsers' },
		default: '',
		required: true,
		description:
			'The team user who worked the task. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: { show: { ...FROM_1_1, operation: ['complete', 'delete'] } },
	},
	{
		...message,
		displayOptions: { show: { ...FROM_1_1, operation: ['complete'], taskType: ['sms'] } },
	},
	{
		...outcome,
		displayOptions: { show: { ...FROM_1_1, operation: ['complete'], taskType: ['call'] } },
	},
	{
		...notes,
		displayOptions: { show: { ...FROM_1_1, operation: ['complete'], taskType: ['call'] } },
	},
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: { show: { ...FROM_1_1, operation: ['getAll'] } },
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { ...FROM_1_1, operation: ['getAll'], returnAll: [false] } },
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show: { ...FROM_1_1, operation: ['getAll'] } },
		options: [
			{
				// The queue's own word; the choices add Unassigned to the team directory.
				// eslint-disable-next-line n8n-nodes-base/node-param-display-name-wrong-for-dynamic-options
				displayName: 'Assignee',
				name: 'assignee',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getTaskAssignees' },
				default: '',
				description:
					'The team user the tasks are assigned to, or Unassigned. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Contact',
				name: 'contactId',
				type: 'resourceLocator',
				default: { mode: 'list', value: '' },
				description: 'The contact whose tasks to list',
				modes: [
					{
						displayName: 'From List',
						name: 'list',
						type: 'list',
						typeOptions: { searchListMethod: 'searchContacts', searchable: true },
					},
					{
						displayName: 'By ID',
						name: 'id',
						type: 'string',
						placeholder: '7',
						validation: [
							{
								type: 'regex',
								properties: {
									regex: '^[1-9][0-9]*$',
									errorMessage: 'A contact ID is a whole number such as 7',
								},
							},
						],
					},
				],
			},
			contactReference,
			status,
			taskTypeFilter,
		],
	},
];

/** The queue's operations: list, get, complete, delete (marks complete) and reassign tasks. */
export const manualActionsProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		default: 'getAll',
		options: [
			{
				name: 'Complete',
				value: 'complete',
				action: 'Complete a task',
				description: 'Send the SMS, or record the call outcome; the waiting workflow continues',
			},
			{
				name: 'Delete',
				value: 'delete',
				action: 'Delete a task',
				description: 'Mark the task complete without sending; the waiting workflow continues',
			},
			{ name: 'Get', value: 'get', action: 'Get a task' },
			{ name: 'Get Many', value: 'getAll', action: 'Get many tasks' },
			{ name: 'Reassign', value: 'reassign', action: 'Reassign a task' },
		],
	},
	...version1,
	...version1_1,
	{
		displayName: 'New Assignee User ID',
		name: 'assignee',
		type: 'number',
		default: 0,
		description: '0 leaves the task Unassigned',
		displayOptions: { show: { ...V1, operation: ['reassign'] } },
	},
	{
		// The queue's own word; the choices add Unassigned to the team directory.
		// eslint-disable-next-line n8n-nodes-base/node-param-display-name-wrong-for-dynamic-options
		displayName: 'New Assignee',
		name: 'assignee',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getTaskAssignees' },
		default: '',
		required: true,
		description:
			'The team user who works the task from now on, or Unassigned. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: { show: { ...FROM_1_1, operation: ['reassign'] } },
	},
];
