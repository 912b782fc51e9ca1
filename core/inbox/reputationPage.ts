import { readReputation, REPUTATION_SETTING, type ReputationSettings } from '../reviews/reputation';
import { REVIEW_CHANNEL, reviewStatus, reviewTypeOf } from '../reviews/status';
import type { WorkspaceStore } from '../store';
import type { Contact, DeliveryRecord } from '../store/types';
import { isAdmin, type InboxSession } from './auth';
import { contactName } from './conversationPages';
import { esc, layout, type PageContext } from './pages';

interface RequestRow {
	record: DeliveryRecord;
	contact?: Contact;
}

function settingsForm(ctx: PageContext, s: ReputationSettings): string {
	const field = (label: string, name: keyof ReputationSettings, type = 'text') =>
		`<label>${label}<input name="${name}" type="${type}" value="${esc(s[name])}"></label>`;
	const area = (label: string, name: keyof ReputationSettings, rows: number) =>
		`<label>${label}<textarea name="${name}" rows="${rows}">${esc(s[name])}</textarea></label>`;
	return `<form method="post" action="${ctx.base}/reputation" class="card stack"><input type="hidden" name="csrf" value="${esc(ctx.csrf)}">
		${field('Review Link', 'review_link', 'url')}
		<label class="check"><input type="checkbox" name="enabled" value="on"${s.enabled ? ' checked' : ''}> Review requests enabled</label>
		${field('Email Subject', 'email_subject')}${area('Email Body', 'email_body', 6)}${area('SMS Body', 'sms_body', 3)}
		${field('Sender Name', 'sender_name')}${field('Sender Email', 'sender_email', 'email')}
		<p class="muted">Custom values such as {{contact.first_name}}, {{user.name}} and {{reputation.review_link}} are filled per contact. Requests are sent from the contact's assigned user; the sender above is for unassigned contacts.</p>
		<button class="btn">Save</button></form>`;
}

function requestList(ctx: PageContext, rows: RequestRow[]): string {
	if (rows.length === 0) return '<p class="muted">No review requests yet.</p>';
	return rows
		.map(({ record, contact }) => {
			const type = reviewTypeOf(record.channel)!;
			const status = reviewStatus(type, record.status);
			const who = contact
				? `<a href="${ctx.base}/contact?id=${contact.id}">${esc(contactName(contact))}</a>`
				: esc(record.recipient);
			return `<div class="card request" data-request="${record.id}"><div class="grow"><strong>${who}</strong>
			<div class="muted">${esc(record.action_name)} · ${type === 'sms' ? 'SMS' : 'Email'} · ${esc(record.created_at.slice(0, 16).replace('T', ' '))} UTC</div></div>
			<span class="status">${esc(status)}</span></div>`;
		})
		.join('');
}

/** The Reputation settings and the latest review requests with their status, for owners and admins. */
export async function reputationRoute(
	store: WorkspaceStore,
	session: InboxSession,
	ctx: PageContext,
	method: string,
	body: Record<string, unknown>,
) {
	if (!isAdmin(session.user))
		return { status: 404, html: 'Only owners and admins can open the Reputation settings.' };
	let notice: string | undefined;
	if (method === 'POST') {
		const current = await store.settings.get<Record<string, unknown>>(REPUTATION_SETTING, {});
		const text = (name: string) => String(body[name] ?? '').trim();
		await store.settings.set(REPUTATION_SETTING, {
			...current,
			review_link: text('review_link'),
			enabled: body.enabled === 'on',
			email_subject: text('email_subject'),
			email_body: text('email_body'),
			sms_body: text('sms_body'),
			sender_name: text('sender_name'),
			sender_email: text('sender_email'),
		});
		notice = 'Reputation settings saved.';
	}
	const settings = readReputation(
		await store.settings.get<Record<string, unknown>>(REPUTATION_SETTING, {}),
	);
	const records = await store.deliveries.recentOnChannels(Object.values(REVIEW_CHANNEL), 50);
	const rows = await Promise.all(
		records.map(async (record) => ({
			record,
			contact: record.contact_id ? await store.contacts.get(record.contact_id) : undefined,
		})),
	);
	return {
		status: 200,
		html: layout(
			'Reputation',
			`<h1>Reputation</h1>${notice ? `<p class="notice">${esc(notice)}</p>` : ''}${settingsForm(ctx, settings)}<h2>Review requests</h2>${requestList(ctx, rows)}`,
			ctx,
		),
	};
}
