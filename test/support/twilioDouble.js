// A Twilio-compatible REST server on loopback that the real credential test (and the twilio SDK)
// can talk to: HTTP Basic auth with the Account SID and Auth Token, or an API key and secret.
const http = require('node:http');

class TwilioDouble {
	constructor({ accountSid = 'AC' + '1'.repeat(32), authToken = 'twilio-test-token', apiKeys = {} } = {}) {
		this.accountSid = accountSid;
		this.authToken = authToken;
		this.apiKeys = apiKeys;
		this.requests = [];
		this.server = http.createServer((req, res) => this.handle(req, res));
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

	handle(req, res) {
		this.requests.push({ method: req.method, url: req.url });
		if (!this.authorized(req)) {
			return this.send(res, 401, { code: 20003, message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 });
		}
		const account = req.url.match(/^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})\.json$/i);
		if (req.method === 'GET' && account) {
			if (account[1] !== this.accountSid) return this.send(res, 404, { code: 20404, message: 'The requested resource was not found', status: 404 });
			return this.send(res, 200, { sid: this.accountSid, friendly_name: 'Glow Med Spa', status: 'active', type: 'Full' });
		}
		return this.send(res, 404, { code: 20404, message: 'The requested resource was not found', status: 404 });
	}

	async start(port = 0) {
		await new Promise((resolve) => this.server.listen(port, '127.0.0.1', resolve));
		this.port = this.server.address().port;
		this.baseUrl = `http://127.0.0.1:${this.port}`;
		return this;
	}

	async stop() {
		await new Promise((resolve) => this.server.close(resolve));
	}
}

module.exports = { TwilioDouble };
