// Before any end-to-end suite: install the n8n host once (minutes on a new machine, so outside any
// test's timeout), pack this package once, and prepare the n8n user folder every suite's host
// starts from a copy of (the package installed, n8n's database migrated).
const path = require('node:path');
const {
	ensureN8nInstalled,
	packPackage,
	prepareUserFolder,
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
	// Names this run's shared hosts (test/support/sharedHost.js), so none of an earlier run is reused.
	process.env.AESTHETIX_RUN_ID = `${process.pid}-${Date.now()}`;
	process.env.AESTHETIX_USER_FOLDER_TEMPLATE = await prepareUserFolder(
		process.env.AESTHETIX_PACKAGE_TARBALL,
		{ log: (line) => process.stdout.write(`\n${line}\n`) },
	);
};
