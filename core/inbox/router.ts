import { TextSendError, type TextTransport } from '../../providers/twilio';
import { ActionError } from '../run/errors';
import { completeManualTask } from '../manualActions/completeTask';
import type { ResumePost } from '../run/resume';
import type { WorkspaceStore } from '../store';
import type { ManualTask } from '../store/manualTasks';
import {
	csrfMatches,
	formTokenMatches,
	isAdmin,
	sessionFor,
	SESSION_HOURS,
	signIn,
	signOut,
	type InboxSession,
} from './auth';
import { bellPage } from './bellPage';
import type { PageContext } from './layout';
import { queuePage, taskPage, type QueueEntry } from './manualActionPages';
import { messagePage } from './messagePage';
import { loginPage, setPasswordPage } from './signInPages';
import { passwordLinkUser, usePasswordLink } from './passwordLinks';
import { formBinding as bindForm, pageCookie, signInAnswer } from './signInForm';
import { contactsRoute, conversationRoute } from './contactRoutes';
import { reputationRoute } from './reputationPage';
import { statisticsRoute } from './statisticsPage';
import { handleTemplates, type TemplatesDeps } from './templatesRoute';

export const SESSION_COOKIE = 'aesthetix_inbox';
/** A random value the sign-in and set-password forms are bound to before anyone is signed in. */
export const FORM_COOKIE = 'aesthetix_inbox_form';

export const INBOX_PAGES = [
	'login',
	'logout',
	'task',
	'bell',
	'set-password',
	'contacts',
	'contact',
	'reputation',
	'statistics',
	'templates',
	'template',
] as const;

export interface InboxRequest {
	method: string;
	/** The route under the Inbox: '', or one of INBOX_PAGES. */
	route: string;
	query: Record<string, unknown>;
	body: Record<string, unknown>;
	cookie?: string;
	formCookie?: string;
	secure: boolean;
	/** The visitor's network address, as n8n resolved it (behind a proxy, set N8N_PROXY_HOPS). */
	address: string;
}

export interface InboxResponse {
	status: number;
	html?: string;
	redirect?: string;
	setCookie?: string[];
	headers?: Record<string, string>;
	/** Origins the page plays recordings from, which its CSP must allow as media sources. */
	mediaSources?: string[];
}

export interface InboxDeps {
	store: WorkspaceStore;
	/** The Inbox's own address, such as /webhook/aesthetix/inbox. */
	base: string;
	texts?: TextTransport;
	resume: ResumePost;
	/** What the Templates pages send tests and drafts with. */
	templates?: Omit<TemplatesDeps, 'store' | 'base'>;
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

function cookie(
	name: string,
	value: string,
	deps: InboxDeps,
	req: InboxRequest,
	maxAge: number,
): string {
	return pageCookie(name, value, deps.base, req.secure, maxAge);
}

/** The form cookie the request brought, or a new one to set with the page. */
const formBinding = (req: InboxRequest, deps: InboxDeps) =>
	bindForm(deps.store, {
		cookie: req.formCookie,
		name: FORM_COOKIE,
		path: deps.base,
		secure: req.secure,
	});

const EXPIRED_FORM = 'This form has expired. Reload the page and try again.';

async function login(req: InboxRequest, deps: InboxDeps): Promise<InboxResponse> {
	const { store, base } = deps;
	const form = await formBinding(req, deps);
	const notice =
		req.query.password === 'set' ? 'Your password is set. Sign in with it.' : undefined;
	const page = (
		status: number,
		error?: string,
		headers?: Record<string, string>,
	): InboxResponse => ({
		status,
		html: loginPage({ base, csrf: form.token }, error, notice),
		setCookie: form.setCookie,
		headers,
	});
	if (req.method !== 'POST') return page(200);
	if (!(await formTokenMatches(store, req.formCookie, req.body.csrf)))
		return page(403, EXPIRED_FORM);
	const result = await signIn(
		store,
		String(req.body.email ?? ''),
		String(req.body.password ?? ''),
		req.address,
	);
	return signInAnswer(result, {
		page,
		refused: 'That email and password do not match an active team user.',
		signedIn: (token) => ({
			status: 303,
			redirect: base,
			setCookie: [cookie(SESSION_COOKIE, token, deps, req, SESSION_HOURS * 3600)],
		}),
	});
}

/** The page a set-password link opens: the team user chooses their password, and signs in with it. */
async function setPassword(req: InboxRequest, deps: InboxDeps): Promise<InboxResponse> {
	const { store, base } = deps;
	const form = await formBinding(req, deps);
	const token = String((req.method === 'POST' ? req.body.token : req.query.token) ?? '');
	const gone: InboxResponse = {
		status: 410,
		html: messagePage(
			{ base },
			'Link expired',
			'This set-password link has expired or was already used. Ask the workspace owner for a new one.',
		),
	};
	const page = (status: number, error?: string): InboxResponse => ({
		status,
		html: setPasswordPage({ base, csrf: form.token }, token, error),
		setCookie: form.setCookie,
	});
	if (req.method !== 'POST')
		return (await passwordLinkUser(store, token)) === undefined ? gone : page(200);
	if (!(await formTokenMatches(store, req.formCookie, req.body.csrf)))
		return page(403, EXPIRED_FORM);
	const password = String(req.body.password ?? '');
	if (password !== String(req.body.confirm ?? '')) return page(400, 'The two passwords differ.');
	const result = await usePasswordLink(store, token, password);
	if (result.outcome === 'invalid') return gone;
	if (result.outcome === 'unusable') return page(400, result.problem);
	return { status: 303, redirect: `${base}/login?password=set` };
}

/** The Inbox pages: sign-in, the Manual Actions queue, a task, and the notification bell. */
export async function handleInbox(req: InboxRequest, deps: InboxDeps): Promise<InboxResponse> {
	const { store, base } = deps;
	if (req.route === 'login') return login(req, deps);
	if (req.route === 'set-password') return setPassword(req, deps);
	const session = await sessionFor(store, req.cookie);
	if (!session) return { status: 303, redirect: `${base}/login` };
	// Every form carries the session's CSRF token; a post without it changes nothing.
	if (req.method === 'POST' && !csrfMatches(session, req.body.csrf))
		return { status: 403, html: 'Forbidden: the form has expired. Reload the page.' };
	const ctx: PageContext = {
		base,
		user: session.user,
		csrf: session.csrfToken,
		unread: await store.notifications.unreadCount(session.user.id),
	};

	if (req.route === 'logout') {
		// Only the Sign out form (a POST with the session's token) signs out: a link or an image cannot.
		if (req.method !== 'POST') return { status: 303, redirect: base };
		await signOut(store, req.cookie);
		return {
			status: 303,
			redirect: `${base}/login`,
			setCookie: [cookie(SESSION_COOKIE, '', deps, req, 0)],
		};
	}
	if (req.route === 'templates' || req.route === 'template') {
		if (!isAdmin(session.user))
			return {
				status: 403,
				html: messagePage(ctx, 'Templates', 'Only owners and admins can edit templates.'),
			};
		return handleTemplates(req, ctx, {
			company: { name: '', phone: '', time_zone: 'UTC' },
			...deps.templates,
			texts: deps.texts,
			store,
			base,
		});
	}
	if (req.route === 'bell') {
		if (req.method === 'POST') {
			await store.notifications.markRead(session.user.id, Number(req.body.id));
			return { status: 303, redirect: `${base}/bell` };
		}
		return { status: 200, html: bellPage(ctx, await store.notifications.forUser(session.user.id)) };
	}
	if (req.route === 'contacts') return contactsRoute(store, session, ctx, req.query);
	if (req.route === 'contact')
		return conversationRoute(
			store,
			session,
			ctx,
			req.method === 'POST' ? req.body : req.query,
			req.method === 'POST' ? req.body : undefined,
		);
	if (req.route === 'reputation') return reputationRoute(store, session, ctx, req.method, req.body);
	if (req.route === 'statistics')
		return statisticsRoute(
			{ ...ctx, user: session.user },
			store,
			req.query,
			req.method === 'POST' ? req.body : undefined,
		);
	if (req.route === 'task') {
		const id = Number(req.method === 'POST' ? req.body.id : req.query.id);
		const task = Number.isInteger(id) ? await store.manualTasks.get(id) : undefined;
		if (!task || !mayWork(session, task))
			return { status: 404, html: 'No such task in your queue.' };
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
				!done.completedNow
					? 'That task was already completed.'
					: task.type === 'sms' && action === 'send'
						? 'Message sent.'
						: 'Task completed.',
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
