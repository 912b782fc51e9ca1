import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/** A connected Slack workspace; several can be connected, one credential each. */
export class AesthetixSlackApi implements ICredentialType {
	name = 'aesthetixSlackApi';

	displayName = 'Aesthetix Slack API';

	icon = { light: 'file:../icons/slack.svg', dark: 'file:../icons/slack.dark.svg' } as const;

	documentationUrl =
		'https://github.com/aesthetix/n8n-nodes-aesthetix/blob/main/docs/credentials.md#aesthetix-slack-api';

	properties: INodeProperties[] = [
		{
			displayName: 'Bot Token',
			name: 'botToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'xoxb-…',
			description: 'Posts direct messages and public channel messages',
		},
		{
			displayName: 'User Token',
			name: 'userToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			placeholder: 'xoxp-…',
			description:
				'The token of the person who created the integration: private channel messages are sent as them, not as a bot',
		},
		{
			displayName: 'API URL',
			name: 'apiUrl',
			type: 'string',
			default: 'https://slack.com/api/',
			description: "Change only for a Slack-compatible server (or this package's local double)",
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { Authorization: '=Bearer {{ $credentials.botToken }}' } },
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ $credentials.apiUrl.replace(/\\/+$/, "") }}',
			url: '/auth.test',
			method: 'POST',
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: { key: 'ok', value: false, message: 'Slack refused the bot token' },
			},
		],
	};
}
