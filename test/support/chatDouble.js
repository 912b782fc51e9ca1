// An OpenAI-compatible chat completions server on loopback: POST /v1/chat/completions with a Bearer
// key, each request checked against CreateChatCompletionRequest from OpenAI's published OpenAPI
// description (openai/chat-request-shape.json), answers shaped as CreateChatCompletionResponse and
// errors as ErrorResponse. It can also fail (HTTP 500) or answer slowly, like a struggling model.
const http = require('node:http');
const shape = require('./openai/chat-request-shape.json');

const ROLES = new Map(shape.messageRoles.map((m) => [m.role[0], m.required]));

/** What is wrong with a request body, by the published schema; empty when nothing is. */
function requestProblems(body) {
	const problems = [];
	if (!body || typeof body !== 'object' || Array.isArray(body))
		return ['the body is not a JSON object'];
	for (const field of shape.required) if (!(field in body)) problems.push(`${field} is required`);
	for (const field of Object.keys(body))
		if (!shape.fields.includes(field)) problems.push(`${field} is not a request field`);
	if (typeof body.model !== 'string' || body.model === '') problems.push('model must be a string');
	if (!Array.isArray(body.messages) || body.messages.length < 1)
		problems.push('messages must have at least 1 item');
	for (const [i, m] of (Array.isArray(body.messages) ? body.messages : []).entries()) {
		const required = ROLES.get(m && m.role);
		if (!required) {
			problems.push(
				`messages[${i}].role "${m && m.role}" is not one of ${[...ROLES.keys()].join(', ')}`,
			);
			continue;
		}
		for (const field of required)
			if (!(field in m)) problems.push(`messages[${i}].${field} is required`);
		if ('content' in m && typeof m.content !== 'string' && !Array.isArray(m.content))
			problems.push(`messages[${i}].content must be a string or an array of parts`);
	}
	if ('temperature' in body && body.temperature !== null) {
		const t = body.temperature;
		if (typeof t !== 'number' || t < shape.temperature.minimum || t > shape.temperature.maximum)
			problems.push('temperature must be between 0 and 2');
	}
	if (
		'response_format' in body &&
		!shape.responseFormatTypes.includes(body.response_format && body.response_format.type)
	) {
		problems.push(`response_format.type must be one of ${shape.responseFormatTypes.join(', ')}`);
	}
	return problems;
}

const errorBody = (message, type, code = null, param = null) => ({
	error: { message, type, param, code },
});

/** A draft that follows the brief: the prompt's offer, the tone, and custom values left as tags. */
function draftFor(messages) {
	const users = messages.filter((m) => m.role === 'user').map((m) => String(m.content));
	const system = String(
		(messages.find((m) => m.role === 'system' || m.role === 'developer') || {}).content || '',
	);
	const brief = users[0] || '';
	const followUp = users.length > 1 ? users[users.length - 1] : '';
	const tone = (/tone:\s*([A-Za-z]+)/i.exec(`${brief}\n${system}`) || [])[1] || 'Neutral';
	const percent = (/(\d+%)/.exec(brief) || [])[1] || 'a special offer';
	const treatment = (/first ([A-Z][\w-]+)/.exec(brief) || [])[1] || 'visit';
	const sms = /\bSMS\b|text message/i.test(`${brief}\n${system}`) && !/\bemail\b/i.test(brief);
	const greeting =
		tone.toLowerCase() === 'friendly'
			? 'Hi {{contact.first_name}}!'
			: 'Hello {{contact.first_name}},';
	const extra = followUp ? ` ${followUp.replace(/^.*?:\s*/, '').replace(/\.$/, '')}.` : '';
	if (sms)
		return {
			body: `${greeting} Enjoy ${percent} off your first ${treatment} at {{company.name}}.${extra} Reply STOP to opt out.`,
		};
	return {
		subject: `${percent} off your first ${treatment}`,
		body:
			`<p>${greeting}</p><p>We would love to welcome you to {{company.name}}: enjoy <strong>${percent} off your first ${treatment}</strong>.${extra}</p>` +
			'<p>Call us at {{company.phone}} to book.</p><p>See you soon,<br>{{company.name}}</p>',
	};
}

class ChatDouble {
	constructor({ apiKey = 'sk-local-test-key' } = {}) {
		this.apiKey = apiKey;
		this.requests = [];
		this.problems = [];
		this.mode = 'ok';
		this.delayMs = 0;
		this.server = http.createServer((req, res) =>
			this.handle(req, res).catch((e) =>
				this.reply(res, errorBody(e.message, 'server_error'), 500),
			),
		);
	}

	/**
	 * `ok`, `fail` (HTTP 500 with an ErrorResponse), `slow` (answers after `delayMs`), `quote-key`
	 * (HTTP 401 whose message quotes the key it was sent, as some compatible servers do) or `proxy`
	 * (HTTP 502 from a proxy whose page echoes the request's headers).
	 */
	behave(mode, delayMs = 0) {
		this.mode = mode;
		this.delayMs = delayMs;
	}

	/** The next answer's message content, instead of a generated draft. */
	answerWith(content) {
		this.nextContent = content;
	}

	reply(res, body, status = 200) {
		if (res.writableEnded || res.destroyed) return;
		res.writeHead(status, { 'content-type': 'application/json' });
		res.end(JSON.stringify(body));
	}

	async handle(req, res) {
		if (req.method !== 'POST' || req.url !== '/v1/chat/completions')
			return this.reply(
				res,
				errorBody(
					`Unknown request URL: ${req.method} ${req.url}`,
					'invalid_request_error',
					'unknown_url',
				),
				404,
			);
		let raw = '';
		for await (const chunk of req) raw += chunk;
		if (this.mode === 'quote-key') {
			const given = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
			return this.reply(
				res,
				errorBody(
					`Incorrect API key provided: ${given}. You can find your API key in your account settings.`,
					'invalid_request_error',
					'invalid_api_key',
				),
				401,
			);
		}
		if (this.mode === 'proxy') {
			res.writeHead(502, { 'content-type': 'text/html' });
			return res.end(
				`<html><body><h1>502 Bad Gateway</h1><pre>POST ${req.url}\nauthorization: ${req.headers.authorization}</pre></body></html>`,
			);
		}
		if (req.headers.authorization !== `Bearer ${this.apiKey}`) {
			return this.reply(
				res,
				errorBody('Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key'),
				401,
			);
		}
		let body;
		try {
			body = JSON.parse(raw);
		} catch {
			return this.reply(
				res,
				errorBody('We could not parse the JSON body of your request.', 'invalid_request_error'),
				400,
			);
		}
		this.requests.push(body);
		const problems = requestProblems(body);
		if (problems.length) {
			this.problems.push(...problems);
			return this.reply(res, errorBody(problems.join('; '), 'invalid_request_error'), 400);
		}
		if (this.mode === 'fail')
			return this.reply(
				res,
				errorBody(
					'The server had an error while processing your request. Sorry about that!',
					'server_error',
				),
				500,
			);
		if (this.mode === 'slow') {
			// A caller that gives up closes the connection; the answer is then not written at all.
			await new Promise((resolve) => {
				const timer = setTimeout(resolve, this.delayMs);
				res.on('close', () => {
					clearTimeout(timer);
					resolve();
				});
			});
		}
		const content = this.nextContent ?? JSON.stringify(draftFor(body.messages));
		this.nextContent = undefined;
		this.reply(res, {
			id: `chatcmpl-${this.requests.length}`,
			object: 'chat.completion',
			created: Math.floor(Date.now() / 1000),
			model: body.model,
			choices: [
				{
					index: 0,
					message: { role: 'assistant', content, refusal: null },
					finish_reason: 'stop',
					logprobs: null,
				},
			],
			usage: { prompt_tokens: 120, completion_tokens: 90, total_tokens: 210 },
		});
	}

	async start(port = 0) {
		await new Promise((resolve) => this.server.listen(port, '127.0.0.1', resolve));
		this.port = this.server.address().port;
		this.baseUrl = `http://127.0.0.1:${this.port}/v1`;
		return this;
	}

	async stop() {
		this.server.closeAllConnections?.();
		await new Promise((resolve) => this.server.close(resolve));
	}
}

module.exports = { ChatDouble, requestProblems };
