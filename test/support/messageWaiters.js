// What the provider doubles share: tests wait until N messages have arrived, without polling.
class MessageWaiters {
	constructor(messages) {
		this.messages = messages;
		this.waiters = [];
	}

	/** Call after every message arrives. */
	notify() {
		for (const waiter of [...this.waiters]) {
			if (this.messages().length >= waiter.count) {
				this.waiters.splice(this.waiters.indexOf(waiter), 1);
				waiter.resolve(this.messages());
			}
		}
	}

	waitFor(count, timeoutMs, noun) {
		if (this.messages().length >= count) return Promise.resolve(this.messages());
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => {
				this.waiters.splice(this.waiters.indexOf(waiter), 1);
				reject(new Error(`expected ${count} ${noun}, got ${this.messages().length}`));
			}, timeoutMs);
			const waiter = { count, resolve: (messages) => (clearTimeout(timer), resolve(messages)) };
			this.waiters.push(waiter);
		});
	}
}

module.exports = { MessageWaiters };
