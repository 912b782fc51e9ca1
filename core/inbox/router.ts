import { csrfMatches, sessionFor } from './auth';
import type { InboxDeps, InboxRequest, InboxResponse } from './inboxRoute';
import type { PageContext } from './layout';
import { INBOX_ROUTES } from './routes';

export { INBOX_PAGES } from './inboxRoute';
export type { InboxDeps, InboxRequest, InboxResponse } from './inboxRoute';
export { FORM_COOKIE, SESSION_COOKIE } from './signInRoutes';

/**
 * The Inbox: the route table's handler for the page and method. Every page but signing in needs a
 * session; every form posted to one carries the session's CSRF token, and a post without it changes
 * nothing.
 */
export async function handleInbox(req: InboxRequest, deps: InboxDeps): Promise<InboxResponse> {
	const method = req.method === 'POST' ? 'POST' : 'GET';
	const route = INBOX_ROUTES.find((r) => r.page === req.route && r.method === method);
	if (!route) return { status: 404, html: 'No such page in the Inbox.' };
	if (route.open) return route.handler(req, deps);
	const { store, base } = deps;
	const session = await sessionFor(store, req.cookie);
	if (!session) return { status: 303, redirect: `${base}/login` };
	if (method === 'POST' && !csrfMatches(session, req.body.csrf))
		return { status: 403, html: 'Forbidden: the form has expired. Reload the page.' };
	const ctx: PageContext = {
		base,
		user: session.user,
		csrf: session.csrfToken,
		unread: await store.notifications.unreadCount(session.user.id),
	};
	return route.handler({ req, deps, session, ctx });
}
