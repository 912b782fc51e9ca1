import type { ITriggerFunctions, ITriggerResponse } from 'n8n-workflow';
import { sweepNowAndThen } from '../../core/manualActions/resumeWorkflow';
import { callingHoursNow } from '../../core/run/clock';
import { ProcessWaker } from '../../core/run/processWaker';
import { storeKey } from '../../core/store/openStore';
import { resumePost } from '../shared/transport/resume';
import { WORKSPACE_CREDENTIAL } from '../shared/transport/credentials';
import { storeConfig, workspaceStore } from '../shared/transport/workspace';

/** How often the waker looks for items whose calling window has opened. */
const DEFAULT_INTERVAL_MS = 30_000;

function interval(): number {
	const configured = Number(process.env.AESTHETIX_WAKER_INTERVAL_MS);
	return Number.isFinite(configured) && configured >= 100 ? configured : DEFAULT_INTERVAL_MS;
}

/** The one waker of this n8n process, shared by every Workspace Endpoint it runs. */
const waker = new ProcessWaker(() => ({ intervalMs: interval(), now: callingHoursNow }));

/**
 * Calling Hours' waker, started by n8n with the endpoint's workflow (on the leader main only, in
 * queue mode): the endpoint's workspace joins the process's one waker, which wakes the Call,
 * Voicemail and Send SMS nodes whose items' calling windows have opened, and tries again the
 * resumes of completed manual tasks that n8n did not take. Its state is the workspace
 * store, so a restart loses nothing.
 */
export async function startWindowWaker(
	this: ITriggerFunctions,
): Promise<ITriggerResponse | undefined> {
	// A test run from the editor only listens for the endpoint's requests.
	if (this.getMode() === 'manual') return undefined;
	const post = resumePost(this);
	const leave = waker.register({
		key: storeKey(storeConfig(await this.getCredentials(WORKSPACE_CREDENTIAL))),
		store: () => workspaceStore(this),
		post,
		log: (message) => this.logger.warn(message),
		sweep: (store) => sweepNowAndThen(store, post),
	});
	return { closeFunction: async () => leave() };
}
