import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { ActionError } from '../../../core/run/errors';
import { reviewCounts } from '../../../core/reviews/status';
import { actionRecipients, actionStatistics } from '../../../core/statistics/actionStatistics';
import { EMAIL_STATISTICS } from '../../../core/store/deliveryEvents';
import type { WorkspaceOperation } from '../types';
import { operationProperties } from '../../shared/descriptions/operations';
import { workspaceComplaintRate } from '../../../core/consent/complaintRate';

const label = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

const get: WorkspaceOperation = {
	properties: [
		{
			displayName: 'Workflow ID',
			name: 'workflowId',
			type: 'string',
			default: '={{ $workflow.id }}',
			description: 'The workflow whose action to read; by default this one',
		},
		{
			displayName: 'Action Name',
			name: 'actionName',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'Booking Confirmation Email',
			description: 'The name of the action (node) in that workflow',
		},
		{
			displayName: 'Include Recipients',
			name: 'includeRecipients',
			type: 'boolean',
			default: false,
			description:
				'Whether to list the recipients behind the counts, each with its events, their time and reason',
		},
		{
			displayName: 'Event',
			name: 'event',
			type: 'options',
			default: '',
			description: 'Only the recipients who reached this statistic',
			options: [
				{ name: 'Any', value: '' },
				...[...EMAIL_STATISTICS, 'failed'].map((name) => ({ name: label(name), value: name })),
			],
			displayOptions: {
				show: { resource: ['statistics'], operation: ['get'], includeRecipients: [true] },
			},
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: {
				show: { resource: ['statistics'], operation: ['get'], includeRecipients: [true] },
			},
		},
		{
			displayName: 'Offset',
			name: 'offset',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description:
				'How many recipients to skip: the next page starts at the previous Offset plus Limit',
			displayOptions: {
				show: { resource: ['statistics'], operation: ['get'], includeRecipients: [true] },
			},
		},
	],
	async execute(ctx, i, store) {
		const workflowId = ctx.getNodeParameter('workflowId', i) as string;
		const actionName = ctx.getNodeParameter('actionName', i) as string;
		const statistics = await actionStatistics(store, workflowId, actionName);
		const reviews = reviewCounts(await store.deliveries.countsByChannel(workflowId, actionName));
		const output: IDataObject = {
			workflow_id: workflowId,
			action_name: actionName,
			channel: statistics.channel,
			...statistics.counts,
			...(reviews ? { review_requests: reviews } : {}),
			// The workspace's, not the action's: what mailbox providers judge the sender by.
			...(statistics.channel === 'email'
				? { complaint_rate: (await workspaceComplaintRate(store)) as unknown as IDataObject }
				: {}),
		};
		if (!ctx.getNodeParameter('includeRecipients', i, false)) return output;
		const limit = ctx.getNodeParameter('limit', i, 50) as number;
		const offset = ctx.getNodeParameter('offset', i, 0) as number;
		if (!Number.isInteger(limit) || limit < 1 || limit > 500)
			throw new ActionError('Limit', `Limit must be a whole number from 1 to 500, not ${limit}`);
		if (!Number.isInteger(offset) || offset < 0)
			throw new ActionError('Offset', `Offset must be a whole number of 0 or more, not ${offset}`);
		const statistic = (ctx.getNodeParameter('event', i, '') as string) || undefined;
		const recipients = await actionRecipients(store, workflowId, actionName, {
			statistic,
			limit,
			offset,
		});
		return {
			...output,
			event: statistic ?? null,
			offset,
			limit,
			recipients: recipients as unknown as IDataObject[],
		};
	},
};

export const statisticsOperations: Record<string, WorkspaceOperation> = { get };

export const statisticsProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['statistics'] } },
		default: 'get',
		options: [
			{
				name: 'Get',
				value: 'get',
				// The rule's sentence-case fix drops apostrophes ("an action s"); this is sentence case.
				// eslint-disable-next-line n8n-nodes-base/node-param-operation-option-action-miscased
				action: "Get an action's statistics",
				description:
					"An action's counts (for Send Email the nine Email Delivery Statistics, Unsubscribed, and the workspace's complaint rate) and, on request, the recipients behind them",
			},
		],
	},
	...operationProperties('statistics', statisticsOperations),
];
