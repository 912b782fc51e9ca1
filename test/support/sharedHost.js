// One running n8n host per jest worker of the end-to-end tier, handed from one suite to the next.
// Starting a host costs 12 to 37 s of a busy two-core machine, and most suites need nothing of a
// host but the package installed: they bring their own credentials and workflows, which a suite
// puts in through the host's APIs and takes out again when it ends. A suite that sets n8n's
// environment, or runs on n8n 1.x (which keeps no fixed ids through its APIs), starts a host of
// its own. Calling Hours' clock file is part of every shared host's environment (see `clockFile`).
const fs = require('node:fs');
const path = require('node:path');
const { N8nHost, PROJECT_ROOT } = require('./n8nHost');

const STATE_DIR = path.join(PROJECT_ROOT, 'test-artifacts', 'e2e', 'shared-hosts');
const BASE_PORT = 5695;

/**
 * The package reads a credential again only after this long (CREDENTIAL_REFRESH_MS in
 * nodes/shared/transport/recentCredentials.ts, keyed by workflow, node and credential id): a suite
 * that reused the ids of the suite before it any sooner could be answered with the earlier data.
 */
const CREDENTIAL_REFRESH_MS = 5_000;

const workerId = () => process.env.JEST_WORKER_ID || '1';
const stateFile = () => path.join(STATE_DIR, `worker-${workerId()}.json`);

/**
 * The file a shared host reads Calling Hours' time from (core/run/clock.ts): absent, the real time.
 * Only a suite that asks for the clock writes it, and releasing the host removes it.
 */
const clockFile = () => path.join(STATE_DIR, `worker-${workerId()}.clock`);

/**
 * Shared hosts run with n8n's expression isolates started on first use, as
 * docs/operations/endpoint-speed.md advises for production: eager (n8n's default) starts one for
 * every webhook request and was a quarter to a third of the endpoint suites' time. Queue mode's
 * hosts keep n8n's default, so both settings answer webhooks and resume executions in every run.
 * Calling Hours' waker looks every 500 ms instead of every 30 s, so that a window the clock opened
 * is acted on within a test's patience; nothing waits for it when no window opens.
 */
const sharedHostEnv = () => ({
	N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true',
	AESTHETIX_CLOCK_FILE: clockFile(),
	AESTHETIX_WAKER_INTERVAL_MS: '500',
});

/**
 * Whether this run can share hosts: its global setup named it, and a teardown will stop them.
 * AESTHETIX_SHARED_HOSTS=off gives every suite a host of its own.
 */
function sharingAvailable() {
	return Boolean(process.env.AESTHETIX_RUN_ID) && process.env.AESTHETIX_SHARED_HOSTS !== 'off';
}

function readState(file = stateFile()) {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return null;
	}
}

function writeState(state) {
	fs.mkdirSync(STATE_DIR, { recursive: true });
	fs.writeFileSync(stateFile(), JSON.stringify(state));
}

function alive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/** Stops a host's process group (n8n and its task runner), waiting until it is gone. */
async function stopGroup(pid, first = 'SIGTERM') {
	const signal = (name) => {
		try {
			process.kill(-pid, name);
		} catch {
			// already gone
		}
	};
	const gone = async (ms) => {
		const deadline = Date.now() + ms;
		while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
		return !alive(pid);
	};
	signal(first);
	if (await gone(15_000)) return;
	signal('SIGKILL');
	if (!(await gone(15_000))) throw new Error(`n8n (process ${pid}) did not stop`);
}

/** Unpublishes and deletes every workflow (their executions go with them) and every credential. */
async function emptyHost(host) {
	const { data: workflows } = await host.rest('/workflows?limit=500');
	// n8n 2.x deletes only an archived workflow; archiving unpublishes it first.
	for (const { id, isArchived } of workflows)
		if (!isArchived) await host.rest(`/workflows/${id}/archive`, { method: 'POST' });
	for (const { id } of workflows) await deleteWhenUnpublished(host, id);
	const { data: credentials } = await host.rest('/credentials');
	for (const { id } of credentials) await host.rest(`/credentials/${id}`, { method: 'DELETE' });
}

/** n8n unpublishes in the background after archiving answers, and refuses the delete until done. */
async function deleteWhenUnpublished(host, id, timeoutMs = 60_000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		try {
			return await host.rest(`/workflows/${id}`, { method: 'DELETE' });
		} catch (error) {
			if (!/still being unpublished/.test(error.message) || Date.now() > deadline) throw error;
			await new Promise((r) => setTimeout(r, 100));
		}
	}
}

/**
 * A worker's host as one suite sees it. The suite may stop, kill or restart it as it would a host of
 * its own (a restart while executions wait, a crash mid-batch): the process may have been started
 * by an earlier suite, so it is stopped through its process group, and a new start takes its place
 * for the suites after this one.
 */
class SharedHost extends N8nHost {
	constructor(options, pid) {
		super(options);
		this.pid = pid;
	}

	async start(options) {
		await super.start(options);
		// The host outlives the suite that started it: nothing of this process may wait for it.
		this.proc.unref();
		this.pid = this.proc.pid;
		writeState({
			releasedAt: 0,
			...readState(),
			runId: process.env.AESTHETIX_RUN_ID,
			pid: this.pid,
		});
	}

	stop() {
		return stopGroup(this.pid);
	}

	kill() {
		return stopGroup(this.pid, 'SIGKILL');
	}
}

/**
 * This worker's host, empty and ready for a suite: the one the worker's last suite left, or a new
 * one started from the run's prepared user folder. `logFrom` is where this suite's part of the
 * host's log begins; `freshAt`, the time from which no credential read of the suite before is kept
 * (wait for it before anything of the suite reads a credential: publishing, running).
 */
async function acquireSharedHost() {
	const offset = Number(process.env.AESTHETIX_PORT_OFFSET || 0);
	const userFolder = path.join(STATE_DIR, `worker-${workerId()}`);
	const state = readState();
	const host = new SharedHost(
		{ userFolder, port: BASE_PORT + offset, env: sharedHostEnv() },
		state?.pid,
	);
	fs.rmSync(clockFile(), { force: true });
	if (state?.runId === process.env.AESTHETIX_RUN_ID && alive(state.pid)) {
		await emptyHost(host);
		return {
			host,
			logFrom: fs.statSync(host.logFile).size,
			freshAt: state.releasedAt + CREDENTIAL_REFRESH_MS,
		};
	}
	// A host of an earlier run that ended without its teardown (Ctrl-C) would hold the port.
	if (state && alive(state.pid)) await stopGroup(state.pid);
	fs.rmSync(userFolder, { recursive: true, force: true, maxRetries: 5 });
	if (process.env.AESTHETIX_USER_FOLDER_TEMPLATE)
		host.copyUserFolder(process.env.AESTHETIX_USER_FOLDER_TEMPLATE);
	else
		throw new Error('a shared host needs the run’s prepared user folder (test/e2e/globalSetup.js)');
	fs.rmSync(stateFile(), { force: true });
	await host.start();
	return { host, logFrom: 0, freshAt: 0 };
}

/** Takes the suite's workflows and credentials out again, so the host idles until the next suite. */
async function releaseSharedHost(host) {
	try {
		// A suite that failed after killing its host leaves nothing running to empty: the next starts anew.
		if (alive(host.pid)) await emptyHost(host);
	} finally {
		fs.rmSync(clockFile(), { force: true });
		const state = readState();
		if (state) writeState({ ...state, releasedAt: Date.now() });
	}
}

/** The run's teardown: stops every host this run shared. */
async function stopSharedHosts() {
	if (!fs.existsSync(STATE_DIR)) return;
	for (const name of fs.readdirSync(STATE_DIR).filter((n) => /^worker-\d+\.json$/.test(n))) {
		const state = readState(path.join(STATE_DIR, name));
		if (state && state.runId === process.env.AESTHETIX_RUN_ID && alive(state.pid))
			await stopGroup(state.pid);
	}
}

module.exports = {
	sharingAvailable,
	acquireSharedHost,
	releaseSharedHost,
	stopSharedHosts,
	clockFile,
};
