// After the end-to-end suites: stop the n8n host each jest worker shared between its suites.
const { stopSharedHosts } = require('../support/sharedHost');

module.exports = stopSharedHosts;
