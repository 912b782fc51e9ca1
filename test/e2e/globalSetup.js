// Before any end-to-end suite: install the n8n host once (minutes on a new machine, so outside any
// test's timeout) and pack this package once for every suite to install.
const path = require('node:path');
const {
	ensureN8nInstalled,
	packPackage,
	PROJECT_ROOT,
	N8N_VERSION,
} = require('../support/n8nHost');

module.exports = async () => {
	process.stdout.write(
		`\nEnd-to-end suites run against n8n ${N8N_VERSION} (AESTHETIX_N8N_VERSION chooses another).\n`,
	);
	await ensureN8nInstalled((line) => process.stdout.write(`\n${line}\n`));
	process.env.AESTHETIX_PACKAGE_TARBALL ||= packPackage(
		path.join(PROJECT_ROOT, 'test-artifacts', 'pack'),
	);
};
