import { redact, urlCredentials, withoutCredentials } from './redact';

/** An OpenAI-compatible chat completions endpoint: OpenAI, a local Ollama or vLLM, and the like. */
export interface ChatModelConfig {
	/** Up to and including the version, such as https://api.openai.com/v1 or http://localhost:11434/v1. */
	baseUrl: string;
	model: string;
	apiKey: string;
	timeoutMs: number;
}

export interface ChatMessage {
	role: 'system' | 'user' | 'assistant';
	content: string;
}

export type ChatFailureKind = 'configuration' | 'timeout' | 'connection' | 'refused' | 'malformed';

export class ChatModelError extends Error {
	constructor(
		readonly kind: ChatFailureKind,
		message: string,
		readonly status?: number,
	) {
		super(message);
		this.name = 'ChatModelError';
	}
}

/** The error message an ErrorResponse carries, or the start of whatever else came back. */
function errorDetail(text: string): string {
	try {
		const parsed = JSON.parse(text) as { error?: { message?: unknown } | string };
		const message = typeof parsed.error === 'string' ? parsed.error : parsed.error?.message;
		if (typeof message === 'string' && message) return message;
	} catch {
		// Not JSON: a proxy's page, for instance.
	}
	return text.replace(/\s+/g, ' ').trim().slice(0, 200) || 'no details';
}

/**
 * Asks for one completion (POST {base}/chat/completions, Bearer key) and returns the assistant's
 * text. The key goes only into the Authorization header. Whatever the server, a proxy or the
 * network says in an error, the key and any credentials in the Base URL are taken out of it.
 */
export async function completeChat(
	config: ChatModelConfig,
	messages: ChatMessage[],
	options: { json?: boolean } = {},
): Promise<string> {
	try {
		return await ask(config, messages, options);
	} catch (error) {
		if (!(error instanceof ChatModelError)) throw error;
		const secrets = [config.apiKey, ...urlCredentials(config.baseUrl)];
		throw new ChatModelError(error.kind, redact(error.message, secrets), error.status);
	}
}

async function ask(
	config: ChatModelConfig,
	messages: ChatMessage[],
	options: { json?: boolean },
): Promise<string> {
	const url = `${config.baseUrl.replace(/\/+$/, '')}/chat/completions`;
	const shown = withoutCredentials(url);
	// fetch refuses such a URL; a key the model needs goes in API Key.
	if (urlCredentials(url).length)
		throw new ChatModelError(
			'configuration',
			`The Base URL ${withoutCredentials(config.baseUrl)} has a user name or password in it: remove them and put the key in API Key`,
		);
	const seconds = Math.round(config.timeoutMs / 1000);
	let response: Response;
	try {
		response = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json', authorization: `Bearer ${config.apiKey}` },
			body: JSON.stringify({
				model: config.model,
				messages,
				temperature: 0.7,
				...(options.json ? { response_format: { type: 'json_object' } } : {}),
			}),
			signal: AbortSignal.timeout(config.timeoutMs),
		});
	} catch (error) {
		const name = (error as Error).name;
		if (name === 'TimeoutError' || name === 'AbortError') {
			throw new ChatModelError('timeout', `The model did not answer within ${seconds} seconds`);
		}
		const cause = (error as { cause?: { code?: string; message?: string } }).cause;
		throw new ChatModelError(
			'connection',
			`The model at ${shown} could not be reached (${cause?.code ?? cause?.message ?? (error as Error).message})`,
		);
	}
	let text: string;
	try {
		text = await response.text();
	} catch {
		throw new ChatModelError(
			'timeout',
			`The model did not finish answering within ${seconds} seconds`,
		);
	}
	if (!response.ok) {
		throw new ChatModelError(
			'refused',
			`The model answered HTTP ${response.status}: ${errorDetail(text)}`,
			response.status,
		);
	}
	try {
		const body = JSON.parse(text) as {
			choices?: { message?: { content?: unknown; refusal?: unknown } }[];
		};
		const message = body.choices?.[0]?.message;
		if (typeof message?.refusal === 'string' && message.refusal)
			throw new ChatModelError('refused', `The model declined: ${message.refusal}`);
		if (typeof message?.content !== 'string') throw new Error('no choices[0].message.content');
		return message.content;
	} catch (error) {
		if (error instanceof ChatModelError) throw error;
		throw new ChatModelError(
			'malformed',
			`The model's answer is not a chat completion (${(error as Error).message})`,
		);
	}
}
