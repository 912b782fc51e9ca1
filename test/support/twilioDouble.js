// A Twilio-compatible REST server on loopback that the real `twilio` SDK and n8n's credential test
// talk to. It checks each request against the shapes in Twilio's published API description, answers
// with Twilio's error codes for Twilio's own test numbers (or on demand), and sends status callbacks
// and inbound messages signed with X-Twilio-Signature as Twilio does.
const http = require('node:http');
const crypto = require('node:crypto');
const shapes = require('./twilio/request-shapes.json');
const { MessageWaiters } = require('./messageWaiters');
const { VoiceSimulator } = require('./twilio/voice');
const { callsPage } = require('./twilio/callsPage');

/** Twilio's test-credential numbers and the errors they produce. */
const MAGIC_TO = {
	'+15005550001': [400, 21211, "The 'To' number +15005550001 is not a valid phone number."],
	'+15005550002': [
		400,
		21612,
		"The 'To' phone number: +15005550002, is not currently reachable using the 'From' phone number via SMS.",
	],
	'+15005550003': [
		400,
		21408,
		"Permission to send an SMS has not been enabled for the region indicated by the 'To' number: +15005550003.",
	],
	'+15005550004': [400, 21610, 'Attempt to send to unsubscribed recipient'],
	'+15005550009': [400, 21614, "'To' number is not a valid mobile number"],
};

/** Twilio's signature: base64 HMAC-SHA1 over the URL and the sorted form fields. */
function twilioSignature(authToken, url, params) {
	const data = Object.keys(params)
		.sort()
		.reduce(
			(acc, key) => acc + key + (Array.isArray(params[key]) ? params[key].join('') : params[key]),
			url,
		);
	return crypto.createHmac('sha1', authToken).update(Buffer.from(data, 'utf-8')).digest('base64');
}

function readForm(req) {
	return new Promise((resolve) => {
		let raw = '';
		req.setEncoding('utf8');
		req.on('data', (c) => (raw += c));
		req.on('end', () => {
			const form = {};
			for (const [key, value] of new URLSearchParams(raw)) {
				if (key in form) form[key] = [].concat(form[key], value);
				else form[key] = value;
			}
			resolve(form);
		});
	});
}

const sid = (prefix) => prefix + crypto.randomBytes(16).toString('hex');

/** A small WhatsApp template library: two approved, one rejected, one still in review. */
const DEFAULT_CONTENT_TEMPLATES = [
	{
		sid: 'HX' + 'a'.repeat(32),
		friendly_name: 'staff_new_lead',
		language: 'en',
		variables: { 1: 'Jane', 2: 'HydraFacial' },
		status: 'approved',
		body: 'New lead: {{1}} asked about {{2}}.',
	},
	{
		sid: 'HX' + 'b'.repeat(32),
		friendly_name: 'staff_high_value_purchase',
		language: 'en',
		variables: { 1: 'Jane', 2: '$2,400' },
		status: 'approved',
		body: '{{1}} just bought a package ({{2}}).',
	},
	{
		sid: 'HX' + 'c'.repeat(32),
		friendly_name: 'promo_blast',
		language: 'en',
		variables: {},
		status: 'rejected',
		body: 'Big sale!',
	},
	{
		sid: 'HX' + 'd'.repeat(32),
		friendly_name: 'staff_shift_change',
		language: 'es',
		variables: { 1: 'Maya' },
		status: 'pending',
		body: 'Cambio de turno: {{1}}.',
	},
];

/**
 * Twilio's error 21656 (https://www.twilio.com/docs/api/errors/21656): ContentVariables must be a JSON
 * object whose values are neither null nor empty and hold no newline, tab or run of more than four spaces.
 */
function contentVariablesProblem(form) {
	if (form.ContentVariables === undefined) return undefined;
	let variables;
	try {
		variables = JSON.parse(form.ContentVariables);
	} catch {
		return 'not a valid JSON string';
	}
	if (!variables || typeof variables !== 'object' || Array.isArray(variables))
		return 'not a JSON object';
	for (const [key, value] of Object.entries(variables)) {
		if (value === null || value === '') return `variable ${key} is empty`;
		if (/[\t\n]| {5,}/.test(String(value)))
			return `variable ${key} has a newline, a tab or more than four spaces in a row`;
	}
	return undefined;
}

/** The query parameters of GET /v1/ContentAndApprovals in Twilio's API description (twilio_content_v1.json). */
const CONTENT_LIST_QUERY = { PageSize: { min: 1, max: 1000 }, Page: { min: 0 }, PageToken: {} };

class TwilioDouble {
	/** `latencyMs` holds every API answer that long, as a distant API would. */
	/** `contentTemplates` is the account's Content API library (WhatsApp templates and their approval). */
	constructor({
		accountSid = 'AC' + '1'.repeat(32),
		authToken = 'twilio-test-token',
		apiKeys = {},
		autoDeliver = true,
		latencyMs = 0,
		contentTemplates = DEFAULT_CONTENT_TEMPLATES,
	} = {}) {
		this.contentTemplates = contentTemplates;
		this.latencyMs = latencyMs;
		this.accountSid = accountSid;
		this.authToken = authToken;
		this.apiKeys = apiKeys;
		this.autoDeliver = autoDeliver;
		this.requests = [];
		this.messages = [];
		this.callbacks = [];
		this.rejections = [];
		this.failures = new Map();
		this.deliveryOutcomes = new Map();
		this.rateLimitedRequests = 0;
		this.arrivals = new MessageWaiters(() => this.messages);
		this.voice = new VoiceSimulator(this);
		this.server = http.createServer((req, res) =>
			this.handle(req, res).catch((e) => this.send(res, 500, { message: e.message })),
		);
	}

	authorized(req) {
		const header = req.headers.authorization || '';
		if (!header.startsWith('Basic ')) return false;
		const [user, ...rest] = Buffer.from(header.slice(6), 'base64').toString().split(':');
		const secret = rest.join(':');
		if (user === this.accountSid) return secret === this.authToken;
		return this.apiKeys[user] !== undefined && this.apiKeys[user] === secret;
	}

	send(res, status, body) {
		res.writeHead(status, { 'content-type': 'application/json' });
		res.end(JSON.stringify(body));
	}

	error(res, status, code, message) {
		this.send(res, status, {
			code,
			message,
			more_info: `https://www.twilio.com/docs/errors/${code}`,
			status,
		});
	}

	/** Rejects fields Twilio does not know and fields of the wrong type, as the real API's validation does. */
	shapeProblem(operation, form) {
		const shape = shapes.operations[operation];
		for (const field of shape.required)
			if (form[field] === undefined) return `Missing required parameter ${field}`;
		for (const [key, value] of Object.entries(form)) {
			const field = shape.fields[key];
			if (!field) return `Unknown parameter ${key}`;
			if (Array.isArray(value) && field.type !== 'array')
				return `Parameter ${key} given more than once`;
			if (field.type === 'integer' && !/^-?\d+$/.test(String(value)))
				return `Parameter ${key} must be an integer`;
			if (field.enum && !field.enum.includes(value))
				return `Parameter ${key} must be one of ${field.enum.join(', ')}`;
		}
		return null;
	}

	/** For people trying `npm start`: the texts sent, and a form to reply as a contact (STOP, START...). */
	async viewer(req, res, url) {
		if (req.method === 'POST' && url.pathname === '/texts/reply' && this.inboundUrl) {
			const form = await readForm(req);
			await this.inbound(this.inboundUrl, { from: form.from, body: form.body });
			res.writeHead(303, { location: '/texts' });
			return res.end();
		}
		if (url.pathname === '/texts.json') return this.send(res, 200, this.messages);
		const esc = (v) =>
			String(v ?? '').replace(
				/[&<>"]/g,
				(c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c],
			);
		const rows = [...this.messages]
			.reverse()
			.map(
				(m) =>
					`<tr><td>${esc(m.date_created)}</td><td>${esc(m.to)}</td><td>${esc(m.from || m.messaging_service_sid)}</td><td>${esc(m.body)}</td><td>${esc(m.status)}</td></tr>`,
			)
			.join('');
		res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
		return res.end(`<!doctype html><meta charset="utf-8"><title>Local texts</title>
			<style>body{font-family:sans-serif;max-width:70rem;margin:2rem auto}td,th{border-bottom:1px solid #ddd;padding:.3rem;text-align:left}</style>
			<h1>Texts sent through the local Twilio double</h1>
			<form method="post" action="/texts/reply">Reply as <input name="from" placeholder="+15551234567" required>
			<input name="body" placeholder="STOP" required> <button>Send reply</button></form>
			<table><tr><th>When</th><th>To</th><th>From</th><th>Text</th><th>Status</th></tr>${rows || '<tr><td colspan=5>No texts yet.</td></tr>'}</table>`);
	}

	async handle(req, res) {
		const url = new URL(req.url, 'http://double');
		if (url.pathname.startsWith('/texts')) return this.viewer(req, res, url);
		if (url.pathname.startsWith('/calls') || url.pathname.startsWith('/recordings/'))
			return callsPage(this.voice, req, res, url);
		if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
		this.requests.push({ method: req.method, path: url.pathname });
		if (!this.authorized(req)) return this.error(res, 401, 20003, 'Authenticate');
		if (url.pathname === '/v1/ContentAndApprovals' && req.method === 'GET')
			return this.contentAndApprovals(url, res);
		const content = url.pathname.match(/^\/v1\/Content\/(HX[0-9a-fA-F]{32})$/);
		if (content && req.method === 'GET') return this.fetchContent(content[1], res);
		const account = url.pathname.match(
			/^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})(\.json|\/Messages\.json|\/Calls\.json|\/Calls\/(CA[0-9a-f]{32})\.json)$/i,
		);
		if (!account || account[1] !== this.accountSid)
			return this.error(res, 404, 20404, 'The requested resource was not found');
		if (account[2] === '.json' && req.method === 'GET') {
			return this.send(res, 200, {
				sid: this.accountSid,
				friendly_name: 'Glow Med Spa',
				status: 'active',
				type: 'Full',
			});
		}
		if (account[2] === '/Messages.json' && req.method === 'POST')
			return this.createMessage(await readForm(req), res);
		if (account[2] === '/Calls.json' && req.method === 'POST')
			return this.voiceAnswer(res, this.voice.create(await readForm(req)));
		if (account[3] && req.method === 'POST')
			return this.voiceAnswer(res, this.voice.update(account[3], await readForm(req)));
		if (account[3] && req.method === 'GET') {
			const call = this.voice.calls.find((c) => c.sid === account[3]);
			return call
				? this.send(res, 200, this.voice.resource(call))
				: this.error(res, 404, 20404, 'The requested resource was not found');
		}
		return this.error(res, 405, 20004, 'Method not allowed');
	}

	/** The fields a Content API template has in every answer, as Twilio names them. */
	contentResource(t) {
		return {
			date_created: '2026-01-05T10:00:00Z',
			date_updated: '2026-01-06T10:00:00Z',
			sid: t.sid,
			account_sid: this.accountSid,
			friendly_name: t.friendly_name,
			language: t.language,
			variables: t.variables,
			types: t.types ?? { 'twilio/text': { body: t.body } },
		};
	}

	/** GET /v1/Content/{Sid}: one template with its content types, shaped as Twilio answers (twilio_content_v1.json). */
	fetchContent(contentSid, res) {
		const t = this.contentTemplates.find((c) => c.sid === contentSid);
		if (!t)
			return this.error(
				res,
				404,
				20404,
				`The requested resource /Content/${contentSid} was not found`,
			);
		const url = `https://content.twilio.com/v1/Content/${t.sid}`;
		return this.send(res, 200, {
			...this.contentResource(t),
			url,
			links: {
				approval_create: `${url}/ApprovalRequests/whatsapp`,
				approval_fetch: `${url}/ApprovalRequests`,
			},
		});
	}

	/** One page of the Content API's templates with their WhatsApp approval, shaped as Twilio answers. */
	contentAndApprovals(url, res) {
		const query = Object.fromEntries(url.searchParams);
		for (const [key, value] of Object.entries(query)) {
			const rule = CONTENT_LIST_QUERY[key];
			if (!rule) return this.error(res, 400, 20001, `Unknown parameter ${key}`);
			if (
				rule.min !== undefined &&
				(!/^\d+$/.test(value) ||
					Number(value) < rule.min ||
					(rule.max !== undefined && Number(value) > rule.max))
			) {
				return this.error(res, 400, 20001, `Parameter ${key} is out of range`);
			}
		}
		const pageSize = Number(query.PageSize ?? 50);
		const page = Number(query.Page ?? 0);
		const start = query.PageToken ? Number(query.PageToken.replace(/^PT/, '')) : 0;
		const slice = this.contentTemplates.slice(start, start + pageSize);
		const pageUrl = (p, token) =>
			`https://content.twilio.com/v1/ContentAndApprovals?PageSize=${pageSize}&Page=${p}${token === undefined ? '' : `&PageToken=PT${token}`}`;
		const more = start + pageSize < this.contentTemplates.length;
		return this.send(res, 200, {
			contents: slice.map((t) => ({
				...this.contentResource(t),
				approval_requests: {
					name: t.friendly_name,
					category: 'UTILITY',
					content_type: 'twilio/text',
					status: t.status,
					rejection_reason: t.status === 'rejected' ? 'Promotional content' : '',
					allow_category_change: true,
				},
			})),
			meta: {
				page,
				page_size: pageSize,
				first_page_url: pageUrl(0),
				previous_page_url: page > 0 ? pageUrl(page - 1, Math.max(0, start - pageSize)) : null,
				url: pageUrl(page, query.PageToken ? start : undefined),
				next_page_url: more ? pageUrl(page + 1, start + pageSize) : null,
				key: 'contents',
			},
		});
	}

	voiceAnswer(res, result) {
		if (result.problem) {
			this.rejections.push({ code: result.code, problem: result.problem });
			return this.error(res, result.status, result.code, result.problem);
		}
		return this.send(res, result.status, result.body);
	}

	createMessage(form, res) {
		if (this.rateLimitedRequests > 0) {
			this.rateLimitedRequests--;
			this.rejections.push({ form, code: 20429 });
			return this.error(res, 429, 20429, 'Too Many Requests');
		}
		const problem = this.shapeProblem('CreateMessage', form);
		if (problem) {
			this.rejections.push({ form, code: 21000, problem });
			return this.error(res, 400, 21000, problem);
		}
		if (!form.From && !form.MessagingServiceSid)
			return this.error(
				res,
				400,
				21603,
				"A 'From' or 'MessagingServiceSid' parameter is required to send a message",
			);
		if (!form.Body && !form.MediaUrl && !form.ContentSid)
			return this.error(res, 400, 21602, 'Message body is required.');
		const variablesProblem = contentVariablesProblem(form);
		if (variablesProblem) {
			this.rejections.push({ form, code: 21656, problem: variablesProblem });
			return this.error(
				res,
				400,
				21656,
				`The ContentVariables Parameter is invalid: ${variablesProblem}`,
			);
		}
		const to = String(form.To).replace(/^whatsapp:/, '');
		const failure = this.failures.get(to) || MAGIC_TO[to];
		if (failure) {
			this.rejections.push({ form, code: failure[1] });
			return this.error(res, failure[0], failure[1], failure[2]);
		}
		const message = {
			sid: sid('SM'),
			account_sid: this.accountSid,
			to: form.To,
			from: form.From || null,
			messaging_service_sid: form.MessagingServiceSid || null,
			body: form.Body || '',
			media_url: [].concat(form.MediaUrl || []),
			content_sid: form.ContentSid || null,
			content_variables: form.ContentVariables || null,
			status: form.MessagingServiceSid && !form.From ? 'accepted' : 'queued',
			status_callback: form.StatusCallback || null,
			date_created: new Date().toUTCString(),
			num_segments: String(Math.max(1, Math.ceil((form.Body || '').length / 153))),
			direction: 'outbound-api',
			error_code: null,
			error_message: null,
		};
		this.messages.push(message);
		this.arrivals.notify();
		this.send(res, 201, message);
		if (this.autoDeliver && message.status_callback) {
			const [status, errorCode] = this.deliveryOutcomes.get(to) || ['delivered'];
			setTimeout(
				() =>
					this.statusCallback(message.sid, 'sent')
						.then(() => this.statusCallback(message.sid, status, errorCode))
						.catch(() => undefined),
				50,
			);
		}
		return undefined;
	}

	/**
	 * Posts a signed form to a webhook URL, as Twilio does. `signedUrl`: the address Twilio was given,
	 * when the post reaches another one behind it (a load balancer in front of several n8n processes).
	 */
	async postSigned(url, params, signedUrl = url) {
		const res = await fetch(url, {
			method: 'POST',
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				'x-twilio-signature': twilioSignature(this.authToken, signedUrl, params),
			},
			body: new URLSearchParams(params).toString(),
		});
		const text = await res.text();
		this.callbacks.push({ url, params, status: res.status, body: text });
		return { status: res.status, body: text };
	}

	/** A message status callback (`sent`, `delivered`, `undelivered`, `failed`) for a message sent earlier. */
	async statusCallback(messageSid, status, errorCode) {
		const message = this.messages.find((m) => m.sid === messageSid);
		message.status = status;
		const params = {
			AccountSid: this.accountSid,
			MessageSid: message.sid,
			SmsSid: message.sid,
			MessageStatus: status,
			SmsStatus: status,
			To: message.to,
			From: message.from || '+15550009999',
			ApiVersion: '2010-04-01',
		};
		if (message.messaging_service_sid) params.MessagingServiceSid = message.messaging_service_sid;
		if (errorCode) params.ErrorCode = String(errorCode);
		return this.postSigned(message.status_callback, params);
	}

	/** An inbound text from a contact (a reply, STOP, START) posted to the given webhook. */
	async inbound(url, { from, to = '+15550009999', body }) {
		return this.postSigned(url, {
			AccountSid: this.accountSid,
			MessageSid: sid('SM'),
			SmsSid: sid('SM'),
			From: from,
			To: to,
			Body: body,
			NumMedia: '0',
			ApiVersion: '2010-04-01',
		});
	}

	/** The next N message requests get HTTP 429 (Twilio error 20429), as under a concurrency limit. */
	rateLimitNext(count) {
		this.rateLimitedRequests = count;
	}

	/** Messages to this number fail with the given Twilio error. */
	failTo(number, status, code, message) {
		this.failures.set(number, [status, code, message]);
	}

	/** Messages to this number end with this callback status (`undelivered`, `failed`) and error code. */
	deliverTo(number, status, errorCode) {
		this.deliveryOutcomes.set(number, [status, errorCode]);
	}

	waitForMessages(count, timeoutMs = 15_000) {
		return this.arrivals.waitFor(count, timeoutMs, 'texts');
	}

	reset() {
		this.requests = [];
		this.messages = [];
		this.callbacks = [];
		this.rejections = [];
		this.failures.clear();
		this.deliveryOutcomes.clear();
		this.rateLimitedRequests = 0;
		this.voice.reset();
	}

	async start(port = 0) {
		await new Promise((resolve) => this.server.listen(port, '127.0.0.1', resolve));
		this.port = this.server.address().port;
		this.baseUrl = `http://127.0.0.1:${this.port}`;
		return this;
	}

	async stop() {
		this.server.closeAllConnections?.();
		await new Promise((resolve) => this.server.close(resolve));
	}
}

module.exports = { TwilioDouble, twilioSignature };
