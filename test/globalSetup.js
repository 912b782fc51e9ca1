// Before any suite: the Debian packages the tests drive (see support/systemPackages.js).
const { ensureDebianPackages } = require('./support/systemPackages');

module.exports = async () => {
	ensureDebianPackages((line) => process.stdout.write(`\n${line}\n`));
};
