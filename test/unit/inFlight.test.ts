import { forEachInFlight } from '../../nodes/shared/execution/inFlight';
import { Pacer } from '../../providers/pacing';

const tick = () => new Promise((r) => setImmediate(r));

describe('items in flight', () => {
	it('keeps at most the bound in flight and starts items in input order', async () => {
		const started: number[] = [];
		let inFlight = 0;
		let most = 0;
		await forEachInFlight(12, 4, true, async (i) => {
			started.push(i);
			most = Math.max(most, ++inFlight);
			await new Promise((r) => setTimeout(r, 5 + ((i * 7) % 4)));
			inFlight--;
		});
		expect(started).toEqual([...Array(12).keys()]);
		expect(most).toBe(4);
	});

	it('stops starting items after a failure, lets the running ones finish, and reports the lowest failure first', async () => {
		const finished: number[] = [];
		const failures = await forEachInFlight(10, 3, true, async (i) => {
			await new Promise((r) => setTimeout(r, i === 2 ? 1 : 20));
			if (i === 1 || i === 2) throw new Error(`item ${i}`);
			finished.push(i);
		});
		expect(failures.map((f) => f.index)).toEqual([1, 2]);
		// Item 2 failed first, so nothing after it started; 0 and 1 were already running and finished.
		expect(finished).toEqual([0]);
	});

	it('goes through every item when failures do not stop it', async () => {
		const failures = await forEachInFlight(6, 2, false, async (i) => {
			await tick();
			if (i % 2 === 0) throw new Error(`item ${i}`);
		});
		expect(failures.map((f) => f.index)).toEqual([0, 2, 4]);
	});

	it('treats a bound below one as one at a time', async () => {
		let inFlight = 0;
		let most = 0;
		await forEachInFlight(5, 0, true, async () => {
			most = Math.max(most, ++inFlight);
			await tick();
			inFlight--;
		});
		expect(most).toBe(1);
	});
});

describe('pacing a sender', () => {
	it('lets a burst through, then one call per interval, per key', async () => {
		let clock = 0;
		const waits: number[] = [];
		const pacer = new Pacer(
			2,
			2,
			() => clock,
			async (ms) => {
				waits.push(ms);
			},
		);
		for (let i = 0; i < 5; i++) await pacer.take('+15550009999');
		// Two at once, then the next three 500, 1000 and 1500 ms out.
		expect(waits).toEqual([500, 1000, 1500]);
		await pacer.take('+15550008888');
		expect(waits).toHaveLength(3);
		clock += 10_000;
		await pacer.take('+15550009999');
		expect(waits).toHaveLength(3);
	});

	it('never waits with a rate of 0', async () => {
		const sleep = jest.fn(async () => undefined);
		const pacer = new Pacer(0, 1, () => 0, sleep);
		for (let i = 0; i < 50; i++) await pacer.take();
		expect(sleep).not.toHaveBeenCalled();
	});
});
