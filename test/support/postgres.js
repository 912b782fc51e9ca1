// A throwaway PostgreSQL server on loopback for the store's tests, from Debian's `postgresql` package.
// If AESTHETIX_TEST_PG_URL points at a running server, that one is used instead: the integration
// project's global setup starts one cluster per run and points it there, and each suite takes a
// database of its own in it.
const { spawnSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

function findBinDir() {
	const base = '/usr/lib/postgresql';
	if (!fs.existsSync(base)) return null;
	const versions = fs
		.readdirSync(base)
		.filter((v) => fs.existsSync(path.join(base, v, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length ? path.join(base, versions[0], 'bin') : null;
}

function freePort() {
	return new Promise((resolve, reject) => {
		const probe = net.createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const { port } = probe.address();
			probe.close(() => resolve(port));
		});
	});
}

/** Runs the server on `port` until it accepts a connection (started) or exits or 30 s pass (reason). */
async function launch(args, port) {
	const command = [...args, '-p', String(port)];
	const options = { stdio: ['ignore', 'ignore', 'pipe'], detached: true };
	const proc =
		process.getuid && process.getuid() === 0
			? spawn('runuser', ['-u', 'postgres', '--', ...command], options)
			: spawn(command[0], command.slice(1), options);
	let log = '';
	proc.stderr.on('data', (chunk) => {
		log = (log + chunk).slice(-2000);
	});
	let exited = false;
	proc.once('exit', () => {
		exited = true;
	});
	const config = { host: '127.0.0.1', port, user: 'postgres', password: '', database: 'postgres' };
	const { Client } = require('pg');
	const deadline = Date.now() + 30_000;
	for (;;) {
		// Something else on the port may accept and never answer.
		const client = new Client({ ...config, connectionTimeoutMillis: 2000 });
		try {
			await client.connect();
			await client.end();
			return { started: true, proc, config };
		} catch (error) {
			await client.end().catch(() => undefined);
			if (exited || Date.now() > deadline) {
				if (!exited) {
					// The data directory stays locked until this server has gone.
					const gone = new Promise((r) => proc.once('exit', r));
					stopGroup(proc);
					await gone;
				}
				const said = log.trim().split('\n').slice(-3).join(' / ');
				return {
					started: false,
					reason: `${error.message}${said ? `; the server said: ${said}` : ''}`,
				};
			}
			await new Promise((r) => setTimeout(r, 200));
		}
	}
}

function stopGroup(proc) {
	try {
		process.kill(-proc.pid, 'SIGINT');
	} catch {
		// already stopped
	}
}

function asPostgresUser(args, opts = {}) {
	// initdb and postgres refuse to run as root: run them as the `postgres` system user when we are root.
	if (process.getuid && process.getuid() === 0) {
		return spawnSync('runuser', ['-u', 'postgres', '--', ...args], { encoding: 'utf8', ...opts });
	}
	return spawnSync(args[0], args.slice(1), { encoding: 'utf8', ...opts });
}

/** `shared`: the run's one cluster, where suites in parallel workers must not take each other's names. */
function creator(config, { shared = false } = {}) {
	return async function createDatabase(wanted) {
		const name = shared ? `${wanted}_${process.pid}` : wanted;
		const { Client } = require('pg');
		const client = new Client(config);
		await client.connect();
		await client.query(`DROP DATABASE IF EXISTS "${name}"`);
		await client.query(`CREATE DATABASE "${name}"`);
		await client.end();
		return { ...config, database: name };
	};
}

/**
 * Starts a private cluster; returns its connection settings and a stop function. With `ssl` (PEM
 * `cert` and `key`), the server also accepts TLS connections with that certificate. `port`: a fixed
 * loopback port; a free one by default. `settings`: more server settings (`name=value`).
 */
async function startPostgres({ ssl, port: fixedPort, settings = [] } = {}) {
	if (process.env.AESTHETIX_TEST_PG_URL && !ssl && !settings.length) {
		const url = new URL(process.env.AESTHETIX_TEST_PG_URL);
		const config = {
			host: url.hostname,
			port: Number(url.port || 5432),
			user: decodeURIComponent(url.username),
			password: decodeURIComponent(url.password),
			database: url.pathname.slice(1) || 'postgres',
		};
		return { config, createDatabase: creator(config, { shared: true }), stop: async () => {} };
	}
	const bin = findBinDir();
	if (!bin)
		throw new Error('PostgreSQL is not installed: run `.ci/run`, or `apt-get install postgresql`.');
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aesthetix-pg-'));
	fs.chmodSync(dir, 0o777);
	const data = path.join(dir, 'data');
	const res = asPostgresUser([
		path.join(bin, 'initdb'),
		'-D',
		data,
		'-U',
		'postgres',
		'--auth=trust',
		'-E',
		'UTF8',
	]);
	if (res.status !== 0) throw new Error(`initdb failed: ${res.stderr}`);
	const args = [
		path.join(bin, 'postgres'),
		'-D',
		data,
		'-k',
		dir,
		'-c',
		'listen_addresses=127.0.0.1',
		'-c',
		'fsync=off',
		...settings.flatMap((setting) => ['-c', setting]),
	];
	if (ssl) {
		// The server refuses a key file others can read; as root, the files go to the postgres user.
		fs.writeFileSync(path.join(data, 'server.crt'), ssl.cert);
		fs.writeFileSync(path.join(data, 'server.key'), ssl.key, { mode: 0o600 });
		if (process.getuid && process.getuid() === 0)
			spawnSync('chown', [
				'postgres',
				path.join(data, 'server.crt'),
				path.join(data, 'server.key'),
			]);
		args.push('-c', 'ssl=on');
	}
	// A port the system has just handed out, tried again if something takes it before the server
	// binds it; the server's own words name the cause when it does not come up.
	let attempt = 0;
	let server;
	for (;;) {
		const port = fixedPort ?? (await freePort());
		server = await launch(args, port);
		if (server.started) break;
		attempt += 1;
		if (fixedPort || attempt >= 3)
			throw new Error(`PostgreSQL did not start on port ${port}: ${server.reason}`);
	}
	const { proc, config } = server;
	return {
		config,
		createDatabase: creator(config),
		stop: async () => {
			if (proc.exitCode === null && proc.signalCode === null) {
				const exited = new Promise((r) => proc.once('exit', r));
				stopGroup(proc);
				await exited;
			}
			fs.rmSync(dir, { recursive: true, force: true });
		},
	};
}

/** The run's one cluster (jest global setup), unless AESTHETIX_TEST_PG_URL names a server already. */
async function startSharedPostgres() {
	if (process.env.AESTHETIX_TEST_PG_URL) return;
	const pg = await startPostgres();
	const { host, port, user } = pg.config;
	process.env.AESTHETIX_TEST_PG_URL = `postgres://${user}@${host}:${port}/postgres`;
	globalThis.aesthetixSharedPostgres = pg;
}

/** Stops the cluster `startSharedPostgres` started (jest global teardown). */
async function stopSharedPostgres() {
	const pg = globalThis.aesthetixSharedPostgres;
	if (!pg) return;
	delete globalThis.aesthetixSharedPostgres;
	delete process.env.AESTHETIX_TEST_PG_URL;
	await pg.stop();
}

module.exports = { startPostgres, startSharedPostgres, stopSharedPostgres };
