import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/**
 * n8n's own public API, for the snapshots: they read, create and update workflows and map
 * credentials through it, as n8n offers to anyone automating it, never through its database.
 */
export class AesthetixN8nApi implements ICredentialType {
	name = 'aesthetixN8nApi';

	// n8n spells its own name in lower case, as its own "n8n API" credential does.
	// eslint-disable-next-line n8n-nodes-base/cred-class-field-display-name-miscased
	displayName = 'Aesthetix n8n API';

	icon = { light: 'file:../icons/n8n-api.svg', dark: 'file:../icons/n8n-api.dark.svg' } as const;

	documentationUrl =
		'https://github.com/aesthetix/n8n-nodes-aesthetix/blob/main/docs/operations/snapshots.md';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'http://localhost:5678',
			required: true,
			description:
				"This n8n's address as the n8n process itself reaches it: http://localhost:5678 unless n8n listens on another port or address",
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'From Settings › n8n API › Create an API key. Scopes on n8n 2.x: workflow list, read, create, update, delete, activate and deactivate; credential list and update.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { 'X-N8N-API-KEY': '={{ $credentials.apiKey }}' } },
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{ $credentials.baseUrl.replace(/\\/+$/, "").replace(/\\/api\\/v1$/, "") }}/api/v1',
			url: '/workflows',
			qs: { limit: 1 },
		},
	};
}
