import type { TeamUser } from '../store/types';
import { isAdmin } from './auth';
import { html, type SafeHtml } from './html';
import { INBOX_CSS } from './styles.css';

/**
 * What every Inbox page is drawn with. Names, messages and notes on the pages come from contacts and
 * users: the pages are built with the html`` tag (./html), which escapes them.
 */
export interface PageContext {
	base: string;
	user?: TeamUser;
	csrf?: string;
	unread?: number;
}

/** The frame of every Inbox page: the header with the signed-in user's navigation, and the body. */
export function layout(title: string, body: SafeHtml, ctx: PageContext): string {
	const admin = ctx.user && isAdmin(ctx.user);
	const link = (href: string, long: string, short: string) =>
		html`<a href="${ctx.base}${href}"><span class="long">${long}</span><span class="short">${short}</span></a>`;
	const nav =
		ctx.user &&
		html`<nav>${link('', 'Manual Actions', 'Tasks')}${link('/contacts', 'Conversations', 'Contacts')}${admin && [link('/reputation', 'Reputation', 'Reviews'), link('/statistics', 'Statistics', 'Stats'), link('/templates', 'Templates', 'Templates')]}
		   <a href="${ctx.base}/bell" aria-label="Notifications"><span class="long">Notifications</span><span class="short">Bell</span>${ctx.unread ? html`<span class="badge" id="unread">${ctx.unread}</span>` : null}</a>
		   <form class="inline" method="post" action="${ctx.base}/logout"><input type="hidden" name="csrf" value="${ctx.csrf}"><button>Sign out</button></form></nav>`;
	return html`<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Inbox</title><style>${INBOX_CSS}</style>
<header><span class="grow">Inbox${ctx.user && html` · ${ctx.user.name}`}</span>${nav}</header><main>${body}</main></html>`
		.markup;
}
