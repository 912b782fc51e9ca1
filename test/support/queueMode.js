// The environment every process of an n8n queue-mode set-up shares (main, webhook processes,
// workers), and a worker's own: Redis for the queue, PostgreSQL for n8n's database.

/**
 * `webhookUrl`: where resume URLs and the Inbox's links point, a main or webhook process.
 * `database`: n8n's own database on that server.
 */
function queueModeEnv({ redisPort, pgPort, webhookUrl, database = 'n8n' }) {
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
		N8N_WEBHOOK_URL: webhookUrl,
	};
}

/** A worker's health server on loopback only (it listens on every interface without the address). */
const workerEnv = (healthPort) => ({
	QUEUE_HEALTH_CHECK_ACTIVE: 'true',
	QUEUE_HEALTH_CHECK_PORT: String(healthPort),
	N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
});

module.exports = { queueModeEnv, workerEnv };
