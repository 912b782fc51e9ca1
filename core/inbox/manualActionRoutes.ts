import { TextSendError } from '../../providers/twilio';
import { completeManualTask } from '../manualActions/completeTask';
import { ActionError } from '../run/errors';
import type { WorkspaceStore } from '../store';
import type { ManualTask } from '../store/manualTasks';
import { isAdmin, type InboxSession } from './auth';
import type { InboxResponse, Visit } from './inboxRoute';
import { queuePage, taskPage, type QueueEntry } from './manualActionPages';

/** A user sees their own tasks; admins see everyone's and the unassigned ones. */
function mayWork(session: InboxSession, task: ManualTask): boolean {
	return isAdmin(session.user) || task.assignee_user_id === session.user.id;
}

async function entry(store: WorkspaceStore, task: ManualTask): Promise<QueueEntry> {
	return {
		task,
		contact: await store.contacts.get(task.contact_id),
		assignee: task.assignee_user_id ? await store.teamUsers.get(task.assignee_user_id) : undefined,
	};
}

/** The queue of pending tasks, with what the last completion did. */
export async function queue({ req, deps, session, ctx }: Visit): Promise<InboxResponse> {
	const { store } = deps;
	const tasks = await store.manualTasks.list({
		status: 'pending',
		...(isAdmin(session.user) ? {} : { assigneeUserId: session.user.id }),
	});
	const entries = await Promise.all(tasks.map((t) => entry(store, t)));
	return {
		status: 200,
		html: queuePage(
			ctx,
			entries,
			isAdmin(session.user),
			typeof req.query.done === 'string' ? req.query.done : undefined,
		),
	};
}

/** The task the request names, when it is one the user may work. */
async function taskOf(visit: Visit, id: unknown): Promise<ManualTask | undefined> {
	const number = Number(id);
	const task = Number.isInteger(number)
		? await visit.deps.store.manualTasks.get(number)
		: undefined;
	return task && mayWork(visit.session, task) ? task : undefined;
}

const NO_TASK: InboxResponse = { status: 404, html: 'No such task in your queue.' };

/** A pending task's page; a completed one returns to the queue. */
export async function showTask(visit: Visit): Promise<InboxResponse> {
	const { req, deps, ctx } = visit;
	const task = await taskOf(visit, req.query.id);
	if (!task) return NO_TASK;
	if (task.status !== 'pending') return { status: 303, redirect: deps.base };
	return { status: 200, html: taskPage(ctx, await entry(deps.store, task)) };
}

/** Send, Save outcome or Delete: the task is completed once, and the queue says what happened. */
export async function completeTask(visit: Visit): Promise<InboxResponse> {
	const { req, deps, session, ctx } = visit;
	const task = await taskOf(visit, req.body.id);
	if (!task) return NO_TASK;
	const action = String(req.body.action ?? '');
	try {
		const done = await completeManualTask(
			deps.store,
			task.id,
			{
				completedBy: session.user.name,
				message: action === 'send' ? String(req.body.message ?? '') : undefined,
				outcome: action === 'outcome' ? String(req.body.outcome ?? '') : undefined,
				notes: action === 'outcome' ? String(req.body.notes ?? '') : undefined,
				skipSending: action === 'delete',
			},
			{ texts: deps.texts, resume: deps.resume },
		);
		const message = [
			!done.completedNow
				? 'That task was already completed.'
				: task.type === 'sms' && action === 'send'
					? 'Message sent.'
					: 'Task completed.',
			done.note,
		]
			.filter(Boolean)
			.join(' ');
		return { status: 303, redirect: `${deps.base}?done=${encodeURIComponent(message)}` };
	} catch (error) {
		if (!(error instanceof ActionError) && !(error instanceof TextSendError)) throw error;
		return { status: 400, html: taskPage(ctx, await entry(deps.store, task), error.message) };
	}
}
