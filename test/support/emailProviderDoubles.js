// Mailgun and SendGrid as the workspace endpoint meets them: each reads what arrived at the SMTP
// double the way the provider reads what it relays (Message-ID, X-Mailgun-Variables, X-SMTPAPI),
// and posts the events and inbound replies the provider would, signed by the provider's published
// scheme (Mailgun: hex HMAC-SHA256 of timestamp+token; SendGrid: ECDSA P-256 over timestamp+body).
/* global FormData */
const { createHmac, generateKeyPairSync, randomBytes, sign } = require('node:crypto');

const header = (message, name) => {
	const value = message.headers && message.headers.get(name.toLowerCase());
	return typeof value === 'string' ? value : undefined;
};

class MailgunDouble {
	constructor(signingKey = `mg-signing-${randomBytes(8).toString('hex')}`) {
		this.signingKey = signingKey;
	}

	/** Mailgun's `signature` object; `key` lets a test forge one, `timestamp` (Unix seconds) age it. */
	signature(key = this.signingKey, timestamp = String(Math.floor(Date.now() / 1000))) {
		const token = randomBytes(25).toString('hex');
		return {
			timestamp,
			token,
			signature: createHmac('sha256', key)
				.update(timestamp + token)
				.digest('hex'),
		};
	}

	/** The webhook body Mailgun posts for one event of a relayed message, to one of its recipients. */
	event(
		message,
		event,
		{ recipient = message.to[0], id = randomBytes(11).toString('base64url'), ...extra } = {},
	) {
		return {
			'event-data': {
				event,
				id,
				timestamp: Date.now() / 1000,
				recipient,
				// Mailgun reports the Message-ID without its angle brackets.
				message: {
					headers: {
						'message-id': String(message.messageId).replace(/^<|>$/g, ''),
						to: message.to.join(', '),
						subject: message.subject,
					},
				},
				'user-variables': JSON.parse(header(message, 'x-mailgun-variables') || '{}'),
				tags: [],
				...extra,
			},
		};
	}

	post(url, body, key) {
		return fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ signature: this.signature(key), ...body }),
		});
	}

	/** A route's `forward()`: the reply as multipart fields, every MIME header a field of its own. */
	forwardReply(url, { from, to, subject, text, messageId, inReplyTo, references }, key, timestamp) {
		const form = new FormData();
		const fields = {
			recipient: to,
			sender: from,
			from,
			subject,
			'body-plain': text,
			'stripped-text': text,
			'Message-Id': messageId,
			'In-Reply-To': inReplyTo,
			References: references,
			...this.signature(key, timestamp),
		};
		for (const [name, value] of Object.entries(fields))
			if (value !== undefined) form.append(name, value);
		return fetch(url, { method: 'POST', body: form });
	}
}

class SendGridDouble {
	constructor() {
		const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
		this.privateKey = privateKey;
		/** What SendGrid shows as the Signed Event Webhook's verification key. */
		this.verificationKey = publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
	}

	/** One event as the Event Webhook lists it: unique_args from X-SMTPAPI become top-level keys. */
	event(
		message,
		event,
		{ email = message.to[0], sg_event_id = randomBytes(16).toString('base64url'), ...extra } = {},
	) {
		const smtpapi = JSON.parse(header(message, 'x-smtpapi') || '{}');
		return {
			...(smtpapi.unique_args || {}),
			email,
			timestamp: Math.floor(Date.now() / 1000),
			event,
			'smtp-id': message.messageId,
			sg_event_id,
			sg_message_id: `${randomBytes(11).toString('base64url')}.filter0001.1-1-0`,
			...extra,
		};
	}

	/** A batch as SendGrid posts it, signed over timestamp + the exact body bytes (batches end in CRLF). */
	signed(
		events,
		{ privateKey = this.privateKey, timestamp = String(Math.floor(Date.now() / 1000)) } = {},
	) {
		const body = `${JSON.stringify(events)}\r\n`;
		const signature = sign(
			'sha256',
			Buffer.concat([Buffer.from(timestamp), Buffer.from(body)]),
			privateKey,
		).toString('base64');
		return {
			headers: {
				'content-type': 'application/json',
				'x-twilio-email-event-webhook-signature': signature,
				'x-twilio-email-event-webhook-timestamp': timestamp,
			},
			body,
		};
	}

	/** Posts a batch, signed as `signed` signs it. */
	post(url, events, options) {
		return fetch(url, { method: 'POST', ...this.signed(events, options) });
	}

	/** Inbound Parse: multipart, the headers as one raw block. */
	parseReply(url, { from, to, subject, text, messageId, inReplyTo, references }) {
		const form = new FormData();
		const headers = [
			`From: ${from}`,
			`To: ${to}`,
			`Subject: ${subject}`,
			`Message-ID: ${messageId}`,
			inReplyTo && `In-Reply-To: ${inReplyTo}`,
			references && `References: ${references}`,
		]
			.filter(Boolean)
			.join('\r\n');
		const fields = {
			headers: `${headers}\r\n`,
			from,
			to,
			subject,
			text,
			envelope: JSON.stringify({ to: [to], from }),
			charsets: '{}',
			SPF: 'pass',
		};
		for (const [name, value] of Object.entries(fields)) form.append(name, value);
		return fetch(url, { method: 'POST', body: form });
	}
}

module.exports = { MailgunDouble, SendGridDouble };
