// Preloaded into an n8n process by the endpoint benchmark (`node --require <this file> n8n ...`):
// counts the workspace store's statements and the time they take, on both stores, without touching
// the package. SQLite: every statement of `node:sqlite` (n8n's own database uses another driver).
// PostgreSQL: queries made through the `pg` the package loads (n8n's own `pg` is left alone). The
// totals go to BENCH_STATEMENTS_FILE once a second (more often cost the serving process measurable
// CPU under load), for the benchmark to read between phases.
const fs = require('node:fs');
const Module = require('node:module');
const { performance } = require('node:perf_hooks');

const file = process.env.BENCH_STATEMENTS_FILE;
const totals = { statements: 0, ms: 0, transactions: 0 };
let written = -1;

function count(started) {
	totals.statements += 1;
	totals.ms += performance.now() - started;
}

function timed(fn) {
	return function (...args) {
		const started = performance.now();
		try {
			return fn.apply(this, args);
		} finally {
			count(started);
		}
	};
}

const sqlite = process.getBuiltinModule('node:sqlite');
for (const method of ['run', 'get', 'all', 'iterate']) {
	const original = sqlite.StatementSync.prototype[method];
	sqlite.StatementSync.prototype[method] = timed(original);
}
const exec = sqlite.DatabaseSync.prototype.exec;
sqlite.DatabaseSync.prototype.exec = function (sql) {
	if (/^\s*BEGIN/i.test(sql)) totals.transactions += 1;
	return timed(exec).call(this, sql);
};

const patched = new WeakSet();
function patchPg(pg) {
	const Client = pg && pg.Client;
	if (!Client || patched.has(Client)) return;
	patched.add(Client);
	const query = Client.prototype.query;
	Client.prototype.query = function (...args) {
		const started = performance.now();
		const text = typeof args[0] === 'string' ? args[0] : (args[0] && args[0].text) || '';
		if (/^\s*BEGIN/i.test(text)) totals.transactions += 1;
		const last = args.length - 1;
		if (typeof args[last] === 'function') {
			const callback = args[last];
			args[last] = function (...result) {
				count(started);
				return callback.apply(this, result);
			};
			return query.apply(this, args);
		}
		const result = query.apply(this, args);
		if (result && typeof result.then === 'function')
			result.then(
				() => count(started),
				() => count(started),
			);
		return result;
	};
}

const load = Module._load;
Module._load = function (request, parent, ...rest) {
	const exported = load.call(this, request, parent, ...rest);
	if (request === 'pg' && parent && /n8n-nodes-aesthetix/.test(parent.filename || ''))
		patchPg(exported);
	return exported;
};

if (file) {
	const flush = () => {
		const line = JSON.stringify(totals);
		if (line === written) return;
		written = line;
		fs.writeFileSync(`${file}.tmp`, line);
		fs.renameSync(`${file}.tmp`, file);
	};
	setInterval(flush, 1000).unref();
	process.on('exit', flush);
}
