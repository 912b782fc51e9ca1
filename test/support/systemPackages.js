// The tests need three Debian packages: postgresql (the store's tests start a private cluster),
// redis-server (the queue-mode test's queue) and chromium (the Inbox's browser tests). On a Debian machine where we are root, as in CI, missing
// ones are installed; elsewhere the run stops and says what to install.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');

const PACKAGES = {
	postgresql: () =>
		fs.existsSync('/usr/lib/postgresql') &&
		fs
			.readdirSync('/usr/lib/postgresql')
			.some((v) => fs.existsSync(`/usr/lib/postgresql/${v}/bin/initdb`)),
	'redis-server': () => fs.existsSync('/usr/bin/redis-server'),
	chromium: () => fs.existsSync(process.env.CHROMIUM_PATH || '/usr/bin/chromium'),
};

function ensureDebianPackages(log = () => {}) {
	const missing = Object.keys(PACKAGES).filter((name) => !PACKAGES[name]());
	if (missing.length === 0) return;
	const root = process.getuid && process.getuid() === 0;
	if (!root || !fs.existsSync('/usr/bin/apt-get')) {
		throw new Error(
			`The tests need Debian's ${missing.join(' and ')}: apt-get install ${missing.join(' ')} (or run .ci/run as root).`,
		);
	}
	log(`Installing ${missing.join(', ')} from Debian's packages (once)...`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	for (const args of [
		['update', '-qq'],
		['install', '-y', '-qq', ...missing],
	]) {
		const res = spawnSync('apt-get', args, { env, encoding: 'utf8' });
		if (res.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed: ${res.stderr}`);
	}
}

module.exports = { ensureDebianPackages };
