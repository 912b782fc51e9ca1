const { stopSharedPostgres } = require('../support/postgres');

module.exports = stopSharedPostgres;
