import { isAdmin } from './auth';
import { markRead, showBell } from './bellRoutes';
import { contactsRoute, conversationRoute } from './contactRoutes';
import type { InboxPage, InboxResponse, InboxRoute, Visit } from './inboxRoute';
import { completeTask, queue, showTask } from './manualActionRoutes';
import { messagePage } from './messagePage';
import { reputationRoute } from './reputationPage';
import { login, logout, setPassword } from './signInRoutes';
import { statisticsRoute } from './statisticsPage';
import { handleTemplates } from './templatesRoute';

/** A page that answers a GET and a POST alike (its handler reads the method, or ignores it). */
const either = (
	page: InboxPage,
	handler: (visit: Visit) => Promise<InboxResponse>,
): InboxRoute[] => [
	{ method: 'GET', page, handler },
	{ method: 'POST', page, handler },
];

async function templates({ req, deps, session, ctx }: Visit): Promise<InboxResponse> {
	if (!isAdmin(session.user))
		return {
			status: 403,
			html: messagePage(ctx, 'Templates', 'Only owners and admins can edit templates.'),
		};
	return handleTemplates(req, ctx, {
		company: { name: '', phone: '', time_zone: 'UTC' },
		...deps.templates,
		texts: deps.texts,
		store: deps.store,
		base: deps.base,
	});
}

/** Every Inbox page, by method. */
export const INBOX_ROUTES: InboxRoute[] = [
	{ method: 'GET', page: 'login', open: true, handler: login },
	{ method: 'POST', page: 'login', open: true, handler: login },
	{ method: 'GET', page: 'set-password', open: true, handler: setPassword },
	{ method: 'POST', page: 'set-password', open: true, handler: setPassword },
	// A link or an image cannot sign anyone out: a GET only goes back to the queue.
	{
		method: 'GET',
		page: 'logout',
		handler: async ({ deps }) => ({ status: 303, redirect: deps.base }),
	},
	{ method: 'POST', page: 'logout', handler: logout },
	...either('', queue),
	{ method: 'GET', page: 'task', handler: showTask },
	{ method: 'POST', page: 'task', handler: completeTask },
	{ method: 'GET', page: 'bell', handler: showBell },
	{ method: 'POST', page: 'bell', handler: markRead },
	...either('templates', templates),
	...either('template', templates),
	...either('contacts', ({ deps, session, ctx, req }) =>
		contactsRoute(deps.store, session, ctx, req.query),
	),
	{
		method: 'GET',
		page: 'contact',
		handler: ({ deps, session, ctx, req }) =>
			conversationRoute(deps.store, session, ctx, req.query),
	},
	{
		method: 'POST',
		page: 'contact',
		handler: ({ deps, session, ctx, req }) =>
			conversationRoute(deps.store, session, ctx, req.body, req.body),
	},
	...either('reputation', ({ deps, session, ctx, req }) =>
		reputationRoute(deps.store, session, ctx, req.method, req.body),
	),
	...either('statistics', ({ deps, session, ctx, req }) =>
		statisticsRoute(
			{ ...ctx, user: session.user },
			deps.store,
			req.query,
			req.method === 'POST' ? req.body : undefined,
		),
	),
];
