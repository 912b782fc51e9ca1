// Fifty clinics on one n8n in queue mode: a main, a webhook process and a worker (n8n 2.41.1, this
// package from its tarball), Redis, and one PostgreSQL cluster holding n8n's database and one
// `aesthetix` database in which every clinic's workspace has its own schema. Each clinic has its
// Workspace Endpoint, its Twilio number and a booking workflow (confirmation email, then reminder
// text) behind the webhook process. The SMTP double takes BENCH_SMTP_LATENCY_MS (20) per round trip
// and the Twilio double BENCH_TWILIO_LATENCY_MS (50) per request, and reports every text delivered
// through the clinic's endpoint, as Twilio does.
//
// Measured: the answer time of a signed Twilio callback at one clinic and at fifty; n8n's memory
// with one clinic and with fifty; a burst of BENCH_BOOKINGS (20) bookings per clinic, with the
// email rate across all clinics and the peak of PostgreSQL connections (pg_stat_activity) against
// the bound the pools allow; STOP replies to a tenth of the numbers; then a check that every email
// and text went out once, from the right clinic, and every STOP opted out in its own clinic only.
// BENCH_BOOKINGS_PER_REQUEST (1) sends a clinic's bookings in batches of that many per request.
// BENCH_N8N_DB_POOL_SIZE sets n8n's own pool to its database in each process (10; n8n's default, 2);
// BENCH_EXPRESSION_ISOLATES (lazy or eager) n8n's expression isolates, see hostSettings.js;
// BENCH_CPU_PROF=1 profiles the webhook process and the worker during the burst;
// BENCH_PG_STATEMENTS=1 counts the statements each database ran during it.
// The machine may be shared: the load average and the CPU our processes used are reported beside.
// A benchmark, not a test: it prints and writes test-artifacts/bench/agency.json.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Client } = require('pg');
const { N8nHost, ensureN8nInstalled, packPackage, PROJECT_ROOT } = require('../support/n8nHost');
const { SmtpDouble } = require('../support/smtpDouble');
const { TwilioDouble } = require('../support/twilioDouble');
const { startPostgres } = require('../support/postgres');
const { startRedis } = require('../support/redis');
const { untilRegistered, twilioCredential } = require('../support/stack');
const { ISOLATES, PASSED_ON, hostSettings } = require('./hostSettings');
const { Profiler } = require('./endpoint/profiler');
const profileSummary = require('./profile-summary');
const { queueModeEnv, workerEnv } = require('../support/queueMode');

const env = (name, fallback) => Number(process.env[name] || fallback);
const CLINICS = env('BENCH_CLINICS', 50);
const BOOKINGS = env('BENCH_BOOKINGS', 20);
/**
 * How many of a clinic's bookings one request to its booking workflow carries: 1 (a booking system
 * calling at each booking, one n8n execution per booking), or up to BENCH_BOOKINGS (the system
 * sending its bookings in batches, one execution of many items per batch, split into one item per
 * booking by n8n's Split Out node).
 */
const PER_REQUEST = Math.min(env('BENCH_BOOKINGS_PER_REQUEST', 1), BOOKINGS);
const SMTP_LATENCY_MS = env('BENCH_SMTP_LATENCY_MS', 20);
const TWILIO_LATENCY_MS = env('BENCH_TWILIO_LATENCY_MS', 50);
const IN_FLIGHT = env('BENCH_IN_FLIGHT', 50);
const WORKER_CONCURRENCY = env('BENCH_WORKER_CONCURRENCY', 20);
const POOL_SIZE = env('AESTHETIX_PG_POOL_SIZE', 10);
const N8N_DB_POOL_SIZE = env('BENCH_N8N_DB_POOL_SIZE', 10);
/** BENCH_CPU_PROF=1: a CPU profile of the webhook process and the worker during the burst. */
const PROFILE = process.env.BENCH_CPU_PROF === '1';
/** BENCH_PG_STATEMENTS=1: the statements each database ran most often during the burst (pg_stat_statements). */
const STATEMENTS = process.env.BENCH_PG_STATEMENTS === '1';
const CALLBACKS = env('BENCH_CALLBACKS', 200);
const OFFSET = env('AESTHETIX_PORT_OFFSET', 0);
const PORT = Object.fromEntries(
	Object.entries({
		redis: 5900,
		pg: 5901,
		main: 5902,
		mainBroker: 5903,
		webhook: 5904,
		webhookBroker: 5905,
		worker: 5906,
		workerBroker: 5907,
		smtp: 5908,
		twilio: 5909,
		webhookInspector: 5910,
		workerInspector: 5911,
		mainInspector: 5912,
	}).map(([name, port]) => [name, port + OFFSET]),
);
const OUT = path.join(PROJECT_ROOT, 'test-artifacts', 'bench');
const ROOT = path.join(OUT, 'agency');
const log = (line) => process.stdout.write(`${line}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const pad = (n) => String(n).padStart(2, '0');
const clinic = (n) => ({
	n,
	name: `Clinic ${pad(n)}`,
	schema: `clinic_${pad(n)}`,
	path: `clinic-${pad(n)}`,
	number: `+1555010${String(n).padStart(4, '0')}`,
	from: `hello@clinic-${pad(n)}.test`,
	workspace: `benchWs${String(n).padStart(9, '0')}`,
	twilio: `benchTw${String(n).padStart(9, '0')}`,
});
const clinics = Array.from({ length: CLINICS }, (_, i) => clinic(i + 1));
/** The same patients' phones in every clinic, so a STOP must find its own clinic's contact. */
const phone = (i) => `+1555200${String(i).padStart(4, '0')}`;
const email = (c, i) => `patient${i}@${c.path}.example`;
/** Two numbers per clinic reply STOP (a tenth of 20), a different pair in each clinic. */
const stoppers = (c) => [(2 * c.n) % BOOKINGS, (2 * c.n + 1) % BOOKINGS];

function workflowsOf(c) {
	const workspace = { id: c.workspace, name: `${c.name} workspace` };
	const twilio = { id: c.twilio, name: `${c.name} Twilio` };
	const endpoint = {
		id: `benchEndpt${pad(c.n)}0000`,
		name: `${c.name}: endpoint`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: `endpoint-${c.n}`,
				name: 'Workspace Endpoint',
				type: 'n8n-nodes-aesthetix.workspaceEndpoint',
				// The version a user adding the node gets (its routes resolve without an isolate).
				typeVersion: 1.1,
				position: [0, 0],
				webhookId: `6b2d8e40-1a3c-4e5f-8d7b-0000000000${pad(c.n)}`,
				parameters: { path: c.path, emitEvents: false },
				credentials: { aesthetixWorkspaceApi: workspace, aesthetixTwilioApi: twilio },
			},
		],
		connections: {},
	};
	const booking = {
		id: `benchBook${pad(c.n)}00000`,
		name: `${c.name}: booking`,
		active: false,
		settings: { executionOrder: 'v1', saveDataSuccessExecution: 'none' },
		nodes: [
			{
				id: `booked-${c.n}`,
				name: 'Booked',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: `7c3e9f51-2b4d-4f6a-9e8c-0000000000${pad(c.n)}`,
				parameters: {
					httpMethod: 'POST',
					path: `${c.path}-booked`,
					responseMode: 'onReceived',
					options: {},
				},
			},
			{
				id: `email-${c.n}`,
				name: 'Booking Confirmation Email',
				type: 'n8n-nodes-aesthetix.sendEmail',
				typeVersion: 1,
				position: [200, 0],
				parameters: {
					contact: PER_REQUEST > 1 ? '={{ $json.contact }}' : '={{ $json.body.contact }}',
					fromName: '{{company.name}}',
					fromEmail: c.from,
					subject: 'Thanks for booking with us',
					message:
						'<p>Hi {{contact.first_name}},</p><p>Thanks for booking with {{company.name}}! See you {{appointment.start_time}}.</p>',
				},
				credentials: {
					aesthetixSmtpApi: { id: 'benchSmtp0000001', name: 'Bench SMTP' },
					aesthetixWorkspaceApi: workspace,
				},
			},
			{
				id: `sms-${c.n}`,
				name: 'Appointment Reminder SMS',
				type: 'n8n-nodes-aesthetix.sendSms',
				typeVersion: 1,
				position: [400, 0],
				parameters: {
					contact:
						PER_REQUEST > 1
							? "={{ $('Bookings').item.json.contact }}"
							: "={{ $('Booked').item.json.body.contact }}",
					message: 'Hi {{contact.first_name}}, {{company.name}} here: see you tomorrow.',
				},
				credentials: { aesthetixTwilioApi: twilio, aesthetixWorkspaceApi: workspace },
			},
		],
		connections: {
			Booked: { main: [[{ node: 'Booking Confirmation Email', type: 'main', index: 0 }]] },
			'Booking Confirmation Email': {
				main: [[{ node: 'Appointment Reminder SMS', type: 'main', index: 0 }]],
			},
		},
	};
	if (PER_REQUEST > 1) {
		booking.nodes.push({
			id: `split-${c.n}`,
			name: 'Bookings',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			position: [100, 100],
			parameters: { fieldToSplitOut: 'body.bookings', include: 'noOtherFields', options: {} },
		});
		booking.connections.Booked = { main: [[{ node: 'Bookings', type: 'main', index: 0 }]] };
		booking.connections.Bookings = {
			main: [[{ node: 'Booking Confirmation Email', type: 'main', index: 0 }]],
		};
	}
	return { endpoint, booking };
}

/**
 * What each database has done so far (pg_stat_database): committed transactions (a statement
 * outside a transaction is one) and rows read and written.
 */
async function databaseActivity(client) {
	const { rows } = await client.query(
		`SELECT datname, xact_commit, xact_rollback, tup_returned, tup_fetched, tup_inserted, tup_updated, tup_deleted
		   FROM pg_stat_database WHERE datname IN ('aesthetix', 'n8n')`,
	);
	return Object.fromEntries(rows.map((r) => [r.datname, r]));
}

/** Starts counting statements afresh in both databases (BENCH_PG_STATEMENTS). */
async function statementsReset(config) {
	for (const database of ['aesthetix', 'n8n']) {
		const client = new Client({ ...config, database });
		await client.connect();
		await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
		await client.query('SELECT pg_stat_statements_reset()');
		await client.end();
	}
}

/** The statements each database ran most often since statementsReset, logged and returned. */
async function statementsDuringBurst(config, log) {
	const client = new Client({ ...config, database: 'aesthetix' });
	await client.connect();
	// Each clinic's schema is one statement text of its own: counted together, by kind.
	const { rows } = await client.query(
		`SELECT database, calls, query FROM (
		   SELECT d.datname AS database, SUM(s.calls)::int AS calls, q.query,
		          ROW_NUMBER() OVER (PARTITION BY d.datname ORDER BY SUM(s.calls) DESC) AS rank
		     FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid,
		          LATERAL (SELECT regexp_replace(regexp_replace(left(s.query, 160), '\\s+', ' ', 'g'),
		                                         '"clinic_[0-9]+"', '"clinic_…"', 'g') AS query) q
		    WHERE d.datname IN ('aesthetix', 'n8n') GROUP BY d.datname, q.query) ranked
		  WHERE rank <= 20 ORDER BY database, calls DESC`,
	);
	await client.end();
	for (const database of ['aesthetix', 'n8n']) {
		const mine = rows.filter((r) => r.database === database);
		const calls = mine.reduce((n, r) => n + r.calls, 0);
		log(
			`  statements in ${database}, the ${mine.length} most frequent (${calls.toLocaleString('en-US')} calls):`,
		);
		for (const r of mine) log(`    ${String(r.calls).padStart(6)} ${r.query}`);
	}
	return rows;
}

function activitySince(before, after) {
	const delta = (db) => {
		const d = (k) => Number(after[db][k]) - Number(before[db][k]);
		return {
			transactions: d('xact_commit') + d('xact_rollback'),
			rowsRead: d('tup_returned') + d('tup_fetched'),
			rowsWritten: d('tup_inserted') + d('tup_updated') + d('tup_deleted'),
		};
	};
	return { aesthetix: delta('aesthetix'), n8n: delta('n8n') };
}

function credentialsFor(smtp, twilio, publicBaseUrl) {
	return [
		{
			id: 'benchSmtp0000001',
			name: 'Bench SMTP',
			type: 'aesthetixSmtpApi',
			data: {
				host: '127.0.0.1',
				port: smtp.port,
				secure: false,
				starttls: 'never',
				poolSize: 5,
				rateLimit: 0,
			},
		},
		...clinics.flatMap((c) => [
			{
				id: c.workspace,
				name: `${c.name} workspace`,
				type: 'aesthetixWorkspaceApi',
				data: {
					storeType: 'postgres',
					pgHost: '127.0.0.1',
					pgPort: PORT.pg,
					pgDatabase: 'aesthetix',
					pgUser: 'postgres',
					pgPassword: '',
					pgSslMode: 'disable',
					pgSchema: c.schema,
					companyName: c.name,
					timeZone: 'UTC',
					publicBaseUrl,
				},
			},
			// Unpaced, so the figure is the package's machinery rather than a configured rate.
			twilioCredential(
				twilio,
				{ id: c.twilio, name: `${c.name} Twilio` },
				{ fromNumber: c.number, messagesPerSecond: 0 },
			),
		]),
	];
}

/** Resident memory of a process, in MB. */
function rssMb(pid) {
	try {
		const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
		return match ? Number(match[1]) / 1024 : 0;
	} catch {
		return 0;
	}
}

/** CPU seconds a process and its children (the task runner) used so far. */
function cpuSeconds(pid) {
	try {
		const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
		const ticks = fields.slice(11, 15).reduce((sum, v) => sum + Number(v), 0);
		return ticks / 100;
	} catch {
		return 0;
	}
}

/** Busy CPU seconds of the whole machine so far, every process of every stream included. */
function machineCpuSeconds() {
	const [, ...values] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
	const [user, nice, system, , , irq, softirq, steal] = values.map(Number);
	return (user + nice + system + irq + softirq + steal) / 100;
}

const percentile = (sorted, p) =>
	sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
function latencies(ms) {
	const sorted = [...ms].sort((a, b) => a - b);
	return {
		count: sorted.length,
		p50: percentile(sorted, 0.5),
		p95: percentile(sorted, 0.95),
		p99: percentile(sorted, 0.99),
		max: sorted.at(-1),
	};
}

/** Runs `work` for each of `items` with `inFlight` at a time. */
async function inParallel(items, inFlight, work) {
	let next = 0;
	const lane = async () => {
		while (next < items.length) {
			const item = items[next++];
			await work(item);
		}
	};
	await Promise.all(Array.from({ length: inFlight }, lane));
}

async function until(check, timeoutMs, what) {
	const deadline = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await sleep(100);
	}
}

async function heapAfterGcMb(port) {
	const inspector = await Profiler.attach(port);
	try {
		return await inspector.heapAfterGcMb();
	} finally {
		inspector.close();
	}
}

/** Samples pg_stat_activity: connections per database, and the peak of the package's. */
function connectionSampler(client) {
	const peak = { aesthetix: 0, n8n: 0, total: 0 };
	let running = true;
	const done = (async () => {
		while (running) {
			const { rows } = await client.query(
				`SELECT datname, COUNT(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() GROUP BY datname`,
			);
			let total = 0;
			for (const row of rows) {
				total += row.n;
				if (row.datname in peak) peak[row.datname] = Math.max(peak[row.datname], row.n);
			}
			peak.total = Math.max(peak.total, total);
			await sleep(50);
		}
	})();
	// A failed sample surfaces at stop(), not as an unhandled rejection once a failed run closed the client.
	done.catch(() => undefined);
	return {
		peak,
		async stop() {
			running = false;
			await done;
			return peak;
		},
	};
}

/** Signed inbound texts to a clinic's endpoint, one after another: the callback's answer time. */
async function callbackTimes(twilio, base, c, count) {
	const times = [];
	for (let i = 0; i < count; i++) {
		const start = process.hrtime.bigint();
		const res = await twilio.inbound(`${base}/webhook/${c.path}/twilio/inbound`, {
			from: phone(i % BOOKINGS),
			to: c.number,
			body: `Thanks! (${i})`,
		});
		times.push(Number(process.hrtime.bigint() - start) / 1e6);
		if (res.status !== 200) throw new Error(`inbound text answered ${res.status}: ${res.body}`);
	}
	return latencies(times);
}

async function main() {
	fs.rmSync(ROOT, { recursive: true, force: true });
	fs.mkdirSync(path.join(ROOT, 'workflows'), { recursive: true });
	await ensureN8nInstalled(log);
	const machineStart = { load: os.loadavg(), cpu: machineCpuSeconds(), at: Date.now() };
	const redis = await startRedis(PORT.redis);
	const pg = await startPostgres({
		port: PORT.pg,
		settings: STATEMENTS ? ['shared_preload_libraries=pg_stat_statements'] : [],
	});
	const smtp = await new SmtpDouble({ port: PORT.smtp, latencyMs: SMTP_LATENCY_MS }).start();
	const twilio = await new TwilioDouble({ latencyMs: TWILIO_LATENCY_MS }).start(PORT.twilio);
	const processes = [];
	const n8n = (name, port, brokerPort, command, extra, inspectorPort) => {
		const host = new N8nHost({
			userFolder: path.join(ROOT, 'n8n'),
			port,
			brokerPort,
			command,
			// The inspector profiles (BENCH_CPU_PROF) and reads the heap after a collection.
			nodeArgs: [`--inspect=127.0.0.1:${inspectorPort}`],
			logFile: path.join(ROOT, `${name}.log`),
			env: {
				...queueModeEnv({
					redisPort: PORT.redis,
					pgPort: PORT.pg,
					webhookUrl: `http://127.0.0.1:${PORT.webhook}/`,
				}),
				N8N_LOG_LEVEL: 'warn',
				AESTHETIX_PG_POOL_SIZE: String(POOL_SIZE),
				// n8n's own connections to its database per process. With n8n's default of 2 the webhook
				// process queues a burst's executions behind two connections, its health check waits in
				// that queue past its 5 s and n8n answers every request 503 "Database is not ready"
				// (docs/operations/agencies.md). The ping also waits longer: the machine is shared.
				DB_POSTGRESDB_POOL_SIZE: String(N8N_DB_POOL_SIZE),
				DB_PING_TIMEOUT_MS: '30000',
				...hostSettings(),
				...extra,
			},
		});
		processes.push(host);
		return host;
	};
	const main = n8n('main', PORT.main, PORT.mainBroker, ['start'], {}, PORT.mainInspector);
	const webhook = n8n(
		'webhook',
		PORT.webhook,
		PORT.webhookBroker,
		['webhook'],
		{},
		PORT.webhookInspector,
	);
	const worker = n8n(
		'worker',
		PORT.worker,
		PORT.workerBroker,
		['worker', `--concurrency=${WORKER_CONCURRENCY}`],
		workerEnv(PORT.worker),
		PORT.workerInspector,
	);
	const inspector = new Client({ ...pg.config, database: 'postgres' });
	const report = {
		at: new Date().toISOString(),
		settings: {
			ISOLATES,
			expressionEngine: PASSED_ON,
			CLINICS,
			BOOKINGS,
			PER_REQUEST,
			SMTP_LATENCY_MS,
			TWILIO_LATENCY_MS,
			IN_FLIGHT,
			WORKER_CONCURRENCY,
			POOL_SIZE,
			CALLBACKS,
		},
	};
	try {
		await pg.createDatabase('n8n');
		await pg.createDatabase('aesthetix');
		await inspector.connect();
		const maxConnections = Number(
			(await inspector.query('SHOW max_connections')).rows[0].max_connections,
		);
		log(
			`n8n expression isolates: ${ISOLATES} (BENCH_EXPRESSION_ISOLATES) ${JSON.stringify(PASSED_ON)}`,
		);
		log(`Installing the package and importing ${CLINICS} clinics (${CLINICS * 2} workflows)...`);
		main.installPackage(packPackage(path.join(ROOT, 'pack')));
		const credentialFile = path.join(ROOT, 'credentials.json');
		fs.writeFileSync(credentialFile, JSON.stringify(credentialsFor(smtp, twilio, webhook.baseUrl)));
		main.importCredentials(credentialFile);
		const flows = clinics.map(workflowsOf);
		for (const { endpoint, booking } of flows)
			for (const wf of [endpoint, booking])
				fs.writeFileSync(path.join(ROOT, 'workflows', `${wf.id}.json`), JSON.stringify(wf));
		main.importWorkflowDir(path.join(ROOT, 'workflows'));
		await main.start();
		await Promise.all([webhook.start(), worker.start()]);

		// One clinic: published, warmed with a few bookings, then measured.
		const [first] = clinics;
		// One at a time, each endpoint's routes registered before the next (see test/support/stack.js).
		const publish = async (flow) => {
			await main.publish([flow.endpoint.id]);
			await untilRegistered(webhook, `${flow.endpoint.nodes[0].parameters.path}/inbox/template`);
			await main.publish([flow.booking.id]);
		};
		await publish(flows[0]);
		const bookingOf = (c, i) => ({
			contact: { first_name: `Patient ${i}`, email: email(c, i), phone: phone(i) },
			appointment: { start_time: '2026-12-01T15:00:00Z' },
		});
		/** Bookings `indexes` of clinic `c` in one request: one booking, or a batch of them. */
		const book = async (c, indexes) => {
			const body =
				PER_REQUEST > 1
					? { bookings: indexes.map((i) => bookingOf(c, i)) }
					: bookingOf(c, indexes[0]);
			for (let attempt = 0; ; attempt++) {
				const res = await fetch(webhook.webhookUrl(`${c.path}-booked`), {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify(body),
				});
				const text = await res.text();
				if (res.ok) return;
				// Publishing answers before the webhook process finds every new webhook.
				if (res.status !== 404 || attempt > 100)
					throw new Error(`${c.path} booking answered ${res.status}: ${text.slice(0, 300)}`);
				await sleep(200);
			}
		};
		const warm = Array.from({ length: 5 }, (_, i) => BOOKINGS + i);
		for (const i of warm) await book(first, [i]);
		await until(() => twilio.messages.length >= warm.length, 60_000, 'the warm-up texts');
		await until(
			() =>
				twilio.callbacks.filter((cb) => cb.params.MessageStatus === 'delivered').length >=
				warm.length,
			60_000,
			'the warm-up delivery reports',
		);
		await sleep(2000);
		/** The callback's answer time at clinic 1 and the processes' memory, with `clinics` published. */
		const snapshot = async (clinics, when = '') => {
			const taken = {
				callback: await callbackTimes(twilio, webhook.baseUrl, first, CALLBACKS),
				rssMb: {
					main: rssMb(main.proc.pid),
					webhook: rssMb(webhook.proc.pid),
					worker: rssMb(worker.proc.pid),
				},
				heapMb: {
					main: await heapAfterGcMb(PORT.mainInspector),
					webhook: await heapAfterGcMb(PORT.webhookInspector),
					worker: await heapAfterGcMb(PORT.workerInspector),
				},
			};
			log(
				`${String(clinics).padStart(2)} clinic(s)${when}: Twilio callback p50 ${taken.callback.p50.toFixed(1)} ms, p95 ${taken.callback.p95.toFixed(1)} ms; RSS main ${taken.rssMb.main.toFixed(0)} MB, webhook ${taken.rssMb.webhook.toFixed(0)} MB, worker ${taken.rssMb.worker.toFixed(0)} MB; heap after a collection main ${taken.heapMb.main.toFixed(0)} MB, webhook ${taken.heapMb.webhook.toFixed(0)} MB, worker ${taken.heapMb.worker.toFixed(0)} MB`,
			);
			return taken;
		};
		const one = await snapshot(1);

		// The other clinics join the running n8n: published, nothing restarted.
		const joinStart = Date.now();
		for (const flow of flows.slice(1)) await publish(flow);
		const joinMs = Date.now() - joinStart;
		log(
			`${CLINICS - 1} more clinics published on the running n8n in ${(joinMs / 1000).toFixed(1)} s`,
		);
		// Memory with every clinic published and warmed by one callback each, before the burst.
		for (const c of clinics.slice(1)) await callbackTimes(twilio, webhook.baseUrl, c, 1);
		await sleep(2000);
		const joined = await snapshot(CLINICS, ', before the burst');

		// The burst: every clinic's bookings at once, interleaved across clinics.
		smtp.reset();
		twilio.reset();
		const sampler = connectionSampler(inspector);
		const activityBefore = await databaseActivity(inspector);
		if (STATEMENTS) await statementsReset(pg.config);
		const cpuBefore = {
			main: cpuSeconds(main.proc.pid),
			webhook: cpuSeconds(webhook.proc.pid),
			worker: cpuSeconds(worker.proc.pid),
			machine: machineCpuSeconds(),
			bench: process.cpuUsage(),
		};
		const profilers = PROFILE
			? await Promise.all(
					[PORT.webhookInspector, PORT.workerInspector].map((p) => Profiler.attach(p)),
				)
			: [];
		await Promise.all(profilers.map((p) => p.start()));
		const loads = [];
		const loadTimer = setInterval(() => loads.push(os.loadavg()[0]), 5000);
		const rssPeak = { main: 0, webhook: 0, worker: 0 };
		const rssTimer = setInterval(() => {
			rssPeak.main = Math.max(rssPeak.main, rssMb(main.proc.pid));
			rssPeak.webhook = Math.max(rssPeak.webhook, rssMb(webhook.proc.pid));
			rssPeak.worker = Math.max(rssPeak.worker, rssMb(worker.proc.pid));
		}, 200);
		const requests = [];
		for (let i = 0; i < BOOKINGS; i += PER_REQUEST)
			for (const c of clinics)
				requests.push([
					c,
					Array.from({ length: Math.min(PER_REQUEST, BOOKINGS - i) }, (_, k) => i + k),
				]);
		const total = CLINICS * BOOKINGS;
		log(
			`Burst: ${total} bookings (${BOOKINGS} per clinic) in ${requests.length} requests of ${PER_REQUEST} (BENCH_BOOKINGS_PER_REQUEST), ${IN_FLIGHT} requests in flight...`,
		);
		const burstStart = Date.now();
		await inParallel(requests, IN_FLIGHT, ([c, indexes]) => book(c, indexes));
		const acceptedAt = Date.now();
		await until(() => smtp.messages.length >= total, 30 * 60_000, 'every email');
		const emailsAt = Date.now();
		await until(() => twilio.messages.length >= total, 30 * 60_000, 'every text');
		const textsAt = Date.now();
		await until(
			() =>
				twilio.callbacks.filter((cb) => cb.params.MessageStatus === 'delivered').length >= total,
			10 * 60_000,
			'every delivery report',
		);
		const reportsAt = Date.now();
		const profiles = await Promise.all(profilers.map((p) => p.stop()));
		profilers.forEach((p) => p.close());
		profiles.forEach((profile, i) => {
			const name = ['webhook', 'worker'][i];
			const file = path.join(OUT, `agency-burst-${name}.cpuprofile`);
			fs.writeFileSync(file, JSON.stringify(profile));
			log(
				`  CPU profile of the ${name} process during the burst: ${path.relative(PROJECT_ROOT, file)}`,
			);
			profileSummary.print(profileSummary.summarize(profile, 12), (l) => log(`    ${l}`));
		});
		const emailSeconds = (emailsAt - burstStart) / 1000;
		const burst = {
			bookings: total,
			bookingsPerRequest: PER_REQUEST,
			requests: requests.length,
			requestsAcceptedSeconds: (acceptedAt - burstStart) / 1000,
			emailsSeconds: emailSeconds,
			textsSeconds: (textsAt - burstStart) / 1000,
			deliveryReportsSeconds: (reportsAt - burstStart) / 1000,
			emailsPerHour: Math.round((total / emailSeconds) * 3600),
			textsPerHour: Math.round((total / ((textsAt - burstStart) / 1000)) * 3600),
			callbacksRefused: twilio.callbacks.filter((cb) => cb.status >= 300).length,
		};
		log(
			`  ${total} emails in ${emailSeconds.toFixed(1)} s (${burst.emailsPerHour.toLocaleString('en-US')} an hour); texts in ${burst.textsSeconds.toFixed(1)} s; delivery reports in ${burst.deliveryReportsSeconds.toFixed(1)} s`,
		);

		// STOP replies to a tenth of the numbers, each to its own clinic's number and endpoint.
		const stops = clinics.flatMap((c) => stoppers(c).map((i) => [c, i]));
		await inParallel(stops, 20, async ([c, i]) => {
			const res = await twilio.inbound(`${webhook.baseUrl}/webhook/${c.path}/twilio/inbound`, {
				from: phone(i),
				to: c.number,
				body: 'STOP',
			});
			if (res.status !== 200) throw new Error(`STOP to ${c.path} answered ${res.status}`);
		});
		clearInterval(loadTimer);
		clearInterval(rssTimer);
		const connections = await sampler.stop();
		const cpu = {
			mainSeconds: cpuSeconds(main.proc.pid) - cpuBefore.main,
			webhookSeconds: cpuSeconds(webhook.proc.pid) - cpuBefore.webhook,
			workerSeconds: cpuSeconds(worker.proc.pid) - cpuBefore.worker,
			machineSeconds: machineCpuSeconds() - cpuBefore.machine,
			/** This process: the SMTP and Twilio doubles (and the delivery reports they send) and the bench. */
			doublesSeconds: (() => {
				const { user, system } = process.cpuUsage(cpuBefore.bench);
				return (user + system) / 1e6;
			})(),
			wallSeconds: (Date.now() - burstStart) / 1000,
		};
		// PostgreSQL's backends report their counts when a transaction ends at most once a second and
		// when idle after ten: read them once every backend has had that time.
		await sleep(11_000);
		const activity = activitySince(activityBefore, await databaseActivity(inspector));
		log(
			`  PostgreSQL during the burst: ${activity.aesthetix.transactions.toLocaleString('en-US')} transactions in the clinics' database (${(activity.aesthetix.transactions / (2 * total)).toFixed(1)} per email or text, the STOPs included), ${activity.n8n.transactions.toLocaleString('en-US')} in n8n's`,
		);
		log(
			`  PostgreSQL connections at the peak: ${connections.aesthetix} to the clinics' database (bound ${3 * POOL_SIZE}: 3 processes x ${POOL_SIZE}), ${connections.n8n} to n8n's, ${connections.total} in all of ${maxConnections}`,
		);

		if (STATEMENTS) report.statements = await statementsDuringBurst(pg.config, log);

		const fifty = await snapshot(CLINICS, ', after the burst');

		// Exactly once, from the right clinic: the doubles' records and every clinic's own store.
		const problems = [];
		const emailsFrom = new Map();
		for (const m of smtp.messages) {
			const key = `${m.envelope.from}\n${m.envelope.to.join(',')}`;
			emailsFrom.set(key, (emailsFrom.get(key) ?? 0) + 1);
		}
		const textsTo = new Map();
		for (const m of twilio.messages) {
			const key = `${m.from}\n${m.to}`;
			textsTo.set(key, (textsTo.get(key) ?? 0) + 1);
		}
		const store = new Client({ ...pg.config, database: 'aesthetix' });
		await store.connect();
		for (const c of clinics) {
			for (let i = 0; i < BOOKINGS; i++) {
				const e = emailsFrom.get(`${c.from}\n${email(c, i)}`) ?? 0;
				if (e !== 1) problems.push(`${c.path}: ${e} emails to patient ${i}`);
				const t = textsTo.get(`${c.number}\n${phone(i)}`) ?? 0;
				if (t !== 1) problems.push(`${c.path}: ${t} texts to patient ${i}`);
			}
			const { rows } = await store.query(
				`SELECT channel, status, COUNT(*)::int AS n FROM ${c.schema}.delivery_records GROUP BY channel, status`,
			);
			const count = (channel, statuses) =>
				rows
					.filter((r) => r.channel === channel && statuses.includes(r.status))
					.reduce((s, r) => s + r.n, 0);
			const expectedEmails = BOOKINGS + (c === first ? warm.length : 0);
			if (count('email', ['accepted']) !== expectedEmails)
				problems.push(`${c.path}: ${count('email', ['accepted'])} accepted email records`);
			if (count('sms', ['delivered']) !== expectedEmails)
				problems.push(`${c.path}: ${count('sms', ['delivered'])} delivered text records`);
			const opted = await store.query(
				`SELECT phone FROM ${c.schema}.contacts WHERE sms_opted_out = 1 ORDER BY phone`,
			);
			const expected = stoppers(c).map(phone).sort();
			if (JSON.stringify(opted.rows.map((r) => r.phone)) !== JSON.stringify(expected))
				problems.push(`${c.path}: opted out ${opted.rows.map((r) => r.phone).join(', ')}`);
		}
		await store.end();
		const unexpected = [...emailsFrom.keys()].filter(
			(k) => !clinics.some((c) => k.startsWith(`${c.from}\n`)),
		);
		if (unexpected.length) problems.push(`${unexpected.length} emails from no clinic`);
		log(
			problems.length
				? `Exactly once: ${problems.length} problems:\n  ${problems.slice(0, 20).join('\n  ')}`
				: `Exactly once: every email and text went out once from its own clinic; every STOP opted out in its own clinic only (${stops.length} STOPs)`,
		);

		const machineEnd = { load: os.loadavg(), cpu: machineCpuSeconds(), at: Date.now() };
		Object.assign(report, {
			machine: {
				node: process.version,
				cpus: os.cpus().length,
				loadAtStart: machineStart.load,
				loadAtEnd: machineEnd.load,
				loadDuringBurst: { min: Math.min(...loads), max: Math.max(...loads), samples: loads },
				burstCpu: cpu,
				/** CPU the rest of the machine (other streams, PostgreSQL, Redis, the doubles) used during the burst. */
				othersCpuSeconds:
					cpu.machineSeconds - cpu.mainSeconds - cpu.webhookSeconds - cpu.workerSeconds,
			},
			postgres: {
				maxConnections,
				peak: connections,
				bound: 3 * POOL_SIZE,
				burstActivity: activity,
			},
			oneClinic: one,
			fiftyClinics: { ...fifty, rssPeakDuringBurstMb: rssPeak },
			/**
			 * Before the burst, from the heap after a full collection: what each clinic costs to have
			 * published, apart from garbage and what a burst leaves (RSS moves by hundreds of MB with both).
			 */
			memoryPerAddedClinicMb: Object.fromEntries(
				Object.keys(one.heapMb).map((k) => [k, (joined.heapMb[k] - one.heapMb[k]) / (CLINICS - 1)]),
			),
			joinedBeforeBurst: joined,
			callbackRatio: {
				p50: fifty.callback.p50 / one.callback.p50,
				p95: fifty.callback.p95 / one.callback.p95,
			},
			joinedRunningN8nSeconds: joinMs / 1000,
			burst,
			exactlyOnce: { problems },
		});
		log(
			`Memory per added clinic (heap after a collection): main ${report.memoryPerAddedClinicMb.main.toFixed(2)} MB, webhook ${report.memoryPerAddedClinicMb.webhook.toFixed(2)} MB, worker ${report.memoryPerAddedClinicMb.worker.toFixed(2)} MB`,
		);
		log(
			`Load average during the burst ${Math.min(...loads).toFixed(1)}-${Math.max(...loads).toFixed(1)}; our n8n processes used ${(cpu.mainSeconds + cpu.webhookSeconds + cpu.workerSeconds).toFixed(0)} CPU s (worker ${cpu.workerSeconds.toFixed(0)}, webhook ${cpu.webhookSeconds.toFixed(0)}, main ${cpu.mainSeconds.toFixed(0)}), the doubles and the bench ${cpu.doublesSeconds.toFixed(0)}, of the machine's ${cpu.machineSeconds.toFixed(0)} in ${cpu.wallSeconds.toFixed(0)} s`,
		);
		fs.writeFileSync(path.join(OUT, 'agency.json'), JSON.stringify(report, null, 2));
		log(`Written to ${path.relative(PROJECT_ROOT, path.join(OUT, 'agency.json'))}`);
		if (problems.length) process.exitCode = 1;
	} catch (error) {
		for (const host of processes) log(`${host.command[0]} log tail:\n${host.logTail(3000)}`);
		throw error;
	} finally {
		await inspector.end().catch(() => undefined);
		for (const host of processes) await host.stop();
		await smtp.stop();
		await twilio.stop();
		await pg.stop();
		await redis.stop();
	}
}

main().catch((error) => {
	process.stderr.write(`${error.stack}\n`);
	process.exit(1);
});
