import type { INodeProperties } from 'n8n-workflow';
import { CALL_OUTCOMES } from '../../core/manualActions/completeTask';

const forOps = (...operation: string[]) => ({ show: { operation } });
const label = (v: string) => v.replace(/_/g, ' ').replace(/^\w/, (c) => c.toUpperCase());

/** The queue's operations: list, get, complete, delete (marks complete) and reassign tasks. */
export const manualActionsProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		default: 'getAll',
		options: [
			{ name: 'Complete', value: 'complete', action: 'Complete a task', description: 'Send the SMS, or record the call outcome; the waiting workflow continues' },
			{ name: 'Delete', value: 'delete', action: 'Delete a task', description: 'Mark the task complete without sending; the waiting workflow continues' },
			{ name: 'Get', value: 'get', action: 'Get a task' },
			{ name: 'Get Many', value: 'getAll', action: 'Get many tasks' },
			{ name: 'Reassign', value: 'reassign', action: 'Reassign a task' },
		],
	},
	{ displayName: 'Task ID', name: 'taskId', type: 'number', default: 0, required: true, displayOptions: forOps('get', 'complete', 'delete', 'reassign') },
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: forOps('getAll'),
		options: [
			{ displayName: 'Assignee User ID', name: 'assignee', type: 'string', default: '', description: 'A team user ID, or "unassigned"' },
			{
				displayName: 'Contact',
				name: 'contact',
				type: 'string',
				default: '',
				placeholder: 'jane@example.com',
				description: "The contact's email or phone number, as the workflow knows them",
			},
			{ displayName: 'Contact ID', name: 'contactId', type: 'number', default: 0 },
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				default: 'pending',
				options: [
					{ name: 'Pending', value: 'pending' },
					{ name: 'Completed', value: 'completed' },
				],
			},
			{
				displayName: 'Type',
				name: 'type',
				type: 'options',
				default: 'sms',
				options: [
					{ name: 'SMS', value: 'sms' },
					{ name: 'Call', value: 'call' },
				],
			},
		],
	},
	{ displayName: 'Completed By', name: 'completedBy', type: 'string', default: '', required: true, placeholder: 'Maya Lopez', displayOptions: forOps('complete', 'delete') },
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		description: 'For an SMS task: the text to send; empty sends the prefilled message',
		displayOptions: forOps('complete'),
	},
	{
		displayName: 'Call Outcome',
		name: 'outcome',
		type: 'options',
		default: 'connected',
		options: CALL_OUTCOMES.map((value) => ({ name: label(value), value })),
		description: 'For a call task: the result, which feeds call reporting',
		displayOptions: forOps('complete'),
	},
	{ displayName: 'Notes', name: 'notes', type: 'string', typeOptions: { rows: 3 }, default: '', displayOptions: forOps('complete') },
	{ displayName: 'New Assignee User ID', name: 'assignee', type: 'number', default: 0, description: '0 leaves the task Unassigned', displayOptions: forOps('reassign') },
];
