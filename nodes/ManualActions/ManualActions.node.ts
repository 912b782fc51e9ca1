import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { sweepManualTasks } from '../../core/manualActions/resumeWorkflow';
import { createTwilioMessaging, type TextTransport } from '../../providers/twilio';
import { runOperations } from '../shared/execution/operations';
import { resumePost } from '../shared/transport/resume';
import { operations } from './actions';
import type { ManualActionsRun } from './actions/task';
import { testTwilioCredential, twilioConfig } from '../shared/transport/twilio';
import { testWorkspaceCredential, workspaceStore } from '../shared/transport/workspace';
import { MANUAL_ACTIONS_VERSIONS, manualActionsProperties } from './description';
import { optionSubtitle } from '../shared/descriptions/subtitle';
import { getTaskAssignees, searchContacts, searchOpenTasks } from './methods';
import { getTeamUsers } from '../shared/methods/teamUsers';
import { TWILIO_CREDENTIAL } from '../shared/transport/credentials';

export class ManualActions implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Aesthetix Manual Actions',
		name: 'manualActions',
		icon: {
			light: 'file:../../icons/manual-actions.svg',
			dark: 'file:../../icons/manual-actions.dark.svg',
		},
		group: ['transform'],
		version: MANUAL_ACTIONS_VERSIONS,
		defaultVersion: 1.1,
		subtitle: optionSubtitle(manualActionsProperties, 'operation'),
		description:
			'Works the Manual Actions queue: list, complete, delete and reassign SMS and call tasks',
		defaults: { name: 'Manual Actions' },
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
				name: 'aesthetixTwilioApi',
				displayName: 'Twilio Account',
				required: false,
				testedBy: 'aesthetixTwilioTest',
			},
		],
		properties: manualActionsProperties,
	};

	methods = {
		loadOptions: { getTeamUsers, getTaskAssignees },
		listSearch: { searchOpenTasks, searchContacts },
		credentialTest: {
			aesthetixWorkspaceTest: testWorkspaceCredential,
			aesthetixTwilioTest: testTwilioCredential,
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const store = await workspaceStore(this);
		let texts: TextTransport | undefined;
		const run: ManualActionsRun = {
			store,
			texts: async () =>
				(texts ??= createTwilioMessaging(
					twilioConfig(await this.getCredentials(TWILIO_CREDENTIAL)),
				)),
			resume: resumePost(this),
		};
		await sweepManualTasks(store, run.resume);
		return await runOperations(
			this,
			(i) => {
				const name = this.getNodeParameter('operation', i) as string;
				return { name, operation: operations[name] };
			},
			run,
		);
	}
}
