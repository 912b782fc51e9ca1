/**
 * Paces calls to a provider per key (a sender, a channel): a token bucket of `burst` calls that
 * refills at `perSecond`. Callers over the rate wait their turn in arrival order instead of being
 * refused by the provider.
 */
export class Pacer {
	private readonly buckets = new Map<string, { tokens: number; at: number }>();

	constructor(
		private readonly perSecond: number,
		private readonly burst = 1,
		private readonly clock: () => number = Date.now,
		private readonly sleep: (ms: number) => Promise<void> = (ms) =>
			new Promise((r) => setTimeout(r, ms)),
	) {}

	/** Resolves when the call may go out; a rate of 0 or less never waits. */
	async take(key = ''): Promise<void> {
		if (!(this.perSecond > 0)) return;
		const now = this.clock();
		const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: now };
		bucket.tokens = Math.min(
			this.burst,
			bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond,
		);
		bucket.at = now;
		// Tokens below zero are turns already promised to earlier callers.
		bucket.tokens -= 1;
		this.buckets.set(key, bucket);
		if (bucket.tokens < 0) await this.sleep((-bucket.tokens / this.perSecond) * 1000);
	}
}
