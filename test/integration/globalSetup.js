// Before the integration suites: one PostgreSQL cluster for the whole run, a database per suite.
const { startSharedPostgres } = require('../support/postgres');

module.exports = startSharedPostgres;
