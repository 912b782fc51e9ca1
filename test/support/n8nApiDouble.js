// A loopback stand-in for n8n's public REST API (v1, `X-N8N-API-KEY`), for tests of the snapshot
// logic that need no n8n host. It keeps workflows and credentials in memory, answers as n8n 2.41.1
// or 1.123.81 does (1.x cannot list or update credentials, archives nothing and refuses unknown query
// parameters), and checks every request body against the JSON Schema that version's own openapi.yml
// gives (request-shapes.json, from n8nApi/extract-spec.js), refusing with 400 what n8n would refuse.
const http = require('node:http');
const { randomBytes } = require('node:crypto');
const Ajv = require('ajv');
const shapes = require('./n8nApi/request-shapes.json');

const id = () => randomBytes(8).toString('base64url').replace(/[-_]/g, 'x').slice(0, 16);

class N8nApiDouble {
	/** @param {{ version?: '2.41.1' | '1.123.81', apiKey?: string }} options */
	constructor({ version = '2.41.1', apiKey = 'n8n-api-key-for-tests' } = {}) {
		this.version = version;
		this.apiKey = apiKey;
		this.modern = !version.startsWith('1.');
		this.workflows = new Map();
		this.credentials = new Map();
		/** Every request: method, path, query and body, for tests to read. */
		this.requests = [];
		this.faults = [];
		const ajv = new Ajv({ strict: false, allErrors: true });
		this.validators = Object.fromEntries(
			Object.entries(shapes.versions[version]).map(([op, schema]) => [op, ajv.compile(schema)]),
		);
	}

	async start() {
		this.server = http.createServer((req, res) => this.handle(req, res));
		await new Promise((resolve) => this.server.listen(0, '127.0.0.1', resolve));
		this.port = this.server.address().port;
		this.baseUrl = `http://127.0.0.1:${this.port}`;
		return this;
	}

	async stop() {
		await new Promise((resolve) => this.server.close(resolve));
	}

	/** The next request matching `method` and `path` (a RegExp) gets `status` instead of its answer. */
	failNext(method, path, status = 500, message = 'Internal Server Error') {
		this.faults.push({ method, path, status, message });
	}

	addCredential({ name, type, data = {} }) {
		const credential = { id: id(), name, type, data };
		this.credentials.set(credential.id, credential);
		return { id: credential.id, name, type };
	}

	/** A workflow as if made in the editor: ids and webhook ids as n8n gives them. */
	addWorkflow(workflow) {
		const stored = {
			...workflow,
			id: workflow.id ?? id(),
			active: workflow.active ?? false,
			isArchived: false,
			settings: workflow.settings ?? {},
			createdAt: new Date().toISOString(),
			updatedAt: new Date().toISOString(),
			versionId: id(),
		};
		this.workflows.set(stored.id, stored);
		return stored;
	}

	handle(req, res) {
		let raw = '';
		req.on('data', (chunk) => (raw += chunk));
		req.on('end', () => {
			const url = new URL(req.url, 'http://double');
			const body = raw ? JSON.parse(raw) : undefined;
			this.requests.push({
				method: req.method,
				path: url.pathname.replace(/^\/api\/v1/, ''),
				query: Object.fromEntries(url.searchParams),
				body,
			});
			const send = (status, json) => {
				res.writeHead(status, { 'content-type': 'application/json' });
				res.end(JSON.stringify(json));
			};
			if (req.headers['x-n8n-api-key'] !== this.apiKey)
				return send(401, { message: 'unauthorized' });
			const path = url.pathname.replace(/^\/api\/v1/, '');
			const fault = this.faults.findIndex((f) => f.method === req.method && f.path.test(path));
			if (fault >= 0) {
				const [f] = this.faults.splice(fault, 1);
				return send(f.status, { message: f.message });
			}
			try {
				const [status, json] = this.route(req.method, path, url.searchParams, body);
				send(status, json);
			} catch (error) {
				send(500, { message: error.message });
			}
		});
	}

	check(operation, body) {
		const validate = this.validators[operation];
		if (validate && !validate(body)) {
			const first = validate.errors[0];
			return [400, { message: `request/body${first.instancePath} ${first.message}` }];
		}
		return undefined;
	}

	route(method, path, query, body) {
		let m;
		if (method === 'GET' && path === '/workflows')
			return this.list([...this.workflows.values()], query);
		if ((m = /^\/workflows\/([^/]+)$/.exec(path))) {
			const workflow = this.workflows.get(m[1]);
			if (method === 'GET') return workflow ? [200, workflow] : [404, { message: 'Not Found' }];
			if (method === 'PUT') {
				if (!this.modern && query.has('publishIfActive'))
					return [400, { message: "Unknown query parameter 'publishIfActive'" }];
				if (!workflow) return [404, { message: 'Not Found' }];
				const refused = this.check('updateWorkflow', body);
				if (refused) return refused;
				Object.assign(workflow, body, { updatedAt: new Date().toISOString(), versionId: id() });
				return [200, workflow];
			}
			if (method === 'DELETE') {
				if (!workflow) return [404, { message: 'Not Found' }];
				this.workflows.delete(m[1]);
				return [200, workflow];
			}
		}
		if (method === 'POST' && path === '/workflows') {
			const refused = this.check('createWorkflow', body);
			if (refused) return refused;
			return [200, this.addWorkflow({ ...body, id: undefined, active: false })];
		}
		if (method === 'POST' && (m = /^\/workflows\/([^/]+)\/([a-z]+)$/.exec(path))) {
			const workflow = this.workflows.get(m[1]);
			const actions = this.modern
				? {
						archive: { isArchived: true, active: false },
						unarchive: { isArchived: false },
						publish: { active: true },
						unpublish: { active: false },
						activate: { active: true },
						deactivate: { active: false },
					}
				: { activate: { active: true }, deactivate: { active: false } };
			if (!actions[m[2]]) return [404, { message: 'not found' }];
			if (!workflow) return [404, { message: 'Not Found' }];
			Object.assign(workflow, actions[m[2]]);
			return [200, workflow];
		}
		if (path === '/credentials' && method === 'GET') {
			if (!this.modern) return [405, { message: 'method not allowed' }];
			return this.list(
				[...this.credentials.values()].map(({ id: cid, name, type }) => ({ id: cid, name, type })),
				query,
			);
		}
		if ((m = /^\/credentials\/([^/]+)$/.exec(path)) && method === 'PATCH') {
			if (!this.modern) return [405, { message: 'method not allowed' }];
			const refused = this.check('updateCredential', body);
			if (refused) return refused;
			const credential = this.credentials.get(m[1]);
			if (!credential) return [404, { message: 'Credential not found' }];
			credential.data = body.isPartialData ? { ...credential.data, ...body.data } : body.data;
			return [200, { id: credential.id, name: credential.name, type: credential.type }];
		}
		return [404, { message: 'not found' }];
	}

	/** n8n's cursor pages: `limit` items, and an opaque cursor for the next page. */
	list(all, query) {
		const limit = Number(query.get('limit') ?? 100);
		const offset = query.get('cursor') ? Number(Buffer.from(query.get('cursor'), 'base64url')) : 0;
		const data = all.slice(offset, offset + limit);
		const next =
			offset + limit < all.length
				? Buffer.from(String(offset + limit)).toString('base64url')
				: null;
		return [200, { data, nextCursor: next }];
	}
}

module.exports = { N8nApiDouble };
