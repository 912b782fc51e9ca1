import type { ConversationPage } from '../store/conversations';
import type { Contact, TeamUser } from '../store/types';
import { html, type SafeHtml } from './html';
import { layout, type PageContext } from './layout';
import { timelineView } from './timelineEntry';

export const contactName = (c: Contact) =>
	[c.first_name, c.last_name].filter(Boolean).join(' ') || c.phone || c.email || `Contact ${c.id}`;

const when = (iso: string) => {
	const d = new Date(iso);
	return Number.isNaN(d.getTime())
		? iso
		: `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)} UTC`;
};

export function contactsPage(
	ctx: PageContext,
	query: string,
	contacts: Contact[],
	onlyAssigned: boolean,
): string {
	const rows = contacts.map(
		(
			c,
		) => html`<a class="card contact" href="${ctx.base}/contact?id=${c.id}" data-contact="${c.id}"><div class="grow"><strong>${contactName(c)}</strong>
			<div class="muted">${[c.phone, c.email].filter(Boolean).join(' · ')}</div></div><span aria-hidden="true">&rsaquo;</span></a>`,
	);
	return layout(
		'Conversations',
		html`<h1>Conversations</h1>${onlyAssigned && html`<p class="muted">Showing the contacts assigned to you.</p>`}
		<form method="get" action="${ctx.base}/contacts" class="search" role="search"><input name="q" type="search" value="${query}" placeholder="Name, email or phone" aria-label="Search contacts"><button class="btn">Search</button></form>
		${rows.length ? rows : html`<p class="muted">${query ? 'No contact matches that search.' : 'No contacts yet.'}</p>`}`,
		ctx,
	);
}

function pager(ctx: PageContext, contact: Contact, page: ConversationPage): SafeHtml | null {
	const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
	if (pages === 1) return null;
	const link = (n: number, text: SafeHtml, rel: string) =>
		html`<a class="btn secondary" rel="${rel}" href="${ctx.base}/contact?id=${contact.id}&amp;page=${n}">${text}</a>`;
	const none = html`<span></span>`;
	return html`<nav class="pager" aria-label="Pages">${page.page > 1 ? link(page.page - 1, html`&lsaquo; Newer`, 'prev') : none}
		<span class="muted">Page ${page.page} of ${pages}</span>${page.page < pages ? link(page.page + 1, html`Older &rsaquo;`, 'next') : none}</nav>`;
}

export function conversationPage(
	ctx: PageContext,
	contact: Contact,
	assignee: TeamUser | undefined,
	page: ConversationPage,
	/** The Consent section, drawn by consentSection. */
	consent?: SafeHtml,
): string {
	const entries = page.entries.map((entry) => {
		const view = timelineView(entry);
		const player =
			view.recordingUrl &&
			html`<audio controls preload="none" src="${view.recordingUrl}"></audio><a class="recording" href="${view.recordingUrl}">Open the recording</a>`;
		return html`<article class="entry ${view.kind} ${entry.direction}" data-entry="${entry.id}">
			<div class="entry-head"><strong>${view.title}</strong><span class="status">${view.outcome}</span></div>
			${view.text && html`<p class="text">${view.text}</p>`}${player}
			<div class="muted meta">${when(entry.created_at)}${view.detail && html` · ${view.detail}`}${view.parties && html` · ${view.parties}`}${entry.action_name && html` · ${entry.action_name}`}</div></article>`;
	});
	return layout(
		contactName(contact),
		html`<p><a href="${ctx.base}/contacts">&lsaquo; Conversations</a></p><h1>${contactName(contact)}</h1>
		<p class="muted">${[contact.phone, contact.email, assignee ? `Assigned to ${assignee.name}` : 'Unassigned'].filter(Boolean).join(' · ')}</p>
		${consent}<section class="timeline" aria-label="Conversation, newest first">${entries.length ? entries : html`<p class="muted">Nothing in this conversation yet.</p>`}</section>${pager(ctx, contact, page)}`,
		ctx,
	);
}
