// A Slack Web API server on loopback that the real @slack/web-api client talks to: POST methods under
// /api/, Bearer tokens, HTTP 200 with `ok`/`error`, cursor paging, 429 with Retry-After on demand,
// and a workspace of 2,500 users and 1,500 channels, some named things live past the first 1,000.
const http = require('node:http');
const { MessageWaiters } = require('./messageWaiters');

const pad = (n, width = 4) => String(n).padStart(width, '0');

function readBody(req) {
	return new Promise((resolve) => {
		let raw = '';
		req.setEncoding('utf8');
		req.on('data', (c) => (raw += c));
		req.on('end', () => {
			if ((req.headers['content-type'] || '').includes('application/json'))
				return resolve(raw ? JSON.parse(raw) : {});
			resolve(Object.fromEntries(new URLSearchParams(raw)));
		});
	});
}

class SlackDouble {
	constructor({
		botToken = 'xoxb-test-bot',
		userToken = 'xoxp-test-user',
		users = 2500,
		channels = 1500,
	} = {}) {
		this.botToken = botToken;
		this.userToken = userToken;
		this.tokens = {
			[botToken]: { kind: 'bot', user_id: 'UBOT0001', user: 'aesthetix' },
			[userToken]: { kind: 'user', user_id: 'UOWNER001', user: 'olivia' },
		};
		this.users = [
			{
				id: 'UOWNER001',
				name: 'olivia',
				real_name: 'Olivia Owner',
				profile: { email: 'owner@glowmedspa.test', real_name: 'Olivia Owner' },
			},
		];
		for (let i = 1; i <= users; i++) {
			this.users.push({
				id: `U${pad(i, 7)}`,
				name: `member${pad(i)}`,
				real_name: `Member ${pad(i)}`,
				profile: { email: `member${pad(i)}@glowmedspa.test` },
			});
		}
		// People the tests look for: one early, one far past the first 1,000.
		this.users[5] = {
			id: 'UMAYA0001',
			name: 'maya',
			real_name: 'Maya Lopez',
			profile: { email: 'maya@glowmedspa.test', real_name: 'Maya Lopez' },
		};
		this.users[2200] = {
			id: 'UZARA0001',
			name: 'zara',
			real_name: 'Zara Quinn',
			profile: { email: 'zara@glowmedspa.test', real_name: 'Zara Quinn' },
		};
		this.channels = [];
		for (let i = 1; i <= channels; i++) {
			this.channels.push({
				id: `C${pad(i, 7)}`,
				name: `channel-${pad(i)}`,
				is_private: false,
				members: ['UBOT0001', 'UOWNER001'],
			});
		}
		this.channels[1200] = {
			id: 'CFRONTDESK',
			name: 'front-desk',
			is_private: false,
			members: ['UBOT0001', 'UOWNER001'],
		};
		this.channels[1300] = {
			id: 'CNOBOT0001',
			name: 'no-bot-here',
			is_private: false,
			members: ['UOWNER001'],
		};
		this.channels.push({
			id: 'GVIPLEADS1',
			name: 'vip-leads',
			is_private: true,
			members: ['UOWNER001'],
		});
		this.channels.push({
			id: 'GSECRET001',
			name: 'secret-elsewhere',
			is_private: true,
			members: ['UMAYA0001'],
		});
		this.posts = [];
		this.calls = [];
		this.rateLimits = new Map();
		this.arrivals = new MessageWaiters(() => this.posts);
		this.server = http.createServer((req, res) =>
			this.handle(req, res).catch((e) => this.reply(res, { ok: false, error: e.message }, 500)),
		);
	}

	reply(res, body, status = 200, headers = {}) {
		res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
		res.end(JSON.stringify(body));
	}

	/** The next `times` calls of a method get 429 with Retry-After. */
	rateLimit(method, retryAfterSeconds = 1, times = 1) {
		this.rateLimits.set(method, { retryAfterSeconds, times });
	}

	page(list, args, map) {
		const limit = Math.min(Number(args.limit || 100), 1000);
		const start = args.cursor
			? Number(Buffer.from(String(args.cursor), 'base64').toString().replace('offset:', ''))
			: 0;
		const slice = list.slice(start, start + limit);
		const next =
			start + limit < list.length ? Buffer.from(`offset:${start + limit}`).toString('base64') : '';
		return { ok: true, ...map(slice), response_metadata: { next_cursor: next } };
	}

	/** For people trying `npm start`: what was posted, where, and as whom. */
	viewer(res) {
		const esc = (v) =>
			String(v ?? '').replace(
				/[&<>"]/g,
				(c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c],
			);
		const rows = [...this.posts]
			.reverse()
			.map(
				(p) =>
					`<tr><td>${esc(p.channelName ? `#${p.channelName}` : `@${p.user}`)}</td><td>${esc(p.as)}</td><td>${esc(p.text)}</td></tr>`,
			);
		res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
		res.end(`<!doctype html><meta charset="utf-8"><title>Local Slack</title><style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto}td{border-bottom:1px solid #ddd;padding:.3rem}</style>
			<h1>Messages posted to the local Slack double</h1><table><tr><th>Where</th><th>As</th><th>Message</th></tr>${rows.join('') || '<tr><td colspan=3>Nothing yet.</td></tr>'}</table>`);
	}

	async handle(req, res) {
		// Like the other doubles' /messages.json and /texts.json: what was posted, for scripts and tests.
		if (req.url.startsWith('/posts.json')) return this.reply(res, this.posts);
		if (req.url.startsWith('/posts')) return this.viewer(res);
		const method = (req.url.match(/^\/api\/([a-zA-Z.]+)/) || [])[1];
		const args = await readBody(req);
		const token = (req.headers.authorization || '').replace(/^Bearer /, '') || args.token;
		this.calls.push({ method, args, token });
		if (!method) return this.reply(res, { ok: false, error: 'unknown_method' }, 404);
		const limited = this.rateLimits.get(method);
		if (limited && limited.times > 0) {
			limited.times--;
			return this.reply(res, { ok: false, error: 'ratelimited' }, 429, {
				'retry-after': String(limited.retryAfterSeconds),
			});
		}
		const identity = this.tokens[token];
		if (!identity)
			return this.reply(res, { ok: false, error: token ? 'invalid_auth' : 'not_authed' });
		switch (method) {
			case 'auth.test':
				return this.reply(res, {
					ok: true,
					url: 'https://glow.slack.test/',
					team: 'Glow Med Spa',
					team_id: 'T0001',
					user: identity.user,
					user_id: identity.user_id,
				});
			case 'users.list':
				return this.reply(
					res,
					this.page(this.users, args, (members) => ({ members })),
				);
			case 'users.lookupByEmail': {
				const user = this.users.find((u) => u.profile.email === String(args.email).toLowerCase());
				return this.reply(res, user ? { ok: true, user } : { ok: false, error: 'users_not_found' });
			}
			case 'conversations.list': {
				const types = String(args.types || 'public_channel').split(',');
				const visible = this.channels.filter(
					(c) =>
						types.includes(c.is_private ? 'private_channel' : 'public_channel') &&
						(!c.is_private || c.members.includes(identity.user_id)),
				);
				return this.reply(
					res,
					this.page(visible, args, (channels) => ({
						channels: channels.map(({ members, ...c }) => ({
							...c,
							is_member: members.includes(identity.user_id),
						})),
					})),
				);
			}
			case 'conversations.open': {
				const user = this.users.find((u) => u.id === args.users);
				if (!user) return this.reply(res, { ok: false, error: 'user_not_found' });
				return this.reply(res, { ok: true, channel: { id: `D${user.id.slice(1)}` } });
			}
			case 'chat.postMessage': {
				const channel = String(args.channel);
				if (channel.startsWith('D')) {
					const user = this.users.find((u) => u.id === `U${channel.slice(1)}`);
					if (!user || identity.kind !== 'bot')
						return this.reply(res, { ok: false, error: 'channel_not_found' });
					return this.posted(res, { channel, user: user.id, text: args.text, as: identity.kind });
				}
				const target = this.channels.find((c) => c.id === channel);
				if (!target || (target.is_private && !target.members.includes(identity.user_id)))
					return this.reply(res, { ok: false, error: 'channel_not_found' });
				if (!target.members.includes(identity.user_id))
					return this.reply(res, { ok: false, error: 'not_in_channel' });
				return this.posted(res, {
					channel,
					channelName: target.name,
					text: args.text,
					as: identity.kind,
					postedBy: identity.user_id,
				});
			}
			default:
				return this.reply(res, { ok: false, error: 'unknown_method' });
		}
	}

	posted(res, post) {
		const ts = `${Math.floor(Date.now() / 1000)}.${String(this.posts.length + 1).padStart(6, '0')}`;
		this.posts.push({ ...post, ts });
		this.arrivals.notify();
		return this.reply(res, {
			ok: true,
			channel: post.channel,
			ts,
			message: { text: post.text, ts },
		});
	}

	waitForPosts(count, timeoutMs = 15_000) {
		return this.arrivals.waitFor(count, timeoutMs, 'Slack messages');
	}

	reset() {
		this.posts.length = 0;
		this.calls = [];
		this.rateLimits.clear();
	}

	async start(port = 0) {
		await new Promise((resolve) => this.server.listen(port, '127.0.0.1', resolve));
		this.port = this.server.address().port;
		this.apiUrl = `http://127.0.0.1:${this.port}/api/`;
		return this;
	}

	async stop() {
		this.server.closeAllConnections?.();
		await new Promise((resolve) => this.server.close(resolve));
	}
}

module.exports = { SlackDouble };
