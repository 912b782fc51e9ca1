import { bellPage } from './bellPage';
import type { InboxResponse, Visit } from './inboxRoute';

export async function showBell({ deps, session, ctx }: Visit): Promise<InboxResponse> {
	return {
		status: 200,
		html: bellPage(ctx, await deps.store.notifications.forUser(session.user.id)),
	};
}

/** Mark as read: only the user's own notification changes. */
export async function markRead({ req, deps, session }: Visit): Promise<InboxResponse> {
	await deps.store.notifications.markRead(session.user.id, Number(req.body.id));
	return { status: 303, redirect: `${deps.base}/bell` };
}
