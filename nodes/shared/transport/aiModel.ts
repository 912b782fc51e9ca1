import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import type { ChatModelConfig } from '../../../providers/ai';

export function aiModelConfig(credential: ICredentialDataDecryptedObject): ChatModelConfig {
	return {
		baseUrl: String(credential.baseUrl || 'https://api.openai.com/v1'),
		model: String(credential.model ?? ''),
		apiKey: String(credential.apiKey ?? ''),
		timeoutMs: Math.max(1, Number(credential.timeoutSeconds) || 60) * 1000,
	};
}
