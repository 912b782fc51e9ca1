import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/** The model behind Write with AI: any OpenAI-compatible chat completions API. */
export class AesthetixAiModelApi implements ICredentialType {
	name = 'aesthetixAiModelApi';

	displayName = 'Aesthetix AI Model API';

	icon = { light: 'file:../icons/ai-model.svg', dark: 'file:../icons/ai-model.dark.svg' } as const;

	documentationUrl =
		'https://github.com/aesthetix/n8n-nodes-aesthetix/blob/main/docs/nodes/send-email.md#writing-templates-in-the-inbox-and-write-with-ai';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.openai.com/v1',
			required: true,
			description:
				'The API address up to and including its version; requests go to {Base URL}/chat/completions. A local Ollama is http://localhost:11434/v1.',
		},
		{
			displayName: 'Model',
			name: 'model',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'gpt-4o-mini',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Sent as a Bearer token; servers that need none (a local Ollama) accept any value',
		},
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeoutSeconds',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 300 },
			default: 60,
			description: 'How long Generate waits for the model before saying it did not answer',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { Authorization: '=Bearer {{ $credentials.apiKey }}' } },
	};

	// A five-token completion: it proves the address, the key and the model name together.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ $credentials.baseUrl.replace(/\\/+$/, "") }}',
			url: '/chat/completions',
			method: 'POST',
			body: {
				model: '={{ $credentials.model }}',
				messages: [{ role: 'user', content: 'Answer with OK.' }],
				max_tokens: 5,
			},
		},
	};
}
