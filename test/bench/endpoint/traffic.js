// The requests of the endpoint benchmark, signed the way each provider signs them, and the client
// that fires them with a fixed number in flight while a person's Inbox pages load on a timer.
const http = require('node:http');
const { randomBytes } = require('node:crypto');
const { performance } = require('node:perf_hooks');
const { twilioSignature } = require('../../support/twilioDouble');

const DELIVERY_VARIABLE = 'aesthetix_delivery';

/** Twilio's form post for an inbound text, signed for the URL Twilio was given. */
function inboundText(signedUrl, authToken, accountSid, from, body) {
	const params = {
		AccountSid: accountSid,
		MessageSid: `SM${randomBytes(16).toString('hex')}`,
		SmsSid: `SM${randomBytes(16).toString('hex')}`,
		From: from,
		To: '+15550009999',
		Body: body,
		NumMedia: '0',
		ApiVersion: '2010-04-01',
	};
	return twilioForm(signedUrl, authToken, params);
}

function messageStatus(signedUrl, authToken, accountSid, sid, to, status) {
	const params = {
		AccountSid: accountSid,
		MessageSid: sid,
		SmsSid: sid,
		MessageStatus: status,
		SmsStatus: status,
		To: to,
		From: '+15550009999',
		ApiVersion: '2010-04-01',
	};
	return twilioForm(signedUrl, authToken, params);
}

function twilioForm(signedUrl, authToken, params) {
	return {
		method: 'POST',
		headers: {
			'content-type': 'application/x-www-form-urlencoded',
			'x-twilio-signature': twilioSignature(authToken, signedUrl, params),
		},
		body: new URLSearchParams(params).toString(),
	};
}

/** Mailgun's webhook post for one event of a sent email. */
function mailgunEvent(mailgun, email, event) {
	return {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({
			signature: mailgun.signature(),
			'event-data': {
				event,
				id: randomBytes(11).toString('base64url'),
				timestamp: Date.now() / 1000,
				recipient: email.recipient,
				message: { headers: { 'message-id': email.messageId.replace(/^<|>$/g, '') } },
				'user-variables': { [DELIVERY_VARIABLE]: email.deliveryToken },
			},
		}),
	};
}

/** SendGrid's Event Webhook post, one event in the batch. */
function sendgridEvent(sendgrid, email, event) {
	return {
		method: 'POST',
		...sendgrid.signed([
			{
				[DELIVERY_VARIABLE]: email.deliveryToken,
				email: email.recipient,
				timestamp: Math.floor(Date.now() / 1000),
				event,
				'smtp-id': email.messageId,
				sg_event_id: randomBytes(16).toString('base64url'),
				sg_message_id: `${randomBytes(11).toString('base64url')}.filter0001.1-1-0`,
			},
		]),
	};
}

/**
 * Orders the kinds of a burst so each is spread over the whole of it, as real traffic mixes them.
 * `groups` of requests stay together (a number's "Hi" and "STOP" go out at the same moment);
 * `from` and `to` (0..1) confine a kind to part of the burst (delivery reports after the `sent` ones).
 */
function interleave(kinds) {
	const placed = [];
	for (const { groups, from = 0, to = 1 } of kinds) {
		groups.forEach((group, i) => {
			placed.push({ at: from + ((to - from) * (i + 0.5)) / groups.length, group });
		});
	}
	return placed.sort((a, b) => a.at - b.at).flatMap((p) => p.group);
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

/** One HTTP request; resolves with its status and time, never rejects. */
function send(base, request) {
	const url = new URL(`${base}${request.path}`);
	const started = performance.now();
	return new Promise((resolve) => {
		const req = http.request(
			url,
			{ method: request.method, headers: request.headers, agent },
			(res) => {
				const chunks = [];
				res.on('data', (c) => chunks.push(c));
				res.on('end', () =>
					resolve({
						status: res.statusCode,
						ms: performance.now() - started,
						body: Buffer.concat(chunks).toString('utf8'),
						headers: res.headers,
					}),
				);
			},
		);
		req.on('error', (error) =>
			resolve({ status: 0, ms: performance.now() - started, body: String(error.message) }),
		);
		req.end(request.body);
	});
}

/**
 * Fires every request with `inFlight` of them open at any time, spread over `bases` in turn (one
 * per n8n process, as a load balancer would), and returns each one's kind, status and time.
 */
async function fire(requests, { bases, inFlight }) {
	const results = new Array(requests.length);
	let next = 0;
	const started = performance.now();
	const lane = async () => {
		while (next < requests.length) {
			const i = next++;
			const r = requests[i];
			const answer = await send(bases[i % bases.length], r);
			results[i] = { kind: r.kind, status: answer.status, ms: answer.ms, ok: r.ok(answer) };
			if (!results[i].ok) results[i].body = answer.body.slice(0, 300);
		}
	};
	await Promise.all(Array.from({ length: inFlight }, lane));
	return { results, seconds: (performance.now() - started) / 1000 };
}

/** Loads Inbox pages every `everyMs` until stopped, without waiting for the one before. */
function pollInbox(base, pages, everyMs) {
	const results = [];
	const pending = new Set();
	let n = 0;
	const timer = setInterval(() => {
		const page = pages[n++ % pages.length];
		const p = send(base, page).then((answer) => {
			results.push({ kind: page.kind, status: answer.status, ms: answer.ms, ok: page.ok(answer) });
			pending.delete(p);
		});
		pending.add(p);
	}, everyMs);
	return async () => {
		clearInterval(timer);
		await Promise.all(pending);
		return results;
	};
}

function percentile(sorted, p) {
	if (!sorted.length) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Count, failures and p50/p99 (ms) of a set of results. */
function latency(results) {
	const ms = results.map((r) => r.ms).sort((a, b) => a - b);
	return {
		count: results.length,
		failed: results.filter((r) => !r.ok).length,
		p50: percentile(ms, 50),
		p99: percentile(ms, 99),
		max: ms[ms.length - 1],
	};
}

function byKind(results) {
	const kinds = {};
	for (const r of results) (kinds[r.kind] ??= []).push(r);
	return Object.fromEntries(Object.entries(kinds).map(([k, rs]) => [k, latency(rs)]));
}

module.exports = {
	inboundText,
	messageStatus,
	mailgunEvent,
	sendgridEvent,
	interleave,
	send,
	fire,
	pollInbox,
	latency,
	byKind,
};
