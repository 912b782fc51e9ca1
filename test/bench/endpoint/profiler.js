// A V8 CPU profile of one phase of an n8n process, through the inspector the process was started
// with (`--inspect=127.0.0.1:<port>`): only the burst is sampled, not n8n's start-up.
/* global WebSocket */

async function inspectorUrl(port) {
	const deadline = Date.now() + 15_000;
	for (;;) {
		try {
			const [target] = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
			if (target) return target.webSocketDebuggerUrl;
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline) throw new Error(`no inspector answered on port ${port}`);
		await new Promise((r) => setTimeout(r, 200));
	}
}

class Profiler {
	static async attach(port) {
		const socket = new WebSocket(await inspectorUrl(port));
		await new Promise((resolve, reject) => {
			socket.onopen = resolve;
			socket.onerror = () =>
				reject(new Error(`the inspector on port ${port} refused the connection`));
		});
		return new Profiler(socket);
	}

	constructor(socket) {
		this.socket = socket;
		this.next = 1;
		this.pending = new Map();
		socket.onmessage = (message) => {
			const data = JSON.parse(message.data);
			const waiter = this.pending.get(data.id);
			if (!waiter) return;
			this.pending.delete(data.id);
			if (data.error) waiter.reject(new Error(data.error.message));
			else waiter.resolve(data.result);
		};
	}

	send(method, params = {}) {
		const id = this.next++;
		this.socket.send(JSON.stringify({ id, method, params }));
		return new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
	}

	async start() {
		await this.send('Profiler.enable');
		// 1 ms: fine enough for requests of a few milliseconds, cheap enough not to change the result much.
		await this.send('Profiler.setSamplingInterval', { interval: 1000 });
		await this.send('Profiler.start');
	}

	async stop() {
		const { profile } = await this.send('Profiler.stop');
		return profile;
	}

	/** The JavaScript heap in use after a full garbage collection, in MB: what a process keeps, without its garbage. */
	async heapAfterGcMb() {
		await this.send('HeapProfiler.collectGarbage');
		const { usedSize } = await this.send('Runtime.getHeapUsage');
		return usedSize / 1024 / 1024;
	}

	close() {
		this.socket.close();
	}
}

module.exports = { Profiler };
