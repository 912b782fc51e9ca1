import type { ITriggerFunctions, ITriggerResponse } from 'n8n-workflow';
import { callingHoursNow } from '../../core/run/clock';
import { wakeDueItems } from '../../core/run/wakeDueItems';
import { resumePost } from '../shared/transport/resume';
import { workspaceStore } from '../shared/transport/workspace';

/** How often the endpoint looks for items whose calling window has opened. */
const DEFAULT_INTERVAL_MS = 30_000;

function interval(): number {
	const configured = Number(process.env.AESTHETIX_WAKER_INTERVAL_MS);
	return Number.isFinite(configured) && configured >= 100 ? configured : DEFAULT_INTERVAL_MS;
}

/**
 * Calling Hours' waker, started by n8n with the endpoint's workflow (on the leader main only, in
 * queue mode): every interval it wakes the Call, Voicemail and Send SMS nodes whose items' calling
 * windows have opened. Its state is the workspace store, so a restart loses nothing.
 */
export async function startWindowWaker(
	this: ITriggerFunctions,
): Promise<ITriggerResponse | undefined> {
	// A test run from the editor only listens for the endpoint's requests.
	if (this.getMode() === 'manual') return undefined;
	let busy = false;
	const tick = async () => {
		if (busy) return;
		busy = true;
		try {
			const store = await workspaceStore(this);
			await wakeDueItems(store, resumePost(this), callingHoursNow(), (message) =>
				this.logger.warn(message),
			);
		} catch (error) {
			this.logger.warn(
				`Calling Hours: looking for items whose window opened failed: ${(error as Error).message}`,
			);
		} finally {
			busy = false;
		}
	};
	const timer = setInterval(() => void tick(), interval());
	void tick();
	return {
		closeFunction: async () => {
			clearInterval(timer);
		},
	};
}
