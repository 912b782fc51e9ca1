// A throwaway Redis on loopback for the queue-mode test, from Debian's `redis-server` package:
// in memory only, stopped with the test.
const { spawn } = require('node:child_process');
const net = require('node:net');

function answersPing(port) {
	return new Promise((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		socket.once('error', () => resolve(false));
		socket.once('connect', () => socket.write('PING\r\n'));
		socket.once('data', (data) => {
			socket.destroy();
			resolve(data.toString().startsWith('+PONG'));
		});
	});
}

async function startRedis(port) {
	const proc = spawn(
		'/usr/bin/redis-server',
		['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
		{
			stdio: 'ignore',
			detached: true,
		},
	);
	const exited = new Promise((resolve) => proc.once('exit', resolve));
	const deadline = Date.now() + 15_000;
	while (!(await answersPing(port))) {
		if (proc.exitCode !== null || Date.now() > deadline)
			throw new Error(`redis-server did not start on port ${port}`);
		await new Promise((r) => setTimeout(r, 100));
	}
	return {
		port,
		async stop() {
			try {
				process.kill(-proc.pid, 'SIGTERM');
			} catch {
				return;
			}
			await exited;
		},
	};
}

module.exports = { startRedis };
