import type { INodeProperties } from 'n8n-workflow';
import { reviewCounts } from '../../../core/reviews/status';
import { show, type WorkspaceOperation } from '../types';

const get: WorkspaceOperation = {
	properties: [
		{
			displayName: 'Workflow ID',
			name: 'workflowId',
			type: 'string',
			default: '={{ $workflow.id }}',
			description: 'The workflow whose action to read; by default this one',
			displayOptions: show('statistics', 'get'),
		},
		{
			displayName: 'Action Name',
			name: 'actionName',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'Booking Confirmation Email',
			description: 'The name of the action (node) in that workflow',
			displayOptions: show('statistics', 'get'),
		},
	],
	async execute(ctx, i, store) {
		const workflowId = ctx.getNodeParameter('workflowId', i) as string;
		const actionName = ctx.getNodeParameter('actionName', i) as string;
		const reviews = reviewCounts(await store.deliveries.countsByChannel(workflowId, actionName));
		return {
			workflow_id: workflowId,
			action_name: actionName,
			...(await store.deliveries.statisticsByActionName(workflowId, actionName)),
			...(reviews ? { review_requests: reviews } : {}),
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
		options: [{ name: 'Get', value: 'get', action: 'Get an action s statistics', description: 'Counts per status of an action\'s sends' }],
	},
	...Object.values(statisticsOperations).flatMap((op) => op.properties),
];
