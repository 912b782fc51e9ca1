// The n8n set-ups the endpoint benchmark measures, each with the workspace endpoint and a bare n8n
// Webhook workflow published side by side: one n8n process with the store on SQLite or on
// PostgreSQL (n8n's own database on SQLite, as `npm start` has it), and queue mode (n8n and the
// store on PostgreSQL, Redis, a main, a worker and two webhook processes).
const fs = require('node:fs');
const path = require('node:path');
const { N8nHost } = require('../../support/n8nHost');
const { CREDENTIAL_IDS, exampleWorkflow, twilioCredential } = require('../../support/stack');
const { startPostgres } = require('../../support/postgres');
const { startRedis } = require('../../support/redis');
const { queueModeEnv } = require('../../support/queueMode');
const { hostSettings } = require('../hostSettings');

const OFFSET = Number(process.env.AESTHETIX_PORT_OFFSET || 0);
const PORT = Object.fromEntries(
	Object.entries({
		pg: 5900,
		redis: 5901,
		main: 5902,
		mainBroker: 5903,
		webhook1: 5904,
		webhook1Broker: 5905,
		webhook2: 5906,
		webhook2Broker: 5907,
		worker: 5908,
		workerBroker: 5909,
		inspector1: 5910,
		inspector2: 5911,
	}).map(([name, port]) => [name, port + OFFSET]),
);

const EMAIL_EVENTS_ID = 'benchEmailEvnt01';
const BARE_PATH = 'bench-bare';

/** The workspace endpoint as users publish it, with the Email Events credential added. */
function endpointWorkflow() {
	const workflow = exampleWorkflow('workspace-endpoint.json');
	workflow.nodes[0].credentials.aesthetixEmailEventsApi = {
		id: EMAIL_EVENTS_ID,
		name: 'Bench email events',
	};
	return workflow;
}

/** n8n's own Webhook node and nothing else, answering at once: a saved execution per request. */
function bareWorkflow() {
	const hook = (method, n) => ({
		id: `bench-bare-${method}`,
		name: `Webhook ${method}`,
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, n * 200],
		webhookId: `4d5e6f70-8192-4a3b-b4c5-00000000b${String(n).padStart(3, '0')}`,
		parameters: { httpMethod: method, path: BARE_PATH, responseMode: 'onReceived', options: {} },
	});
	return {
		id: 'benchBareHook001',
		name: 'Bare n8n webhook',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [hook('POST', 0), hook('GET', 1)],
		connections: {},
	};
}

function credentials({ store, publicBaseUrl, twilio, mailgun, sendgrid, sqliteFile }) {
	const workspace =
		store.kind === 'sqlite'
			? { storeType: 'sqlite', sqliteFile }
			: {
					storeType: 'postgres',
					pgHost: store.host,
					pgPort: store.port,
					pgDatabase: store.database,
					pgUser: store.user,
					pgPassword: store.password ?? '',
					pgSslMode: 'disable',
					pgSsl: false,
				};
	return [
		{
			id: CREDENTIAL_IDS.workspace,
			name: 'Glow Med Spa workspace',
			type: 'aesthetixWorkspaceApi',
			data: {
				...workspace,
				companyName: 'Glow Med Spa',
				companyPhone: '+15550001111',
				timeZone: 'America/New_York',
				publicBaseUrl,
			},
		},
		// Only callbacks come in: no API is called, so no base URL.
		twilioCredential(twilio),
		{
			id: EMAIL_EVENTS_ID,
			name: 'Bench email events',
			type: 'aesthetixEmailEventsApi',
			data: {
				mailgunSigningSecret: mailgun.signingKey,
				sendgridVerificationKey: sendgrid.verificationKey,
			},
		},
	];
}

/** Node arguments for a process that serves the requests: the statement counter, and the inspector when profiling. */
function servingArgs(inspectorPort, profile) {
	return [
		...(process.env.BENCH_NO_COUNTER
			? []
			: ['--require', path.join(__dirname, 'statementCounter.js')]),
		...(profile ? [`--inspect=127.0.0.1:${inspectorPort}`] : []),
	];
}

function prepare(root, host, { tarball, ...creds }) {
	host.installPackage(tarball);
	fs.writeFileSync(path.join(root, 'credentials.json'), JSON.stringify(credentials(creds)));
	host.importCredentials(path.join(root, 'credentials.json'));
	const dir = path.join(root, 'workflows');
	fs.mkdirSync(dir, { recursive: true });
	for (const wf of [endpointWorkflow(), bareWorkflow()])
		fs.writeFileSync(path.join(dir, `${wf.id}.json`), JSON.stringify(wf));
	host.importWorkflowDir(dir);
}

// On a shared machine n8n's database health check (SELECT 1 within 5 s) can fail under load, and n8n
// then answers every request 503: it waits longer here, so a busy neighbour slows the run instead.
const LOG_ENV = { N8N_LOG_LEVEL: 'warn', DB_PING_TIMEOUT_MS: '30000', ...hostSettings() };

/** Publishing answers before n8n has registered every webhook: waits until each process serves both workflows. */
async function registered(hosts) {
	const deadline = Date.now() + 60_000;
	for (const host of hosts) {
		for (const url of [
			`${host.baseUrl}/webhook/aesthetix/inbox/login`,
			`${host.baseUrl}/webhook/${BARE_PATH}`,
		]) {
			while ([404, 503].includes((await fetch(url)).status)) {
				if (Date.now() > deadline)
					throw new Error(`${url} was still not registered after a minute`);
				await new Promise((r) => setTimeout(r, 250));
			}
		}
	}
}

/**
 * One n8n process serving everything. `store`: 'sqlite' or 'postgres'. Returns the processes to send
 * to, the store's config (for seeding and checks) and a stop function.
 */
async function singleProcess({ root, store: kind, tarball, profile, twilio, mailgun, sendgrid }) {
	fs.rmSync(root, { recursive: true, force: true });
	fs.mkdirSync(root, { recursive: true });
	const pg = kind === 'postgres' ? await startPostgres({ port: PORT.pg }) : undefined;
	const statementsFile = path.join(root, 'statements-main.json');
	const host = new N8nHost({
		userFolder: path.join(root, 'n8n'),
		port: PORT.main,
		brokerPort: PORT.mainBroker,
		env: { ...LOG_ENV, BENCH_STATEMENTS_FILE: statementsFile },
		nodeArgs: servingArgs(PORT.inspector1, profile),
	});
	const sqliteFile = path.join(root, 'workspace.sqlite');
	const store = pg
		? { kind: 'postgres', ...(await pg.createDatabase('aesthetix')) }
		: { kind: 'sqlite', file: sqliteFile };
	try {
		prepare(root, host, {
			tarball,
			store,
			publicBaseUrl: host.baseUrl,
			twilio,
			mailgun,
			sendgrid,
			sqliteFile,
		});
		await host.start();
		await host.publish([endpointWorkflow().id, bareWorkflow().id]);
		await registered([host]);
	} catch (error) {
		await host.stop();
		await pg?.stop();
		throw error;
	}
	const serving = { host, statementsFile, inspectorPort: PORT.inspector1 };
	return {
		store,
		publicBaseUrl: host.baseUrl,
		variants: [
			{ name: kind === 'sqlite' ? 'SQLite store' : 'PostgreSQL store', serving: [serving] },
		],
		processes: () => [host],
		logs: () => host.logTail(4000),
		async stop() {
			await host.stop();
			await pg?.stop();
		},
	};
}

/** Queue mode: Redis, n8n and the store on PostgreSQL, a main, a worker and two webhook processes. */
async function queueMode({ root, tarball, profile, twilio, mailgun, sendgrid }) {
	fs.rmSync(root, { recursive: true, force: true });
	fs.mkdirSync(root, { recursive: true });
	const redis = await startRedis(PORT.redis);
	const pg = await startPostgres({ port: PORT.pg });
	await pg.createDatabase('n8n');
	const storeDb = await pg.createDatabase('aesthetix');
	const processes = [];
	const n8nProcess = (name, port, brokerPort, command, extra = {}) => {
		const host = new N8nHost({
			userFolder: path.join(root, 'n8n'),
			port,
			brokerPort,
			command,
			logFile: path.join(root, `${name}.log`),
			nodeArgs: extra.nodeArgs,
			env: {
				...LOG_ENV,
				...queueModeEnv({
					redisPort: PORT.redis,
					pgPort: PORT.pg,
					webhookUrl: `http://127.0.0.1:${PORT.main}/`,
				}),
				...extra.env,
			},
		});
		processes.push(host);
		return host;
	};
	const main = n8nProcess('main', PORT.main, PORT.mainBroker, ['start']);
	const webhook = (n) => {
		const statementsFile = path.join(root, `statements-webhook${n}.json`);
		const inspectorPort = PORT[`inspector${n}`];
		const host = n8nProcess(
			`webhook${n}`,
			PORT[`webhook${n}`],
			PORT[`webhook${n}Broker`],
			['webhook'],
			{
				env: { BENCH_STATEMENTS_FILE: statementsFile },
				nodeArgs: servingArgs(inspectorPort, profile),
			},
		);
		return { host, statementsFile, inspectorPort };
	};
	const webhooks = [webhook(1), webhook(2)];
	const worker = n8nProcess(
		'worker',
		PORT.worker,
		PORT.workerBroker,
		['worker', '--concurrency=10'],
		{
			env: {
				QUEUE_HEALTH_CHECK_ACTIVE: 'true',
				QUEUE_HEALTH_CHECK_PORT: String(PORT.worker),
				N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			},
		},
	);
	const store = { kind: 'postgres', ...storeDb };
	const stop = async () => {
		for (const p of processes) await p.stop();
		await pg.stop();
		await redis.stop();
	};
	try {
		prepare(root, main, {
			tarball,
			store,
			publicBaseUrl: main.baseUrl,
			twilio,
			mailgun,
			sendgrid,
		});
		await main.start();
		await Promise.all([worker.start(), ...webhooks.map((w) => w.host.start())]);
		await main.publish([endpointWorkflow().id, bareWorkflow().id]);
		await registered(webhooks.map((w) => w.host));
	} catch (error) {
		await stop();
		throw error;
	}
	return {
		store,
		publicBaseUrl: main.baseUrl,
		variants: [
			{ name: 'queue mode, 1 webhook process', serving: [webhooks[0]] },
			{ name: 'queue mode, 2 webhook processes', serving: webhooks },
		],
		processes: () => processes,
		logs: () => processes.map((p) => `${p.command[0]}:\n${p.logTail(2000)}`).join('\n'),
		stop,
	};
}

module.exports = { singleProcess, queueMode, BARE_PATH };
