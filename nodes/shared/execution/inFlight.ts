/**
 * Calls `work(0..count-1)` with at most `limit` calls in flight, starting indexes in order. With
 * `stopOnFailure`, a failure stops new indexes from starting; the calls already running finish.
 * Returns the failures, lowest index first.
 */
export async function forEachInFlight(
	count: number,
	limit: number,
	stopOnFailure: boolean,
	work: (index: number) => Promise<void>,
): Promise<Array<{ index: number; error: unknown }>> {
	const failures: Array<{ index: number; error: unknown }> = [];
	let next = 0;
	const lane = async () => {
		while (next < count && !(stopOnFailure && failures.length > 0)) {
			const index = next++;
			try {
				await work(index);
			} catch (error) {
				failures.push({ index, error });
			}
		}
	};
	const lanes = Math.max(1, Math.min(Math.floor(limit) || 1, count));
	await Promise.all(Array.from({ length: lanes }, lane));
	return failures.sort((a, b) => a.index - b.index);
}
