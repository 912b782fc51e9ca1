// Each jest worker of the end-to-end tier gets its own block of ports: suites pick fixed ports (n8n,
// its task broker, PostgreSQL, Redis, file servers), and two suites running at once on two workers
// must not meet. Every suite reads AESTHETIX_PORT_OFFSET when it starts.
const worker = Number(process.env.JEST_WORKER_ID || 1);
process.env.AESTHETIX_PORT_OFFSET = String(
	Number(process.env.AESTHETIX_PORT_OFFSET || 0) + (worker - 1) * 1000,
);
