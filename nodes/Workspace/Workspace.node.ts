import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { runOperations } from '../shared/execution/operations';
import { resourceOperationSubtitle } from '../shared/descriptions/subtitle';
import { testWorkspaceCredential, workspaceStore } from '../shared/transport/workspace';
import { contactOperations, contactProperties } from './contact';
import { settingsOperations, settingsProperties } from './settings';
import { getN8nCredentials } from './snapshot/clinic';
import { snapshotOperations, snapshotProperties } from './snapshot/operations';
import { statisticsOperations, statisticsProperties } from './statistics';
import { teamUserOperations, teamUserProperties } from './teamUser';
import { templateOperations, templateProperties } from './template';
import type { WorkspaceOperation } from './types';

const resources: Record<string, Record<string, WorkspaceOperation>> = {
	template: templateOperations,
	contact: contactOperations,
	settings: settingsOperations,
	statistics: statisticsOperations,
	teamUser: teamUserOperations,
	snapshot: snapshotOperations,
};

const workspaceProperties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		default: 'template',
		options: [
			{ name: 'Action Statistic', value: 'statistics' },
			{ name: 'Contact', value: 'contact' },
			{ name: 'Setting', value: 'settings' },
			{ name: 'Snapshot', value: 'snapshot' },
			{ name: 'Team User', value: 'teamUser' },
			{ name: 'Template', value: 'template' },
		],
	},
	...templateProperties,
	...contactProperties,
	...settingsProperties,
	...statisticsProperties,
	...teamUserProperties,
	...snapshotProperties,
];

export class Workspace implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Aesthetix Workspace',
		name: 'workspace',
		icon: { light: 'file:../../icons/workspace.svg', dark: 'file:../../icons/workspace.dark.svg' },
		group: ['transform'],
		// 1.1: Team User > Create or Update asks for the Email that decides between the two.
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: resourceOperationSubtitle(workspaceProperties),
		description:
			"Manages the workspace's team directory, templates, contacts, settings and action statistics, and its snapshots",
		defaults: { name: 'Aesthetix Workspace' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: [
			{
				name: 'aesthetixWorkspaceApi',
				displayName: 'Workspace',
				required: true,
				testedBy: 'aesthetixWorkspaceTest',
			},
			{
				name: 'aesthetixN8nApi',
				displayName: 'n8n API',
				required: true,
				displayOptions: { show: { resource: ['snapshot'] } },
			},
		],
		properties: workspaceProperties,
	};

	methods = {
		credentialTest: { aesthetixWorkspaceTest: testWorkspaceCredential },
		loadOptions: { getN8nCredentials },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runOperations(
			this,
			(i) => {
				const resource = this.getNodeParameter('resource', i) as string;
				const operation = this.getNodeParameter('operation', i) as string;
				return { name: `${resource} ${operation}`, operation: resources[resource]?.[operation] };
			},
			await workspaceStore(this),
		);
	}
}
