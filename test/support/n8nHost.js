// A real n8n host for end-to-end tests and `npm start`: n8n installed once into a cache folder,
// this package installed into it from its `npm pack` tarball exactly as a user's install would.
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

// The n8n the host runs: 2.41.1 by default, or another release through AESTHETIX_N8N_VERSION
// (`npm run test:e2e:lts` picks the 1.x LTS line). Each version has its own cache folder.
const DEFAULT_N8N_VERSION = '2.41.1';
const LTS_N8N_VERSION = '1.123.81';
const N8N_VERSION = resolveVersion(process.env.AESTHETIX_N8N_VERSION);
const N8N_MAJOR = Number(N8N_VERSION.split('.')[0]);
const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
const CACHE_ROOT =
	process.env.AESTHETIX_N8N_CACHE || path.join(os.homedir(), '.cache', 'n8n-nodes-aesthetix');
const HOST_DIR = path.join(CACHE_ROOT, `n8n-${N8N_VERSION}`);
const N8N_BIN = path.join(HOST_DIR, 'node_modules', 'n8n', 'bin', 'n8n');

/**
 * What each n8n line needs besides itself. n8n 1.x pins `xlsx` to a tarball on SheetJS's own CDN,
 * which only the npm registry's republished copy of the same release can stand in for; and it runs
 * on Node 22, the Node of most 1.x installs, so the package is proven on the Node line its engines
 * still allow besides 24.
 */
const HOST_NEEDS = {
	1: { node: '22.23.3', overrides: { xlsx: 'npm:@e965/xlsx@0.20.2' } },
	2: { node: null, overrides: {} },
};

function resolveVersion(wanted) {
	if (!wanted) return DEFAULT_N8N_VERSION;
	if (wanted === 'lts' || wanted === '1.123.x') return LTS_N8N_VERSION;
	if (!/^[12]\.\d+\.\d+$/.test(wanted)) {
		throw new Error(
			`AESTHETIX_N8N_VERSION must be an n8n 1.x or 2.x release such as ${DEFAULT_N8N_VERSION} or ${LTS_N8N_VERSION} (or "lts"), not "${wanted}".`,
		);
	}
	return wanted;
}

/** The Node a 1.x host runs on, installed inside its cache folder (never into this project). */
const HOST_NODE_DIR = path.join(HOST_DIR, 'runtime');
const HOST_NODE_BIN = path.join(HOST_NODE_DIR, 'node_modules', 'node', 'bin', 'node');

/** n8n 2.x needs Node 24, which npm scripts already run on through the `node` devDependency. */
function nodeBinary() {
	if (HOST_NEEDS[N8N_MAJOR].node) return HOST_NODE_BIN;
	if (Number(process.versions.node.split('.')[0]) >= 24) return process.execPath;
	const local = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'node');
	if (fs.existsSync(local)) return local;
	throw new Error('Node 24 is needed to run n8n: run `npm install` first (it brings node@24).');
}

/** npm run with the host's Node first on PATH, so native addons build for the Node that loads them. */
function hostPath() {
	return `${path.dirname(nodeBinary())}${path.delimiter}${process.env.PATH}`;
}

const ALL_EXECUTION_STATUSES = [
	'canceled',
	'crashed',
	'error',
	'new',
	'running',
	'success',
	'unknown',
	'waiting',
];

function run(cmd, args, opts = {}) {
	const res = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...opts });
	if (res.status !== 0) {
		throw new Error(
			`${cmd} ${args.join(' ')} failed (${res.status}):\n${(res.stderr || '').slice(-4000)}${(res.stdout || '').slice(-2000)}`,
		);
	}
	return res.stdout;
}

/** "2m 05s": how long a step has taken, for progress lines. */
function elapsed(since) {
	const seconds = Math.round((Date.now() - since) / 1000);
	return seconds < 60
		? `${seconds}s`
		: `${Math.floor(seconds / 60)}m ${String(seconds % 60).padStart(2, '0')}s`;
}

/** Packages unpacked so far into a node_modules folder (scoped ones counted one by one): cheap enough to poll. */
function unpackedPackages(dir) {
	const root = path.join(dir, 'node_modules');
	let count = 0;
	try {
		for (const entry of fs.readdirSync(root)) {
			if (entry.startsWith('.')) continue;
			count += entry.startsWith('@') ? fs.readdirSync(path.join(root, entry)).length : 1;
		}
	} catch {
		// not created yet
	}
	return count;
}

/**
 * Runs a long, quiet command (npm prints nothing until it is done when not on a terminal) and logs
 * one line every `everyMs` with the time so far and what `progress()` reports, so a first start
 * does not look stuck; the command's own output is shown only if it fails.
 */
function runWithProgress(
	cmd,
	args,
	{ cwd, env, log, label, everyMs = 15_000, progress = () => '' },
) {
	return new Promise((resolve, reject) => {
		const started = Date.now();
		const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
		let tail = '';
		const keep = (chunk) => {
			tail = (tail + chunk).slice(-6000);
		};
		child.stdout.on('data', keep);
		child.stderr.on('data', keep);
		const timer = setInterval(() => {
			const more = progress();
			log(`  ... ${label}: ${elapsed(started)}${more ? `, ${more}` : ''}`);
		}, everyMs);
		const finish = (error) => {
			clearInterval(timer);
			if (error) reject(error);
			else {
				log(`  ${label}: done in ${elapsed(started)}`);
				resolve();
			}
		};
		child.once('error', finish);
		child.once('close', (code) =>
			finish(code === 0 ? null : new Error(`${cmd} ${args.join(' ')} failed (${code}):\n${tail}`)),
		);
	});
}

/** About how many packages n8n's install unpacks at its top level (1,513 for 2.41.1): the progress lines' "of". */
const EXPECTED_PACKAGES = 1500;

/**
 * Installs n8n once per machine, logging progress as it goes (about 3 minutes, 2.6 GB); a later call
 * finds the finished install and returns at once.
 */
async function ensureN8nInstalled(log = () => {}, { everyMs } = {}) {
	const marker = path.join(HOST_DIR, '.complete');
	if (fs.existsSync(marker)) return N8N_BIN;
	const needs = HOST_NEEDS[N8N_MAJOR];
	fs.mkdirSync(HOST_DIR, { recursive: true });
	log(
		`Installing n8n ${N8N_VERSION} into ${HOST_DIR}: once per machine, about 3 minutes and 2.6 GB (longer on a slow disk or network).`,
	);
	if (needs.node) {
		log(`  Node ${needs.node} for this n8n...`);
		fs.mkdirSync(HOST_NODE_DIR, { recursive: true });
		fs.writeFileSync(
			path.join(HOST_NODE_DIR, 'package.json'),
			JSON.stringify({ name: 'aesthetix-n8n-runtime', private: true }),
		);
		// The `node` package's install script fetches the platform's binary package from the registry.
		run('npm', ['install', `node@${needs.node}`, '--no-audit', '--no-fund'], {
			cwd: HOST_NODE_DIR,
		});
	}
	fs.writeFileSync(
		path.join(HOST_DIR, 'package.json'),
		JSON.stringify({ name: 'aesthetix-n8n-host', private: true, overrides: needs.overrides }),
	);
	const env = { ...process.env, PATH: hostPath() };
	log(
		`  step 1 of 2: npm install n8n@${N8N_VERSION} (downloads and unpacks about ${EXPECTED_PACKAGES.toLocaleString('en-US')} packages)`,
	);
	// The Kafka addon's install script downloads sources, which cannot work offline; only sqlite3 needs a build.
	await runWithProgress(
		'npm',
		['install', `n8n@${N8N_VERSION}`, '--ignore-scripts', '--no-audit', '--no-fund'],
		{
			cwd: HOST_DIR,
			env,
			log,
			everyMs,
			label: 'npm install',
			progress: () => {
				const count = unpackedPackages(HOST_DIR);
				return count === 0
					? 'resolving the dependency tree and downloading'
					: `${count.toLocaleString('en-US')} of about ${EXPECTED_PACKAGES.toLocaleString('en-US')} packages unpacked`;
			},
		},
	);
	log('  step 2 of 2: building the sqlite3 addon n8n stores its data with (about 1 minute)');
	await runWithProgress('npm', ['rebuild', 'sqlite3'], {
		cwd: HOST_DIR,
		env,
		log,
		everyMs,
		label: 'npm rebuild sqlite3',
	});
	fs.writeFileSync(marker, new Date().toISOString());
	log(`n8n ${N8N_VERSION} is installed.`);
	return N8N_BIN;
}

/** Builds the tarball users would install; `dist/` must be built already. */
function packPackage(destDir) {
	fs.mkdirSync(destDir, { recursive: true });
	const out = run('npm', ['pack', '--json', '--pack-destination', destDir], { cwd: PROJECT_ROOT });
	const [info] = JSON.parse(out);
	return path.join(destDir, info.filename);
}

/** The npm command that installs the package tarball into a folder n8n loads community packages from. */
function packageInstall(tarball, nodesDir) {
	fs.mkdirSync(nodesDir, { recursive: true });
	const pkgJson = path.join(nodesDir, 'package.json');
	if (!fs.existsSync(pkgJson)) {
		fs.writeFileSync(pkgJson, JSON.stringify({ name: 'installed-nodes', private: true }));
	}
	// n8n-workflow is the host's own copy; a second one inside nodes/ would split class identities.
	return [
		'npm',
		[
			'install',
			tarball,
			'--omit=dev',
			'--omit=peer',
			'--legacy-peer-deps',
			'--no-audit',
			'--no-fund',
			// What npm has cached it takes without asking the registry again: seconds of every run.
			'--prefer-offline',
		],
		{ cwd: nodesDir },
	];
}

/** Whether something already accepts connections on a loopback port. */
function portTaken(port) {
	return new Promise((resolve) => {
		const socket = net.connect({ host: '127.0.0.1', port });
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

function bcryptHash(password) {
	const bcrypt = require(path.join(HOST_DIR, 'node_modules', 'bcryptjs'));
	return bcrypt.hashSync(password, 10);
}

class N8nHost {
	/**
	 * @param {{ userFolder: string, port: number, brokerPort?: number, env?: Record<string,string>,
	 *   owner?: {email: string, password: string}, logFile?: string, command?: string[],
	 *   nodeArgs?: string[] }} options
	 *   `nodeArgs` go to Node before n8n's own (a preload, the inspector): unlike NODE_OPTIONS, the task
	 *   runner n8n starts does not inherit them.
	 */
	constructor(options) {
		this.userFolder = options.userFolder;
		this.port = options.port;
		this.brokerPort = options.brokerPort ?? options.port + 1;
		this.extraEnv = options.env ?? {};
		this.owner = options.owner ?? { email: 'owner@aesthetix.test', password: 'Owner-Passw0rd' };
		this.logFile = options.logFile ?? path.join(this.userFolder, 'n8n.log');
		// `start` (a main), `worker` or `webhook`; `port` is where it answers /healthz/readiness.
		this.command = options.command ?? ['start'];
		this.nodeArgs = options.nodeArgs ?? [];
		this.proc = null;
		this.apiKey = null;
	}

	get baseUrl() {
		return `http://127.0.0.1:${this.port}`;
	}

	webhookUrl(webhookPath) {
		return `${this.baseUrl}/webhook/${webhookPath}`;
	}

	env() {
		const env = {
			PATH: hostPath(),
			HOME: process.env.HOME,
			TZ: 'UTC',
			N8N_USER_FOLDER: this.userFolder,
			N8N_ENCRYPTION_KEY: 'aesthetix-test-encryption-key',
			N8N_PORT: String(this.port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			N8N_WEBHOOK_URL: `${this.baseUrl}/`,
			N8N_EDITOR_BASE_URL: `${this.baseUrl}/`,
			N8N_SECURE_COOKIE: 'false',
			N8N_RUNNERS_BROKER_PORT: String(this.brokerPort),
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_LOG_LEVEL: process.env.AESTHETIX_N8N_LOG_LEVEL || 'info',
			N8N_LOG_OUTPUT: 'console',
			DB_SQLITE_POOL_SIZE: '3',
			// Node keeps the code it compiled for n8n's thousands of modules on disk: every host after the
			// first of a machine starts about 1.5 s sooner (12 s before, on a quiet machine).
			NODE_COMPILE_CACHE: path.join(HOST_DIR, '.compile-cache'),
			// n8n answers every request 503 "Database is not ready" once its health check (SELECT 1
			// within 5 s) misses; with two suites, their n8n hosts and Chromium on two cores, a starved
			// check can miss without anything being wrong with the database.
			DB_PING_TIMEOUT_MS: '30000',
			// 1.x has no owner from the environment: start() sets the owner up through the REST API instead.
			...(N8N_MAJOR >= 2
				? {
						N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
						N8N_INSTANCE_OWNER_EMAIL: this.owner.email,
						N8N_INSTANCE_OWNER_PASSWORD_HASH: bcryptHash(this.owner.password),
					}
				: {}),
			...this.extraEnv,
		};
		// 1.x reads the public webhook address (the base of resume URLs) only from WEBHOOK_URL.
		if (N8N_MAJOR < 2) env.WEBHOOK_URL = env.N8N_WEBHOOK_URL;
		return env;
	}

	cli(args) {
		return run(nodeBinary(), [N8N_BIN, ...args], { env: this.env(), cwd: this.userFolder });
	}

	/** Installs the package tarball into `<user folder>/.n8n/nodes`, where n8n loads community packages. */
	installPackage(tarball) {
		const [cmd, args, options] = packageInstall(
			tarball,
			path.join(this.userFolder, '.n8n', 'nodes'),
		);
		run(cmd, args, options);
	}

	/** Imports workflow JSON files (with fixed ids) and publishes them; takes effect at the next start. */
	importWorkflows(files, { publish = true } = {}) {
		for (const file of files) {
			this.cli(['import:workflow', `--input=${file}`]);
			if (publish) {
				const { id } = JSON.parse(fs.readFileSync(file, 'utf8'));
				// 1.x activates a workflow where 2.x publishes a version of it.
				this.cli(
					N8N_MAJOR >= 2
						? ['publish:workflow', `--id=${id}`]
						: ['update:workflow', `--id=${id}`, '--active=true'],
				);
			}
		}
	}

	async start({ timeoutMs = 180_000 } = {}) {
		fs.mkdirSync(this.userFolder, { recursive: true });
		// A host left running on this port (by a run that was killed, or another run with the same port
		// block) would answer the readiness check while this one fails to bind, and then take this
		// host's requests with another database: logins that work, then a 401 from a user it never had.
		if (await portTaken(this.port)) {
			throw new Error(
				`port ${this.port} is already in use before n8n starts there: another n8n host (perhaps left running by an earlier run) or another program holds it; stop it or set another AESTHETIX_PORT_OFFSET.`,
			);
		}
		// The owner's password hash is applied anew at each start, which ends earlier sessions.
		this.cookie = null;
		const log = fs.openSync(this.logFile, 'a');
		this.proc = spawn(nodeBinary(), [...this.nodeArgs, N8N_BIN, ...this.command], {
			env: this.env(),
			cwd: this.userFolder,
			stdio: ['ignore', log, log],
			detached: true,
		});
		this.exited = new Promise((resolve) => this.proc.once('exit', resolve));
		// n8n runs in its own process group (so Ctrl-C reaches it only through stop()); never leave it orphaned.
		const orphanGuard = () => {
			try {
				process.kill(-this.proc.pid, 'SIGTERM');
			} catch {
				// already gone
			}
		};
		process.once('exit', orphanGuard);
		this.exited.then(() => process.removeListener('exit', orphanGuard));
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			if (this.proc.exitCode !== null) {
				throw new Error(`n8n exited during start-up; log:\n${this.logTail()}`);
			}
			try {
				const res = await fetch(`${this.baseUrl}/healthz/readiness`);
				if (res.ok) {
					if (N8N_MAJOR < 2 && this.command[0] === 'start') await this.setUpOwner();
					return;
				}
			} catch {
				// not listening yet
			}
			await new Promise((r) => setTimeout(r, 500));
		}
		throw new Error(`n8n was not ready after ${timeoutMs} ms; log:\n${this.logTail()}`);
	}

	async stop() {
		if (!this.proc || this.proc.exitCode !== null) return;
		try {
			process.kill(-this.proc.pid, 'SIGTERM');
		} catch {
			return;
		}
		const timer = setTimeout(() => {
			try {
				process.kill(-this.proc.pid, 'SIGKILL');
			} catch {
				// already gone
			}
		}, 15_000);
		await this.exited;
		clearTimeout(timer);
	}

	/** Kills the process and its task runner at once, as a crash or an OOM kill would. */
	async kill() {
		if (!this.proc || this.proc.exitCode !== null) return;
		try {
			process.kill(-this.proc.pid, 'SIGKILL');
		} catch {
			return;
		}
		await this.exited;
	}

	logTail(chars = 6000) {
		try {
			const text = fs.readFileSync(this.logFile, 'utf8');
			return text.slice(-chars);
		} catch {
			return '(no log)';
		}
	}

	/** Claims the instance for the owner, as 1.x's first-run form does; a later start finds it claimed. */
	async setUpOwner() {
		const res = await fetch(`${this.baseUrl}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({
				email: this.owner.email,
				firstName: 'Aesthetix',
				lastName: 'Owner',
				password: this.owner.password,
			}),
		});
		if (!res.ok) {
			const text = await res.text();
			if (!text.includes('already setup'))
				throw new Error(`n8n owner setup failed: ${res.status} ${text}`);
		}
	}

	/** The owner's session cookie for n8n's internal REST API (what the editor uses). */
	async session() {
		if (this.cookie) return this.cookie;
		const login = await fetch(`${this.baseUrl}/rest/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ emailOrLdapLoginId: this.owner.email, password: this.owner.password }),
		});
		if (!login.ok) throw new Error(`n8n login failed: ${login.status} ${await login.text()}`);
		this.cookie = login.headers.get('set-cookie').split(';')[0];
		return this.cookie;
	}

	async rest(pathAndQuery, { method = 'GET', body } = {}) {
		// The editor's run endpoint: 2.x runs the saved workflow, 1.x runs the workflow the editor sends along.
		const run = /^\/workflows\/([^/]+)\/run$/.exec(pathAndQuery);
		if (run && N8N_MAJOR < 2 && body && !body.workflowData) {
			const { data: workflowData } = await this.rest(`/workflows/${run[1]}`);
			body = { ...body, workflowData };
		}
		const res = await fetch(`${this.baseUrl}/rest${pathAndQuery}`, {
			method,
			headers: {
				cookie: await this.session(),
				...(body ? { 'content-type': 'application/json' } : {}),
			},
			body: body ? JSON.stringify(body) : undefined,
		});
		const text = await res.text();
		if (!res.ok) throw new Error(`${method} /rest${pathAndQuery}: ${res.status} ${text}`);
		return JSON.parse(text);
	}

	/** Saves a credential and runs its type's test, as the editor's Save and Test buttons do. */
	async testCredential(type, data) {
		const name = `test ${type} ${Date.now()}`;
		const created = await this.rest('/credentials', { method: 'POST', body: { name, type, data } });
		const res = await this.rest('/credentials/test', {
			method: 'POST',
			body: { credentials: { id: created.data.id, name, type, data } },
		});
		return res.data;
	}

	/** Logs in as the owner and creates a public-API key, for reading executions. */
	async ensureApiKey() {
		if (this.apiKey) return this.apiKey;
		const cookie = await this.session();
		const created = await fetch(`${this.baseUrl}/rest/api-keys`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', cookie },
			body: JSON.stringify({
				label: `tests-${Date.now()}`,
				scopes: [
					'credential:create',
					'workflow:read',
					'workflow:list',
					'workflow:activate',
					'execution:read',
					'execution:list',
				],
				expiresAt: null,
			}),
		});
		if (!created.ok)
			throw new Error(`API key creation failed: ${created.status} ${await created.text()}`);
		this.apiKey = (await created.json()).data.rawApiKey;
		return this.apiKey;
	}

	async api(pathAndQuery, { method = 'GET', body } = {}) {
		const key = await this.ensureApiKey();
		const res = await fetch(`${this.baseUrl}/api/v1${pathAndQuery}`, {
			method,
			headers: { 'X-N8N-API-KEY': key, ...(body ? { 'content-type': 'application/json' } : {}) },
			body: body ? JSON.stringify(body) : undefined,
		});
		if (!res.ok)
			throw new Error(`${method} /api/v1${pathAndQuery}: ${res.status} ${await res.text()}`);
		return res.json();
	}

	/** Publishes (activates) workflows on the running host, which registers their webhooks at once. */
	async publish(ids) {
		const action = N8N_MAJOR >= 2 ? 'publish' : 'activate';
		for (const id of ids) {
			try {
				await this.api(`/workflows/${id}/${action}`, { method: 'POST', body: {} });
			} catch (error) {
				// n8n 1.x runs a sub-workflow (only an Execute Workflow Trigger) without activating it, and
				// refuses to activate it; 2.x calls the published version, so there it must be published.
				if (N8N_MAJOR >= 2 || !/has no node to start the workflow/.test(String(error.message)))
					throw error;
			}
		}
	}

	/** Imports every workflow of a folder in one CLI call; publish them with `publish()` after start. */
	importWorkflowDir(dir) {
		this.cli(['import:workflow', '--separate', `--input=${dir}`]);
	}

	/** Imports credentials given with plain data; n8n encrypts them on import. */
	importCredentials(file) {
		this.cli(['import:credentials', `--input=${file}`]);
	}

	/**
	 * Creates credentials (plain data, fixed ids) and workflows (fixed ids) on the running host
	 * through its APIs: no command-line boot of n8n. 2.x only: 1.x gives every credential and
	 * workflow created through an API an id of its own, and the suites address them by theirs, so
	 * a 1.x host imports through `importCredentials` and `importWorkflowDir` before it starts.
	 */
	async addCredentialsAndWorkflows(credentials, workflows) {
		if (N8N_MAJOR < 2)
			throw new Error('n8n 1.x keeps no fixed ids through its APIs: import before start');
		for (const { id, name, type, data } of credentials) {
			await this.api('/credentials', { method: 'POST', body: { id, name, type, data } });
		}
		for (const workflow of workflows) {
			const { id, name, nodes, connections, settings, staticData, pinData, meta } = workflow;
			await this.rest('/workflows', {
				method: 'POST',
				body: { id, name, nodes, connections, settings, staticData, pinData, meta },
			});
		}
	}

	/**
	 * Starts from a copy of a prepared user folder (see `prepareUserFolder`) instead of an empty one:
	 * n8n's database and settings are copied, and the installed package (thousands of files n8n only
	 * reads; copying them took 10 to 36 seconds on a busy machine) is the prepared folder's own,
	 * reached through a link, as Node resolves a linked install to its real place.
	 */
	copyUserFolder(template) {
		const nodes = path.join('.n8n', 'nodes');
		fs.cpSync(template, this.userFolder, {
			recursive: true,
			verbatimSymlinks: true,
			filter: (source) => path.relative(template, source) !== nodes,
		});
		fs.symlinkSync(path.join(template, nodes), path.join(this.userFolder, nodes), 'dir');
	}

	/** The newest execution of a workflow with its data, waiting until it is no longer running. */
	async lastExecution(workflowId, { timeoutMs = 30_000, after = 0 } = {}) {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			let exec;
			if (N8N_MAJOR >= 2) {
				[exec] = (
					await this.api(`/executions?workflowId=${workflowId}&limit=1&includeData=true`)
				).data;
			} else {
				const id = await this.lastExecutionId(workflowId);
				if (id > 0) exec = await this.api(`/executions/${id}?includeData=true`);
			}
			if (exec && Number(exec.id) > after && !['running', 'new'].includes(exec.status)) return exec;
			await new Promise((r) => setTimeout(r, 300));
		}
		throw new Error(`no finished execution of workflow ${workflowId} within ${timeoutMs} ms`);
	}

	/** One execution with its data, once it has finished. */
	async finishedExecution(id, { timeoutMs = 30_000 } = {}) {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			const exec = await this.api(`/executions/${id}?includeData=true`);
			if (!['running', 'new'].includes(exec.status) && exec.data?.resultData) return exec;
			await new Promise((r) => setTimeout(r, 200));
		}
		throw new Error(`execution ${id} did not finish within ${timeoutMs} ms`);
	}

	async lastExecutionId(workflowId) {
		if (N8N_MAJOR >= 2) {
			const list = await this.api(`/executions?workflowId=${workflowId}&limit=1`);
			return list.data[0] ? Number(list.data[0].id) : 0;
		}
		// 1.x keeps a waiting execution among its active ones, which its public API's list leaves out;
		// the editor's list, asked for every status, shows it.
		const filter = encodeURIComponent(
			JSON.stringify({ workflowId, status: ALL_EXECUTION_STATUSES }),
		);
		const { data } = await this.rest(`/executions?filter=${filter}&limit=1`);
		return data.results[0] ? Number(data.results[0].id) : 0;
	}
}

/**
 * n8n's database migrated (and, on 1.x, the owner set up) in an otherwise empty user folder: made
 * once per machine and n8n version, beside the install, as migrating takes a fresh n8n about 17 s
 * of a quiet machine.
 */
async function migratedUserFolder(port) {
	const dir = path.join(HOST_DIR, 'migrated-user-folder');
	if (fs.existsSync(path.join(dir, '.complete'))) return dir;
	// Built aside and renamed into place, so two runs preparing at once never see half of it.
	const building = `${dir}-${process.pid}`;
	fs.rmSync(building, { recursive: true, force: true });
	const host = new N8nHost({
		userFolder: building,
		port,
		logFile: path.join(os.tmpdir(), `aesthetix-user-folder-${process.pid}.log`),
	});
	try {
		await host.start();
	} finally {
		await host.stop();
	}
	// What one run of n8n leaves besides its database: logs no suite should inherit, and the empty
	// community-package folder a prepared user folder replaces.
	for (const file of fs.readdirSync(path.join(building, '.n8n'))) {
		if (/^n8nEventLog|\.log$/.test(file) || file === 'nodes')
			fs.rmSync(path.join(building, '.n8n', file), { recursive: true, force: true });
	}
	fs.rmSync(host.logFile, { force: true });
	fs.writeFileSync(path.join(building, '.complete'), new Date().toISOString());
	try {
		fs.renameSync(building, dir);
	} catch {
		// another run got there first: its folder is as good
		fs.rmSync(building, { recursive: true, force: true });
	}
	return dir;
}

/**
 * A user folder with the package installed and n8n's database migrated, built once per run: each
 * suite's host starts from a copy of it, so no suite pays for an `npm install` of the package or for
 * n8n's migrations.
 */
async function prepareUserFolder(tarball, { log = () => {}, port = 5691 } = {}) {
	const dir = path.join(PROJECT_ROOT, 'test-artifacts', `user-folder-${N8N_VERSION}`);
	fs.rmSync(dir, { recursive: true, force: true });
	const started = Date.now();
	// The install runs beside the migrations (which need nothing of the package) when those are not
	// made yet, into a folder of its own, moved into place at the end.
	const staging = `${dir}-nodes`;
	fs.rmSync(staging, { recursive: true, force: true });
	const [cmd, args, options] = packageInstall(tarball, staging);
	const installed = runWithProgress(cmd, args, {
		...options,
		env: process.env,
		log: () => {},
		label: 'npm install',
	});
	installed.catch(() => {});
	const migrated = await migratedUserFolder(port + Number(process.env.AESTHETIX_PORT_OFFSET || 0));
	fs.cpSync(migrated, dir, {
		recursive: true,
		filter: (source) => path.relative(migrated, source) !== '.complete',
	});
	await installed;
	fs.renameSync(staging, path.join(dir, '.n8n', 'nodes'));
	log(`n8n user folder with the package installed, prepared in ${elapsed(started)}: ${dir}`);
	return dir;
}

module.exports = {
	N8nHost,
	ensureN8nInstalled,
	packPackage,
	prepareUserFolder,
	nodeBinary,
	N8N_VERSION,
	N8N_MAJOR,
	DEFAULT_N8N_VERSION,
	PROJECT_ROOT,
	HOST_DIR,
	CACHE_ROOT,
	runWithProgress,
};
