import { TextSendError, type TextTransport } from '../../providers/twilio';
import { ActionError } from '../actions/errors';
import { completeManualTask } from '../manualActions/completeTask';
import type { ResumePost } from '../manualActions/resumeWorkflow';
import type { WorkspaceStore } from '../store';
import type { ManualTask } from '../store/manualTasks';
import { csrfMatches, isAdmin, sessionFor, signIn, signOut, type InboxSession } from './auth';
import { bellPage, loginPage, queuePage, taskPage, type PageContext, type QueueEntry } from './pages';
import { statisticsRoute } from './statisticsPage';

export const SESSION_COOKIE = 'aesthetix_inbox';

export interface InboxRequest {
	method: string;
	/** The route under the Inbox: '', 'login', 'logout', 'task', 'bell', 'statistics'. */
	route: string;
	query: Record<string, unknown>;
	body: Record<string, unknown>;
	cookie?: string;
	secure: boolean;
}

export interface InboxResponse {
	status: number;
	html?: string;
	redirect?: string;
	setCookie?: string;
}

export interface InboxDeps {
	store: WorkspaceStore;
	/** The Inbox's own address, such as /webhook/aesthetix/inbox. */
	base: string;
	texts?: TextTransport;
	resume: ResumePost;
}

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

function cookie(value: string, deps: InboxDeps, req: InboxRequest, maxAge: number): string {
	return `${SESSION_COOKIE}=${value}; Path=${deps.base}; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${req.secure ? '; Secure' : ''}`;
}

/** The Inbox pages: sign-in, the Manual Actions queue, a task, and the notification bell. */
export async function handleInbox(req: InboxRequest, deps: InboxDeps): Promise<InboxResponse> {
	const { store, base } = deps;
	if (req.route === 'login') {
		if (req.method !== 'POST') return { status: 200, html: loginPage({ base }) };
		const signedIn = await signIn(store, String(req.body.email ?? ''), String(req.body.password ?? ''));
		if (!signedIn) return { status: 401, html: loginPage({ base }, 'That email and password do not match an active team user.') };
		return { status: 303, redirect: base, setCookie: cookie(signedIn.token, deps, req, 12 * 3600) };
	}
	const session = await sessionFor(store, req.cookie);
	if (!session) return { status: 303, redirect: `${base}/login` };
	// Every form carries the session's CSRF token; a post without it changes nothing.
	if (req.method === 'POST' && !csrfMatches(session, req.body.csrf)) return { status: 403, html: 'Forbidden: the form has expired. Reload the page.' };
	const ctx: PageContext = { base, user: session.user, csrf: session.csrfToken, unread: await store.notifications.unreadCount(session.user.id) };

	if (req.route === 'logout') {
		await signOut(store, req.cookie);
		return { status: 303, redirect: `${base}/login`, setCookie: cookie('', deps, req, 0) };
	}
	if (req.route === 'bell') {
		if (req.method === 'POST') {
			await store.notifications.markRead(session.user.id, Number(req.body.id));
			return { status: 303, redirect: `${base}/bell` };
		}
		return { status: 200, html: bellPage(ctx, await store.notifications.forUser(session.user.id)) };
	}
	if (req.route === 'statistics') return statisticsRoute({ ...ctx, user: session.user }, store, req.query);
	if (req.route === 'task') {
		const id = Number(req.method === 'POST' ? req.body.id : req.query.id);
		const task = Number.isInteger(id) ? await store.manualTasks.get(id) : undefined;
		if (!task || !mayWork(session, task)) return { status: 404, html: 'No such task in your queue.' };
		if (req.method !== 'POST') {
			if (task.status !== 'pending') return { status: 303, redirect: base };
			return { status: 200, html: taskPage(ctx, await entry(store, task)) };
		}
		const action = String(req.body.action ?? '');
		try {
			const done = await completeManualTask(
				store,
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
				!done.completedNow ? 'That task was already completed.' : task.type === 'sms' && action === 'send' ? 'Message sent.' : 'Task completed.',
				done.note,
			]
				.filter(Boolean)
				.join(' ');
			return { status: 303, redirect: `${base}?done=${encodeURIComponent(message)}` };
		} catch (error) {
			if (!(error instanceof ActionError) && !(error instanceof TextSendError)) throw error;
			return { status: 400, html: taskPage(ctx, await entry(store, task), error.message) };
		}
	}
	const tasks = await store.manualTasks.list({ status: 'pending', ...(isAdmin(session.user) ? {} : { assigneeUserId: session.user.id }) });
	const entries = await Promise.all(tasks.map((t) => entry(store, t)));
	return { status: 200, html: queuePage(ctx, entries, isAdmin(session.user), typeof req.query.done === 'string' ? req.query.done : undefined) };
}
