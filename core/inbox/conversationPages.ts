import type { ConversationPage } from '../store/conversations';
import type { Contact, TeamUser } from '../store/types';
import { esc, layout, type PageContext } from './pages';
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
	const rows = contacts
		.map(
			(
				c,
			) => `<a class="card contact" href="${ctx.base}/contact?id=${c.id}" data-contact="${c.id}"><div class="grow"><strong>${esc(contactName(c))}</strong>
			<div class="muted">${esc([c.phone, c.email].filter(Boolean).join(' · '))}</div></div><span aria-hidden="true">&rsaquo;</span></a>`,
		)
		.join('');
	return layout(
		'Conversations',
		`<h1>Conversations</h1>${onlyAssigned ? '<p class="muted">Showing the contacts assigned to you.</p>' : ''}
		<form method="get" action="${ctx.base}/contacts" class="search" role="search"><input name="q" type="search" value="${esc(query)}" placeholder="Name, email or phone" aria-label="Search contacts"><button class="btn">Search</button></form>
		${rows || `<p class="muted">${query ? 'No contact matches that search.' : 'No contacts yet.'}</p>`}`,
		ctx,
	);
}

function pager(ctx: PageContext, contact: Contact, page: ConversationPage): string {
	const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
	if (pages === 1) return '';
	const link = (n: number, text: string, rel: string) =>
		`<a class="btn secondary" rel="${rel}" href="${ctx.base}/contact?id=${contact.id}&amp;page=${n}">${text}</a>`;
	return `<nav class="pager" aria-label="Pages">${page.page > 1 ? link(page.page - 1, '&lsaquo; Newer', 'prev') : '<span></span>'}
		<span class="muted">Page ${page.page} of ${pages}</span>${page.page < pages ? link(page.page + 1, 'Older &rsaquo;', 'next') : '<span></span>'}</nav>`;
}

export function conversationPage(
	ctx: PageContext,
	contact: Contact,
	assignee: TeamUser | undefined,
	page: ConversationPage,
): string {
	const entries = page.entries
		.map((entry) => {
			const view = timelineView(entry);
			const player = view.recordingUrl
				? `<audio controls preload="none" src="${esc(view.recordingUrl)}"></audio><a class="recording" href="${esc(view.recordingUrl)}">Open the recording</a>`
				: '';
			return `<article class="entry ${esc(view.kind)} ${entry.direction}" data-entry="${entry.id}">
			<div class="entry-head"><strong>${esc(view.title)}</strong><span class="status">${esc(view.outcome)}</span></div>
			${view.text ? `<p class="text">${esc(view.text)}</p>` : ''}${player}
			<div class="muted meta">${esc(when(entry.created_at))}${view.detail ? ` · ${esc(view.detail)}` : ''}${view.parties ? ` · ${esc(view.parties)}` : ''}${entry.action_name ? ` · ${esc(entry.action_name)}` : ''}</div></article>`;
		})
		.join('');
	return layout(
		contactName(contact),
		`<p><a href="${ctx.base}/contacts">&lsaquo; Conversations</a></p><h1>${esc(contactName(contact))}</h1>
		<p class="muted">${esc([contact.phone, contact.email, assignee ? `Assigned to ${assignee.name}` : 'Unassigned'].filter(Boolean).join(' · '))}</p>
		<section class="timeline" aria-label="Conversation, newest first">${entries || '<p class="muted">Nothing in this conversation yet.</p>'}</section>${pager(ctx, contact, page)}`,
		ctx,
	);
}
