// What every n8n process of a queue-mode set-up shares: Redis for the queue, PostgreSQL for n8n's own
// database, and the main's address for the URLs n8n hands out.
function queueModeEnv({ redisPort, pgPort, mainPort, database = 'n8n' }) {
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redisPort),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(pgPort),
		DB_POSTGRESDB_DATABASE: database,
		DB_POSTGRESDB_USER: 'postgres',
		DB_POSTGRESDB_PASSWORD: '',
		// Resume URLs and the Inbox's links must reach a main (or webhook) process, never a worker.
		N8N_WEBHOOK_URL: `http://127.0.0.1:${mainPort}/`,
	};
}

module.exports = { queueModeEnv };
