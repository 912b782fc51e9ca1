import { isScriptUrl } from '../links/safeUrl';
import type { InAppNotification } from '../store/notifications';
import { html } from './html';
import { layout, type PageContext } from './layout';

/** The notification bell: the user's in-app notifications, each marked read with a button. */
export function bellPage(ctx: PageContext, notifications: InAppNotification[]): string {
	const rows = notifications.map(
		(
			n,
		) => html`<div class="card notification${n.read_at ? '' : ' unread'}"><div class="grow"><strong>${n.title}</strong><div>${n.message}</div>
			${n.redirect_page && !isScriptUrl(n.redirect_page) && html`<a href="${n.redirect_page}">Open</a>`}</div>
			${
				n.read_at
					? html`<span class="muted">Read</span>`
					: html`<form method="post" action="${ctx.base}/bell"><input type="hidden" name="csrf" value="${ctx.csrf}">
			<input type="hidden" name="id" value="${n.id}"><button class="btn secondary">Mark as read</button></form>`
			}</div>`,
	);
	return layout(
		'Notifications',
		html`<h1>Notifications</h1>${rows.length ? rows : html`<p class="muted">No notifications.</p>`}`,
		ctx,
	);
}
