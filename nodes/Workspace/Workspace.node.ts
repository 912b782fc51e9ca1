import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import { runPerItem } from '../shared/errors';
import { resourceOperationSubtitle } from '../shared/subtitle';
import { testWorkspaceCredential, workspaceStore } from '../shared/workspace';
import { contactOperations, contactProperties } from './contact';
import { settingsOperations, settingsProperties } from './settings';
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
			{ name: 'Team User', value: 'teamUser' },
			{ name: 'Template', value: 'template' },
		],
	},
	...templateProperties,
	...contactProperties,
	...settingsProperties,
	...statisticsProperties,
	...teamUserProperties,
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
			"Manages the workspace's team directory, templates, contacts, settings and action statistics",
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
		],
		properties: workspaceProperties,
	};

	methods = { credentialTest: { aesthetixWorkspaceTest: testWorkspaceCredential } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const store = await workspaceStore(this);
		const output: INodeExecutionData[] = [];
		const results = await runPerItem(this, async (i) => {
			const resource = this.getNodeParameter('resource', i) as string;
			const operation = this.getNodeParameter('operation', i) as string;
			const handler = resources[resource]?.[operation];
			if (!handler)
				throw new NodeOperationError(
					this.getNode(),
					`The operation "${operation}" is not known for "${resource}"`,
					{ itemIndex: i },
				);
			const result = await handler.execute(this, i, store);
			return { results: Array.isArray(result) ? result : [result] } as IDataObject;
		});
		// Operations that return lists give one output item per entry.
		for (const item of results) {
			const list = item.json.results as IDataObject[] | undefined;
			if (!list) output.push(item);
			else for (const entry of list) output.push({ json: entry, pairedItem: item.pairedItem });
		}
		return [output];
	}
}
