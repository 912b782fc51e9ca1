import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { logExternalCall } from '../../core/inbound/logExternalCall';
import { runPerItem } from '../shared/execution/errors';
import { startActionRun, testWorkspaceCredential } from '../shared/transport/workspace';
import { logExternalCallProperties } from './description';
import { optionSubtitle } from '../shared/descriptions/subtitle';

export class LogExternalCall implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Aesthetix Log External Call',
		name: 'logExternalCall',
		icon: {
			light: 'file:../../icons/log-external-call.svg',
			dark: 'file:../../icons/log-external-call.dark.svg',
		},
		group: ['output'],
		version: 1,
		subtitle: optionSubtitle(logExternalCallProperties, 'direction'),
		description:
			"Logs a call made in a third-party calling system, with its recording, to the contact's Conversations",
		defaults: { name: 'Log External Call' },
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
		properties: logExternalCallProperties,
	};

	methods = { credentialTest: { aesthetixWorkspaceTest: testWorkspaceCredential } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const run = await startActionRun(this);
		const output = await runPerItem(this, async (i, item) => {
			const extra = this.getNodeParameter('additionalFields', i, {}) as {
				durationSeconds?: number;
				notes?: string;
			};
			const result = await logExternalCall(
				run,
				{
					direction: String(this.getNodeParameter('direction', i, '')),
					date: String(this.getNodeParameter('date', i, '') ?? ''),
					to: String(this.getNodeParameter('to', i, '') ?? ''),
					from: String(this.getNodeParameter('from', i, '') ?? ''),
					callStatus: String(this.getNodeParameter('callStatus', i, '') ?? ''),
					attachment: String(this.getNodeParameter('attachment', i, '') ?? ''),
					durationSeconds: extra.durationSeconds,
					notes: extra.notes,
				},
				i,
			);
			return { ...item.json, external_call: result as unknown as IDataObject };
		});
		return [output];
	}
}
