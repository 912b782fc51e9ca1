import { CALL_OUTCOMES } from '../manualActions/completeTask';
import type { ManualTask } from '../store/manualTasks';
import type { Contact, TeamUser } from '../store/types';
import { whatFills } from '../templates/customValues';
import { html, type SafeHtml } from './html';
import { layout, type PageContext } from './layout';

const contactName = (c: Contact | undefined) =>
	[c?.first_name, c?.last_name].filter(Boolean).join(' ') || c?.phone || c?.email || 'Contact';
const label = (v: string) => v.replace(/_/g, ' ').replace(/^\w/, (c) => c.toUpperCase());

export interface QueueEntry {
	task: ManualTask;
	contact?: Contact;
	assignee?: TeamUser;
}

/** The Manual Actions queue: the user's own tasks, or everyone's for an admin. */
export function queuePage(
	ctx: PageContext,
	entries: QueueEntry[],
	admin: boolean,
	done?: string,
): string {
	const rows = entries.map(({ task, contact, assignee }) => {
		const href = `${ctx.base}/task?id=${task.id}`;
		return html`<div class="card task" data-task="${task.id}"><div class="grow"><strong>${task.type === 'sms' ? 'SMS' : 'Call'}: ${contactName(contact)}</strong>
			<div class="muted">${task.action_name} · ${contact?.phone}${admin && html` · ${assignee?.name ?? 'Unassigned'}`}</div>
			${task.blank_merge_fields.length > 0 && html`<div class="muted blank">Blank custom values: ${task.blank_merge_fields.map((f) => `{{${f}}}`).join(', ')}</div>`}
			${task.notice && html`<div class="notice">${task.notice}</div>`}</div>
			<a class="btn start" href="${href}">Let's Start</a><a class="play" href="${href}" aria-label="Start ${contactName(contact)}">&#9654;</a></div>`;
	});
	return layout(
		'Manual Actions',
		html`<h1>Manual Actions${admin && ' (all users)'}</h1>${done && html`<p class="notice">${done}</p>`}${rows.length ? rows : html`<p class="muted">Nothing to do right now.</p>`}`,
		ctx,
	);
}

/** The custom values that came out blank in the prefilled text, so the sender can fill them in before sending. */
function blankFieldsNote(task: ManualTask): SafeHtml | null {
	if (task.blank_merge_fields.length === 0) return null;
	const items = task.blank_merge_fields.map(
		(f) =>
			html`<li><code>{{${f}}}</code>: needs ${whatFills(f, 'the trigger or the contact record to supply it')}</li>`,
	);
	return html`<div class="error" id="blank-fields"><strong>Blank for this contact</strong> (the message has nothing where these go; write them in before sending):<ul>${items}</ul></div>`;
}

/** One task: the SMS to send (its text editable), or the call to make and its outcome. */
export function taskPage(ctx: PageContext, { task, contact }: QueueEntry, error?: string): string {
	const hidden = html`<input type="hidden" name="csrf" value="${ctx.csrf}"><input type="hidden" name="id" value="${task.id}">`;
	const remove = html`<form method="post" action="${ctx.base}/task">${hidden}<input type="hidden" name="action" value="delete">
		<button class="btn secondary">Delete (mark complete)</button></form>`;
	const body =
		task.type === 'sms'
			? html`<form method="post" action="${ctx.base}/task" class="card" style="display:block">${hidden}<input type="hidden" name="action" value="send">
			<div class="muted">To ${contactName(contact)} · ${task.send_to ?? contact?.phone}${task.send_to && ' (Test Phone Number)'}</div>
			${blankFieldsNote(task)}<label>Message<textarea name="message" rows="6">${task.message}</textarea></label><button class="btn">Send</button></form>`
			: html`<div class="card"><div class="grow"><strong>${contactName(contact)}</strong><div class="muted">${contact?.phone}</div></div>
			<a class="btn" href="tel:${contact?.phone}">Call</a></div>
			<form method="post" action="${ctx.base}/task" class="card" style="display:block">${hidden}<input type="hidden" name="action" value="outcome">
			<label>Outcome<select name="outcome">${CALL_OUTCOMES.map((o) => html`<option value="${o}">${label(o)}</option>`)}</select></label>
			<label>Notes<textarea name="notes" rows="4"></textarea></label><button class="btn">Save outcome</button></form>`;
	return layout(
		task.action_name,
		html`<h1>${task.action_name}</h1>${task.notice && html`<p class="notice">${task.notice}</p>`}${error && html`<p class="error">${error}</p>`}${body}${remove}`,
		ctx,
	);
}
