// A Slack Web API server on loopback: POST methods under /api/, Bearer tokens, `ok`/`error` replies.
const http = require('node:http');

class SlackDouble {
	constructor({ botToken = 'xoxb-test-bot', userToken = 'xoxp-test-user' } = {}) {
		this.tokens = { [botToken]: { user_id: 'UBOT', user: 'aesthetix' }, [userToken]: { user_id: 'UOWNER', user: 'olivia' } };
		this.server = http.createServer((req, res) => this.handle(req, res));
	}

	reply(res, body, status = 200) {
		res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
		res.end(JSON.stringify(body));
	}

	handle(req, res) {
		const method = (req.url.match(/^\/api\/([a-zA-Z.]+)/) || [])[1];
		const token = (req.headers.authorization || '').replace(/^Bearer /, '');
		req.resume();
		if (!method) return this.reply(res, { ok: false, error: 'unknown_method' }, 404);
		const identity = this.tokens[token];
		if (!identity) return this.reply(res, { ok: false, error: token ? 'invalid_auth' : 'not_authed' });
		if (method === 'auth.test') {
			return this.reply(res, { ok: true, url: 'https://glow.slack.test/', team: 'Glow Med Spa', team_id: 'T0001', ...identity });
		}
		return this.reply(res, { ok: false, error: 'unknown_method' });
	}

	async start(port = 0) {
		await new Promise((resolve) => this.server.listen(port, '127.0.0.1', resolve));
		this.port = this.server.address().port;
		this.apiUrl = `http://127.0.0.1:${this.port}/api/`;
		return this;
	}

	async stop() {
		await new Promise((resolve) => this.server.close(resolve));
	}
}

module.exports = { SlackDouble };
