import { readReputation, REPUTATION_SETTING, type ReputationSettings } from '../reviews/reputation';
import { REVIEW_CHANNEL, reviewStatus, reviewTypeOf } from '../reviews/status';
import type { WorkspaceStore } from '../store';
import type { Contact, DeliveryRecord } from '../store/types';
import { isAdmin, type InboxSession } from './auth';
import { contactName } from './conversationPages';
import { html, type SafeHtml } from './html';
import { layout, type PageContext } from './layout';

interface RequestRow {
	record: DeliveryRecord;
	contact?: Contact;
}

function settingsForm(ctx: PageContext, s: ReputationSettings): SafeHtml {
	const field = (label: string, name: keyof ReputationSettings, type = 'text') =>
		html`<label>${label}<input name="${name}" type="${type}" value="${s[name]}"></label>`;
	const area = (label: string, name: keyof ReputationSettings, rows: number) =>
		html`<label>${label}<textarea name="${name}" rows="${rows}">${s[name]}</textarea></label>`;
	return html`<form method="post" action="${ctx.base}/reputation" class="card stack"><input type="hidden" name="csrf" value="${ctx.csrf}">
		${field('Review Link', 'review_link', 'url')}
		<label class="check"><input type="checkbox" name="enabled" value="on"${s.enabled && html` checked`}> Review requests enabled</label>
		${field('Email Subject', 'email_subject')}${area('Email Body', 'email_body', 6)}${area('SMS Body', 'sms_body', 3)}
		${field('Sender Name', 'sender_name')}${field('Sender Email', 'sender_email', 'email')}
		<p class="muted">Custom values such as {{contact.first_name}}, {{user.name}} and {{reputation.review_link}} are filled per contact. Requests are sent from the contact's assigned user; the sender above is for unassigned contacts.</p>
		<button class="btn">Save</button></form>`;
}

function requestList(ctx: PageContext, rows: RequestRow[]): SafeHtml {
	if (rows.length === 0) return html`<p class="muted">No review requests yet.</p>`;
	return html`${rows.map(({ record, contact }) => {
		const type = reviewTypeOf(record.channel)!;
		const status = reviewStatus(type, record.status);
		const who = contact
			? html`<a href="${ctx.base}/contact?id=${contact.id}">${contactName(contact)}</a>`
			: record.recipient;
		return html`<div class="card request" data-request="${record.id}"><div class="grow"><strong>${who}</strong>
			<div class="muted">${record.action_name} · ${type === 'sms' ? 'SMS' : 'Email'} · ${record.created_at.slice(0, 16).replace('T', ' ')} UTC</div></div>
			<span class="status">${status}</span></div>`;
	})}`;
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
			html`<h1>Reputation</h1>${notice && html`<p class="notice">${notice}</p>`}${settingsForm(ctx, settings)}<h2>Review requests</h2>${requestList(ctx, rows)}`,
			ctx,
		),
	};
}
