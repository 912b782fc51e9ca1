import { httpStatus, staleBefore, type ResumePost } from '../run/resume';
import type { WorkspaceStore } from '../store';

/** A completion still `completing` after this long was interrupted (the process died) and is requeued. */
export const COMPLETION_TIMEOUT_MS = 5 * 60_000;
/** A resume still unsettled after this long was interrupted and may be tried again. */
export const RESUME_TIMEOUT_MS = 2 * 60_000;
/** A resume n8n could not take is tried again no sooner than this, by whichever request or waker tick comes next. */
export const RESUME_RETRY_EVERY_MS = 5_000;
/** Pauses between tries while n8n is briefly unavailable (restarting, overloaded). */
const RETRY_DELAYS_MS = [500, 2_000];

export type ResumeState = 'resumed' | 'retrying' | 'moved_on' | 'already_resuming';

export interface ResumeOutcome {
	state: ResumeState;
	/** What the person who completed the task should be told. */
	note?: string;
}

/**
 * n8n answers 404 (execution gone), 409 (finished or already running: the wait limit passed) or
 * 401 (the execution's token changed) when the execution no longer waits for this resume. Anything
 * else (refused connection, timeout, 5xx, 429) says n8n could not take it now.
 */
function executionMovedOn(error: unknown): boolean {
	const status = httpStatus(error);
	return status === 401 || status === 404 || status === 409;
}

function reason(error: unknown): string {
	const status = httpStatus(error);
	const message = (error as Error)?.message ?? String(error);
	return status ? `HTTP ${status}: ${message}` : message;
}

/**
 * Resumes the waiting node once all its tasks are done, once across every process: whoever claims
 * the resume posts it, retrying while n8n is briefly unavailable. If n8n still cannot take it, the
 * tasks stay marked `retrying` and `retryPendingResumes` tries again later.
 */
export async function resumeWaitingNode(
	store: WorkspaceStore,
	waiting: { execution_id: string; node_id: string; resume_url: string; task_ids: number[] },
	post: ResumePost,
	delays: number[] = RETRY_DELAYS_MS,
): Promise<ResumeOutcome> {
	const tasks = store.manualTasks;
	if (
		!(await tasks.claimResume(
			waiting.execution_id,
			waiting.node_id,
			staleBefore(RESUME_TIMEOUT_MS),
		))
	) {
		return { state: 'already_resuming' };
	}
	let lastError: unknown;
	for (let attempt = 0; attempt <= delays.length; attempt++) {
		if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, delays[attempt - 1]));
		try {
			await post(waiting.resume_url, { tasks: waiting.task_ids });
			await tasks.settleResume(waiting.execution_id, waiting.node_id, 'resumed', null);
			return { state: 'resumed' };
		} catch (error) {
			if (executionMovedOn(error)) {
				await tasks.settleResume(waiting.execution_id, waiting.node_id, 'moved_on', reason(error));
				// The wait limit passed and the workflow went on: the work is still recorded on the contact.
				return {
					state: 'moved_on',
					note: `The workflow had already moved on (${reason(error)}); the task is recorded on the contact.`,
				};
			}
			lastError = error;
		}
	}
	await tasks.settleResume(waiting.execution_id, waiting.node_id, 'retrying', reason(lastError));
	return {
		state: 'retrying',
		note:
			`The task is saved, but n8n did not take the resume of the workflow yet (${reason(lastError)}). ` +
			'It is tried again each time the Inbox, the workspace endpoint or the Manual Actions node is used, and by the endpoint every 30 seconds.',
	};
}

/**
 * Returns interrupted completions to the queue and tries again the resumes n8n could not take.
 * Called from every entry point a person or a provider reaches (the Inbox, the endpoint, the
 * Manual Actions node), so the work is finished by whatever comes next; each waiting node is tried
 * at most once per RESUME_RETRY_EVERY_MS across processes.
 */
export async function sweepManualTasks(store: WorkspaceStore, post: ResumePost): Promise<void> {
	await store.manualTasks.requeueStale(staleBefore(COMPLETION_TIMEOUT_MS));
	for (const waiting of await store.manualTasks.pendingResumes(
		staleBefore(RESUME_RETRY_EVERY_MS),
		staleBefore(RESUME_TIMEOUT_MS),
	)) {
		await resumeWaitingNode(store, waiting, post, []);
	}
}

const sweeps = new WeakMap<WorkspaceStore, { at: number; running: Promise<void> }>();

/**
 * sweepManualTasks, at most once per RESUME_RETRY_EVERY_MS for a workspace in this process: the
 * endpoint calls it on every request, and in a burst of callbacks one sweep finds all there is to
 * find (a resume is tried again no sooner than that anyway). Callers in between share the last one.
 */
export function sweepNowAndThen(store: WorkspaceStore, post: ResumePost): Promise<void> {
	const now = Date.now();
	const last = sweeps.get(store);
	if (last && now - last.at < RESUME_RETRY_EVERY_MS) return last.running;
	const running = sweepManualTasks(store, post);
	sweeps.set(store, { at: now, running: running.catch(() => undefined) });
	return running;
}
