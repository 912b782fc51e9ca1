import { escapeHtml, type SafeHtml } from './html';
import { isScriptUrl } from '../links/safeUrl';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './passwords';
import type { InAppNotification } from '../store/notifications';
import type { ManualTask } from '../store/manualTasks';
import type { Contact, TeamUser } from '../store/types';
import { CALL_OUTCOMES } from '../manualActions/completeTask';
import { whatFills } from '../templates/customValues';
import { isAdmin } from './auth';

/**
 * Every value on these pages is escaped: names, messages and notes come from contacts and users. The
 * pages not yet built with the html`` tag (./html) escape by hand with this.
 */
export const esc = (value: unknown): string => escapeHtml(String(value ?? ''));

const contactName = (c: Contact | undefined) =>
	[c?.first_name, c?.last_name].filter(Boolean).join(' ') || c?.phone || c?.email || 'Contact';
const label = (v: string) => v.replace(/_/g, ' ').replace(/^\w/, (c) => c.toUpperCase());

export interface PageContext {
	base: string;
	user?: TeamUser;
	csrf?: string;
	unread?: number;
}

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:16px/1.45 system-ui,sans-serif;color:#1f2937;background:#f5f3ff}
header{display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:center;padding:.75rem 1.25rem;background:#5b21b6;color:#fff}
header a,header button{color:#fff;text-decoration:none;background:none;border:0;font:inherit;cursor:pointer;white-space:nowrap}
header .grow{flex:1;font-weight:600}header nav{display:flex;gap:1rem;align-items:center}.short{display:none}
.badge{background:#f59e0b;color:#111;border-radius:999px;padding:0 .5rem;margin-left:.25rem;font-size:.85rem}
main{max-width:60rem;margin:1.5rem auto;padding:0 1rem}h1{font-size:1.4rem;overflow-wrap:anywhere}h2{font-size:1.15rem;margin-top:2rem}
.card{background:#fff;border-radius:.75rem;padding:1rem 1.25rem;margin:.75rem 0;box-shadow:0 1px 3px #0002;display:flex;align-items:center;gap:1rem}
.card .grow{flex:1;min-width:0}.muted{color:#6b7280;font-size:.9rem;overflow-wrap:anywhere}a.card{color:inherit;text-decoration:none}.card.stack{display:block}
.btn{display:inline-block;background:#7c3aed;color:#fff;border:0;border-radius:.5rem;padding:.55rem 1rem;font:inherit;text-decoration:none;cursor:pointer}
.btn.secondary{background:#e5e7eb;color:#111}.play{display:none}
textarea,select,input{width:100%;font:inherit;padding:.6rem;border:1px solid #d1d5db;border-radius:.5rem;margin:.25rem 0 .75rem}
label.check{display:flex;gap:.5rem;align-items:center;margin-bottom:.75rem}label.check input{width:auto;margin:0}
form.inline{display:inline}.notice{background:#ecfdf5;border:1px solid #10b981;padding:.6rem 1rem;border-radius:.5rem}
.error{background:#fef2f2;border:1px solid #ef4444;padding:.6rem 1rem;border-radius:.5rem}
form.search{display:flex;gap:.5rem;align-items:center}form.search input{margin:0}
.status{background:#ede9fe;color:#4c1d95;border-radius:999px;padding:.1rem .6rem;font-size:.85rem;white-space:nowrap}
.entry{background:#fff;border-radius:.75rem;padding:.85rem 1.1rem;margin:.6rem 0;box-shadow:0 1px 3px #0002;border-left:4px solid #a78bfa}
.entry.inbound{border-left-color:#10b981}.entry-head{display:flex;justify-content:space-between;gap:.75rem;align-items:baseline}
.entry .text{white-space:pre-line;margin:.4rem 0;overflow-wrap:anywhere}.entry audio{display:block;width:100%;margin:.5rem 0 .25rem}
.pager{display:flex;justify-content:space-between;align-items:center;margin:1rem 0}
@media (max-width: 640px){
 header{padding:.6rem .75rem;gap:.2rem .75rem}header .grow{flex-basis:100%}header nav{gap:.3rem .9rem;font-size:.95rem;flex-wrap:wrap;max-width:100%}
 .long{display:none}.short{display:inline}main{margin-top:1rem;padding:0 .75rem}
 .start{display:none}.play{display:inline-flex;align-items:center;justify-content:center;width:3.5rem;height:3.5rem;border-radius:999px;
  background:#2563eb;color:#fff;font-size:1.5rem;text-decoration:none}.card{padding:.9rem;flex-wrap:wrap}.entry{padding:.75rem .85rem}
}`;

export function layout(title: string, body: string | SafeHtml, ctx: PageContext): string {
	const admin = ctx.user && isAdmin(ctx.user);
	const link = (href: string, long: string, short: string) =>
		`<a href="${ctx.base}${href}"><span class="long">${long}</span><span class="short">${short}</span></a>`;
	const nav = ctx.user
		? `<nav>${link('', 'Manual Actions', 'Tasks')}${link('/contacts', 'Conversations', 'Contacts')}${admin ? link('/reputation', 'Reputation', 'Reviews') + link('/statistics', 'Statistics', 'Stats') + link('/templates', 'Templates', 'Templates') : ''}
		   <a href="${ctx.base}/bell" aria-label="Notifications"><span class="long">Notifications</span><span class="short">Bell</span>${ctx.unread ? `<span class="badge" id="unread">${ctx.unread}</span>` : ''}</a>
		   <form class="inline" method="post" action="${ctx.base}/logout"><input type="hidden" name="csrf" value="${esc(ctx.csrf)}"><button>Sign out</button></form></nav>`
		: '';
	return `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} · Inbox</title><style>${STYLE}</style>
<header><span class="grow">Inbox${ctx.user ? ` · ${esc(ctx.user.name)}` : ''}</span>${nav}</header><main>${body}</main></html>`;
}

export function loginPage(ctx: PageContext, error?: string, notice?: string): string {
	return layout(
		'Sign in',
		`<h1>Sign in to the Inbox</h1>${error ? `<p class="error">${esc(error)}</p>` : ''}${notice ? `<p class="notice">${esc(notice)}</p>` : ''}
		<form method="post" action="${ctx.base}/login" class="card" style="display:block"><input type="hidden" name="csrf" value="${esc(ctx.csrf)}">
		<label>Email<input name="email" type="email" autocomplete="username" required></label>
		<label>Password<input name="password" type="password" autocomplete="current-password" maxlength="${MAX_PASSWORD_LENGTH}" required></label>
		<button class="btn">Sign in</button></form>`,
		ctx,
	);
}

export function setPasswordPage(ctx: PageContext, token: string, error?: string): string {
	return layout(
		'Set your password',
		`<h1>Set your Inbox password</h1>${error ? `<p class="error">${esc(error)}</p>` : ''}
		<form method="post" action="${ctx.base}/set-password" class="card" style="display:block"><input type="hidden" name="csrf" value="${esc(ctx.csrf)}">
		<input type="hidden" name="token" value="${esc(token)}">
		<label>New password<input name="password" type="password" autocomplete="new-password" minlength="${MIN_PASSWORD_LENGTH}" maxlength="${MAX_PASSWORD_LENGTH}" required></label>
		<label>Repeat it<input name="confirm" type="password" autocomplete="new-password" minlength="${MIN_PASSWORD_LENGTH}" maxlength="${MAX_PASSWORD_LENGTH}" required></label>
		<p class="muted">At least ${MIN_PASSWORD_LENGTH} characters. Setting it signs you out everywhere else.</p>
		<button class="btn">Set password</button></form>`,
		ctx,
	);
}

export function messagePage(ctx: PageContext, title: string, message: string): string {
	return layout(title, `<h1>${esc(title)}</h1><p class="card">${esc(message)}</p>`, ctx);
}

export interface QueueEntry {
	task: ManualTask;
	contact?: Contact;
	assignee?: TeamUser;
}

export function queuePage(
	ctx: PageContext,
	entries: QueueEntry[],
	admin: boolean,
	done?: string,
): string {
	const rows = entries
		.map(({ task, contact, assignee }) => {
			const href = `${ctx.base}/task?id=${task.id}`;
			return `<div class="card task" data-task="${task.id}"><div class="grow"><strong>${task.type === 'sms' ? 'SMS' : 'Call'}: ${esc(contactName(contact))}</strong>
			<div class="muted">${esc(task.action_name)} · ${esc(contact?.phone)}${admin ? ` · ${esc(assignee?.name ?? 'Unassigned')}` : ''}</div>
			${task.blank_merge_fields.length ? `<div class="muted blank">Blank custom values: ${task.blank_merge_fields.map((f) => esc(`{{${f}}}`)).join(', ')}</div>` : ''}
			${task.notice ? `<div class="notice">${esc(task.notice)}</div>` : ''}</div>
			<a class="btn start" href="${href}">Let's Start</a><a class="play" href="${href}" aria-label="Start ${esc(contactName(contact))}">&#9654;</a></div>`;
		})
		.join('');
	return layout(
		'Manual Actions',
		`<h1>Manual Actions${admin ? ' (all users)' : ''}</h1>${done ? `<p class="notice">${esc(done)}</p>` : ''}${rows || '<p class="muted">Nothing to do right now.</p>'}`,
		ctx,
	);
}

/** The custom values that came out blank in the prefilled text, so the sender can fill them in before sending. */
function blankFieldsNote(task: ManualTask): string {
	if (task.blank_merge_fields.length === 0) return '';
	const items = task.blank_merge_fields.map(
		(f) =>
			`<li><code>{{${esc(f)}}}</code>: needs ${esc(whatFills(f, 'the trigger or the contact record to supply it'))}</li>`,
	);
	return `<div class="error" id="blank-fields"><strong>Blank for this contact</strong> (the message has nothing where these go; write them in before sending):<ul>${items.join('')}</ul></div>`;
}

export function taskPage(ctx: PageContext, { task, contact }: QueueEntry, error?: string): string {
	const hidden = `<input type="hidden" name="csrf" value="${esc(ctx.csrf)}"><input type="hidden" name="id" value="${task.id}">`;
	const remove = `<form method="post" action="${ctx.base}/task">${hidden}<input type="hidden" name="action" value="delete">
		<button class="btn secondary">Delete (mark complete)</button></form>`;
	const body =
		task.type === 'sms'
			? `<form method="post" action="${ctx.base}/task" class="card" style="display:block">${hidden}<input type="hidden" name="action" value="send">
			<div class="muted">To ${esc(contactName(contact))} · ${esc(task.send_to ?? contact?.phone)}${task.send_to ? ' (Test Phone Number)' : ''}</div>
			${blankFieldsNote(task)}<label>Message<textarea name="message" rows="6">${esc(task.message)}</textarea></label><button class="btn">Send</button></form>`
			: `<div class="card"><div class="grow"><strong>${esc(contactName(contact))}</strong><div class="muted">${esc(contact?.phone)}</div></div>
			<a class="btn" href="tel:${esc(contact?.phone)}">Call</a></div>
			<form method="post" action="${ctx.base}/task" class="card" style="display:block">${hidden}<input type="hidden" name="action" value="outcome">
			<label>Outcome<select name="outcome">${CALL_OUTCOMES.map((o) => `<option value="${o}">${label(o)}</option>`).join('')}</select></label>
			<label>Notes<textarea name="notes" rows="4"></textarea></label><button class="btn">Save outcome</button></form>`;
	return layout(
		`${task.action_name}`,
		`<h1>${esc(task.action_name)}</h1>${task.notice ? `<p class="notice">${esc(task.notice)}</p>` : ''}${error ? `<p class="error">${esc(error)}</p>` : ''}${body}${remove}`,
		ctx,
	);
}

export function bellPage(ctx: PageContext, notifications: InAppNotification[]): string {
	const rows = notifications
		.map(
			(
				n,
			) => `<div class="card notification${n.read_at ? '' : ' unread'}"><div class="grow"><strong>${esc(n.title)}</strong><div>${esc(n.message)}</div>
			${n.redirect_page && !isScriptUrl(n.redirect_page) ? `<a href="${esc(n.redirect_page)}">Open</a>` : ''}</div>
			${
				n.read_at
					? '<span class="muted">Read</span>'
					: `<form method="post" action="${ctx.base}/bell"><input type="hidden" name="csrf" value="${esc(ctx.csrf)}">
			<input type="hidden" name="id" value="${n.id}"><button class="btn secondary">Mark as read</button></form>`
			}</div>`,
		)
		.join('');
	return layout(
		'Notifications',
		`<h1>Notifications</h1>${rows || '<p class="muted">No notifications.</p>'}`,
		ctx,
	);
}
