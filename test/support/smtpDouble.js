// A real SMTP server on loopback (smtp-server + mailparser) that keeps what it receives, can refuse
// chosen senders and recipients, can require a login, and can drop connections on purpose.
const http = require('node:http');
const { SMTPServer } = require('smtp-server');
const { simpleParser } = require('mailparser');
const { MessageWaiters } = require('./messageWaiters');

class SmtpDouble {
	/**
	 * `latencyMs` delays each reply that costs a round trip on a distant relay (the greeting, MAIL,
	 * RCPT and the end of DATA).
	 * @param {{ port?: number, user?: string, password?: string, httpPort?: number, latencyMs?: number }} [options]
	 */
	constructor(options = {}) {
		this.options = options;
		// Read at each reply, so a test can slow the server down for a while.
		const later = (cb) =>
			this.options.latencyMs
				? (...args) => setTimeout(() => cb(...args), this.options.latencyMs)
				: cb;
		// Mail transactions open at once (MAIL FROM to the end of DATA), and the most seen together.
		this.inFlight = 0;
		this.peakInFlight = 0;
		// Messages whose DATA is still being read: a client that dies after sending them still delivered them.
		this.reading = 0;
		const endTransaction = (session) => {
			if (!session.inTransaction) return;
			session.inTransaction = false;
			this.inFlight--;
		};
		this.messages = [];
		this.connections = 0;
		this.refusedRecipients = new Map();
		this.refusedSenders = new Map();
		this.dropping = false;
		this.holding = null;
		this.held = 0;
		this.arrivals = new MessageWaiters(() => this.messages);
		this.server = new SMTPServer({
			secure: false,
			disabledCommands: ['STARTTLS'],
			// No reverse DNS: this machine has no resolver to ask, and every connection would wait for it.
			disableReverseLookup: true,
			authOptional: !options.user,
			authMethods: ['PLAIN', 'LOGIN'],
			logger: false,
			size: 25 * 1024 * 1024,
			onConnect: (session, done) => {
				const cb = later(done);
				this.connections++;
				if (this.dropping) {
					const err = new Error('Service not available, closing transmission channel');
					err.responseCode = 421;
					return cb(err);
				}
				cb();
			},
			onAuth: (auth, session, cb) => {
				if (auth.username === options.user && auth.password === options.password)
					return cb(null, { user: auth.username });
				const err = new Error('Authentication credentials invalid');
				err.responseCode = 535;
				cb(err);
			},
			onMailFrom: async (address, session, done) => {
				const cb = later(done);
				if (!session.inTransaction) {
					session.inTransaction = true;
					this.peakInFlight = Math.max(this.peakInFlight, ++this.inFlight);
				}
				if (this.holding) {
					this.held++;
					await this.holding.promise;
				}
				const reason = this.refusedSenders.get(address.address.toLowerCase());
				if (reason) {
					const err = new Error(reason);
					err.responseCode = 550;
					return cb(err);
				}
				cb();
			},
			onRcptTo: (address, session, done) => {
				const cb = later(done);
				const key = address.address.toLowerCase();
				const refusal = this.refusedRecipients.get(key);
				if (refusal) {
					if (refusal.times !== undefined && --refusal.times <= 0)
						this.refusedRecipients.delete(key);
					const err = new Error(refusal.reason);
					err.responseCode = 550;
					return cb(err);
				}
				cb();
			},
			onClose: (session) => endTransaction(session),
			onData: (stream, session, done) => {
				const cb = later((...args) => {
					endTransaction(session);
					done(...args);
				});
				this.reading++;
				const chunks = [];
				stream.on('data', (chunk) => chunks.push(chunk));
				new Promise((resolve, reject) => {
					stream.once('end', resolve);
					stream.once('error', reject);
				})
					.then(() => simpleParser(Buffer.concat(chunks)))
					.then((parsed) => {
						const message = {
							/** The message exactly as it arrived, for signature checks. */
							raw: Buffer.concat(chunks),
							receivedAt: new Date().toISOString(),
							envelope: {
								from: session.envelope.mailFrom && session.envelope.mailFrom.address,
								to: session.envelope.rcptTo.map((r) => r.address),
							},
							from: parsed.from ? parsed.from.value[0] : null,
							to: parsed.to ? parsed.to.value.map((v) => v.address) : [],
							cc: parsed.cc ? parsed.cc.value.map((v) => v.address) : [],
							bccHeader: parsed.headers.has('bcc'),
							subject: parsed.subject,
							html: typeof parsed.html === 'string' ? parsed.html : '',
							text: parsed.text || '',
							messageId: parsed.messageId,
							/** Every header, lower-cased names (a Map, as mailparser gives it). */
							headers: parsed.headers,
							attachments: (parsed.attachments || []).map((a) => ({
								filename: a.filename,
								contentType: a.contentType,
								content: a.content,
							})),
						};
						this.messages.push(message);
						this.arrivals.notify();
						cb();
					})
					.catch(cb)
					.finally(() => this.reading--);
			},
		});
		this.server.on('error', () => undefined);
	}

	async start() {
		await new Promise((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(this.options.port ?? 0, '127.0.0.1', resolve);
		});
		this.port = this.server.server.address().port;
		if (this.options.httpPort !== undefined) await this.startViewer(this.options.httpPort);
		return this;
	}

	/** A page listing what arrived, for people trying the package with `npm start`. */
	async startViewer(port) {
		this.viewer = http.createServer((req, res) => {
			if (req.url.startsWith('/messages.json')) {
				res.setHeader('content-type', 'application/json');
				return res.end(
					JSON.stringify(
						this.messages.map((m) => ({
							...m,
							raw: undefined,
							attachments: m.attachments.map((a) => a.filename),
						})),
						null,
						2,
					),
				);
			}
			const esc = (s) =>
				String(s ?? '').replace(
					/[&<>"]/g,
					(c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c],
				);
			const rows = [...this.messages]
				.reverse()
				.map(
					(
						m,
					) => `<article><h3>${esc(m.subject)}</h3><p><b>From</b> ${esc(m.from && `${m.from.name} <${m.from.address}>`)}
					<b>To</b> ${esc(m.envelope.to.join(', '))} <small>${esc(m.receivedAt)}</small></p>
					<iframe sandbox srcdoc="${esc(m.html || `<pre>${esc(m.text)}</pre>`)}"></iframe></article>`,
				)
				.join('');
			res.setHeader('content-type', 'text/html; charset=utf-8');
			res.end(`<!doctype html><meta charset="utf-8"><title>Local mailbox</title>
			<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto}iframe{width:100%;height:14rem;border:1px solid #ccc}</style>
			<h1>Local mailbox (SMTP 127.0.0.1:${this.port})</h1>${rows || '<p>No email yet.</p>'}`);
		});
		await new Promise((resolve) => this.viewer.listen(port, '127.0.0.1', resolve));
		this.viewerPort = this.viewer.address().port;
	}

	/**
	 * Resolves once no mail transaction is open and no message is being read: after its client was
	 * killed, everything it had handed over has landed in `messages`.
	 */
	async settled(timeoutMs = 15_000) {
		const deadline = Date.now() + timeoutMs;
		while (this.inFlight > 0 || this.reading > 0) {
			if (Date.now() > deadline)
				throw new Error(`${this.inFlight} SMTP transactions still open after ${timeoutMs} ms`);
			await new Promise((r) => setTimeout(r, 50));
		}
	}

	/** Refuses RCPT TO for the address, forever or for the next `times` attempts. */
	refuseRecipient(address, reason = '5.1.1 Mailbox does not exist', times = undefined) {
		this.refusedRecipients.set(address.toLowerCase(), { reason, times });
	}

	refuseSender(address, reason = '5.7.1 Sender address rejected: not owned by user') {
		this.refusedSenders.set(address.toLowerCase(), reason);
	}

	/**
	 * Leaves every MAIL FROM unanswered until `release()`: senders are then mid-send with nothing
	 * delivered, the moment to kill one. `held` counts the sends waiting.
	 */
	hold() {
		let release;
		const promise = new Promise((resolve) => (release = resolve));
		this.holding = { promise, release };
		this.held = 0;
	}

	release() {
		this.holding?.release();
		this.holding = null;
	}

	/** New connections are turned away with 421 until `dropConnections(false)`. */
	dropConnections(on = true) {
		this.dropping = on;
	}

	reset() {
		this.messages = [];
		this.connections = 0;
		this.peakInFlight = this.inFlight;
		this.refusedRecipients.clear();
		this.refusedSenders.clear();
		this.dropping = false;
	}

	waitForMessages(count, timeoutMs = 15_000) {
		return this.arrivals.waitFor(count, timeoutMs, 'emails');
	}

	async stop() {
		await new Promise((resolve) => this.server.close(resolve));
		if (this.viewer) await new Promise((resolve) => this.viewer.close(resolve));
	}
}

module.exports = { SmtpDouble };
