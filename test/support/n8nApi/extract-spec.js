// Regenerates request-shapes.json from the OpenAPI descriptions n8n ships with its public API
// (`dist/public-api/v1/openapi.yml` of the installed n8n packages): the JSON Schemas of the request
// bodies the snapshots send, for n8n 2.41.1 and 1.123.81, so the n8n API double refuses what the
// real n8n would. Usage: node test/support/n8nApi/extract-spec.js (after both hosts are installed).
const fs = require('node:fs');
const path = require('node:path');
const { CACHE_ROOT } = require('../n8nHost');

const HOSTS = { '2.41.1': 'n8n-2.41.1', '1.123.81': 'n8n-1.123.81' };
const OPERATIONS = {
	createWorkflow: ['/workflows', 'post'],
	updateWorkflow: ['/workflows/{id}', 'put'],
	updateCredential: ['/credentials/{id}', 'patch'],
};

/** The request body schema with $refs inlined, examples dropped, and read-only members refused. */
function clean(schema, spec, seen = new Set()) {
	if (Array.isArray(schema)) return schema.map((s) => clean(s, spec, seen));
	if (!schema || typeof schema !== 'object') return schema;
	if (schema.$ref) {
		if (seen.has(schema.$ref)) return {};
		const target = schema.$ref
			.replace(/^#\//, '')
			.split('/')
			.reduce((at, key) => at[key], spec);
		return clean(target, spec, new Set([...seen, schema.$ref]));
	}
	const out = {};
	for (const [key, value] of Object.entries(schema)) {
		if (['example', 'examples', 'description', 'deprecated', 'writeOnly', 'default'].includes(key))
			continue;
		if (key === 'format') continue;
		if (key === 'properties') {
			out.properties = Object.fromEntries(
				Object.entries(value)
					// A read-only member must not be sent: with additionalProperties false, leaving it out
					// of the schema makes the double refuse it, as n8n's validator does.
					.filter(([, p]) => !p.readOnly)
					.map(([name, p]) => [name, clean(p, spec, seen)]),
			);
			continue;
		}
		out[key] = clean(value, spec, seen);
	}
	delete out.readOnly;
	// OpenAPI's `nullable` only qualifies a `type`; alone (`additionalProperties: { nullable: true }`) it allows anything.
	if (out.nullable && !out.type) delete out.nullable;
	return out;
}

function findOperation(spec, route, method) {
	const variants = [
		route,
		route.replace('{id}', '{workflowId}'),
		route.replace('{id}', '{credentialId}'),
	];
	for (const candidate of variants) {
		const op = spec.paths[candidate]?.[method];
		if (op) return op;
	}
	return undefined;
}

const shapes = { source: 'n8n public API v1 openapi.yml of the installed hosts', versions: {} };
for (const [version, folder] of Object.entries(HOSTS)) {
	const root = path.join(CACHE_ROOT, folder);
	const yamlPath = require.resolve('js-yaml', { paths: [path.join(root, 'node_modules', 'n8n')] });
	const yaml = require(yamlPath);
	const spec = yaml.load(
		fs.readFileSync(
			path.join(root, 'node_modules', 'n8n', 'dist', 'public-api', 'v1', 'openapi.yml'),
			'utf8',
		),
	);
	const operations = {};
	for (const [name, [route, method]] of Object.entries(OPERATIONS)) {
		const op = findOperation(spec, route, method);
		if (!op) continue;
		operations[name] = clean(op.requestBody.content['application/json'].schema, spec);
	}
	shapes.versions[version] = operations;
}
fs.writeFileSync(
	path.join(__dirname, 'request-shapes.json'),
	`${JSON.stringify(shapes, null, 2)}\n`,
);
process.stdout.write(
	`wrote ${Object.entries(shapes.versions)
		.map(([v, ops]) => `${v}: ${Object.keys(ops).join(', ')}`)
		.join('; ')}\n`,
);
