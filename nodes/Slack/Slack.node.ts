import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import {
	sendSlackMessage,
	type SlackEvent,
	type SlackUserSource,
} from '../../core/slack/sendSlackMessage';
import { readContact } from '../shared/descriptions/contact';
import { runPerItem } from '../shared/execution/errors';
import { readMergeText } from '../shared/execution/mergeText';
import { SLACK_IN_FLIGHT, slackWorkspace } from '../shared/transport/slack';
import { getTeamUsers } from '../shared/methods/teamUsers';
import { startActionRun, testWorkspaceCredential } from '../shared/transport/workspace';
import { slackProperties } from './description';
import { searchChannels, searchUsers } from './methods/listSearch';
import { optionSubtitle } from '../shared/descriptions/subtitle';
import { SLACK_CREDENTIAL } from '../shared/transport/credentials';

export class Slack implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Aesthetix Slack',
		name: 'slack',
		icon: { light: 'file:../../icons/slack.svg', dark: 'file:../../icons/slack.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: optionSubtitle(slackProperties, 'event'),
		description:
			'Sends a message into the connected Slack workspace: to a user, a private channel or a public channel',
		defaults: { name: 'Slack' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: [
			{ name: 'aesthetixSlackApi', displayName: 'Slack Account', required: true },
			{
				name: 'aesthetixWorkspaceApi',
				displayName: 'Workspace',
				required: true,
				testedBy: 'aesthetixWorkspaceTest',
			},
		],
		properties: slackProperties,
	};

	methods = {
		listSearch: { searchUsers, searchChannels },
		loadOptions: { getTeamUsers },
		credentialTest: { aesthetixWorkspaceTest: testWorkspaceCredential },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const run = await startActionRun(this);
		const slack = slackWorkspace(await this.getCredentials(SLACK_CREDENTIAL));
		const output = await runPerItem(
			this,
			async (i, item) => {
				const event = this.getNodeParameter('event', i) as SlackEvent;
				const locator = (name: string) =>
					String(this.getNodeParameter(name, i, '', { extractValue: true }) ?? '');
				const userSource =
					event === 'directMessage'
						? (this.getNodeParameter('userSource', i) as SlackUserSource)
						: 'slackUser';
				const result = await sendSlackMessage(
					run,
					slack,
					{
						contact: readContact(this, i),
						event,
						userSource,
						customEmail: userSource === 'customEmail' ? readMergeText(this, 'customEmail', i) : '',
						internalUserId:
							userSource === 'internalUser'
								? (this.getNodeParameter('internalUser', i, '') as string)
								: '',
						slackUserId:
							event === 'directMessage' && userSource === 'slackUser' ? locator('slackUser') : '',
						channelId: event === 'directMessage' ? '' : locator('channel'),
						message: readMergeText(this, 'message', i),
					},
					i,
					item.json,
				);
				return { ...item.json, slack: result as unknown as IDataObject };
			},
			{ concurrency: SLACK_IN_FLIGHT },
		);
		return [output];
	}
}
