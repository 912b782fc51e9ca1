import { html, type SafeHtml } from '../inbox/html';
import { MAX_PASSWORD_LENGTH } from '../inbox/passwords';
import {
	COMPLAINT_LIMIT_PERCENT,
	COMPLAINT_WINDOW_DAYS,
	percent,
} from '../statistics/complaintRate';
import { EMAIL_STATISTICS } from '../store/deliveryEvents';
import type { ClinicSummary } from './clinicSummary';
import { AGENCY_CSS } from './styles.css';

/** The periods the counts can cover, in days; the first is what an agency checks each morning. */
export const PERIODS = [1, 7, 30];

export interface AgencyPageContext {
	base: string;
	webhookRoot?: string;
	csrf: string;
}

const title = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);
const period = (days: number) => (days === 1 ? 'the last 24 hours' : `the last ${days} days`);

/** The frame of the agency view's pages; values in them are escaped by the html`` tag. */
function page(title: string, body: SafeHtml, nav?: SafeHtml): string {
	return html`<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Agency</title><style>${AGENCY_CSS}</style>
<header><span class="grow">Agency view</span>${nav}</header><main>${body}</main></html>`.markup;
}

export function agencyLoginPage(ctx: AgencyPageContext, error?: string): string {
	return page(
		'Sign in',
		html`<h1>Sign in to the agency view</h1>${error && html`<p class="error">${error}</p>`}
		<form method="post" action="${ctx.base}/login" class="card"><input type="hidden" name="csrf" value="${ctx.csrf}">
		<label>Email<input name="email" type="email" autocomplete="username" required></label>
		<label>Password<input name="password" type="password" autocomplete="current-password" maxlength="${MAX_PASSWORD_LENGTH}" required></label>
		<button class="btn">Sign in</button></form>
		<p class="muted">The agency owner's sign-in, from the Agency credential. A clinic's team signs in to that clinic's Inbox.</p>`,
	);
}

const COLUMNS: Array<[string, (c: ClinicSummary) => number]> = [
	['Emails sent', (c) => c.emailsSent],
	...EMAIL_STATISTICS.map(
		(name) =>
			[title(name), (c: ClinicSummary) => c.email[name]] as [string, (c: ClinicSummary) => number],
	),
	['Texts delivered', (c) => c.texts.delivered],
	['Texts failed', (c) => c.texts.failed],
	['Calls connected', (c) => c.callsConnected],
	['Tasks waiting', (c) => c.manualTasksWaiting],
];

function complaintCell(clinic: ClinicSummary): SafeHtml {
	const { rate_percent, over_limit, complaints, emails } = clinic.complaints;
	const text = emails === 0 ? '–' : percent(rate_percent);
	const label = `Complaint rate (${COMPLAINT_WINDOW_DAYS} days)`;
	return over_limit
		? html`<td class="complaints" data-label="${label}"><span class="flag" title="${complaints} of ${emails} emails marked as spam">${text} · above ${percent(COMPLAINT_LIMIT_PERCENT)}</span></td>`
		: html`<td class="complaints" data-label="${label}">${text}</td>`;
}

function clinicRow(ctx: AgencyPageContext, clinic: ClinicSummary): SafeHtml {
	const inbox = clinic.endpointPath
		? html`<a href="${`${ctx.webhookRoot ?? '/webhook'}/${clinic.endpointPath}/inbox`}">Open Inbox</a>`
		: html`<span class="muted">No Workspace Endpoint published</span>`;
	return html`<tr class="clinic-row" data-schema="${clinic.schema}"><td class="clinic"><strong>${clinic.name}</strong>
		<div class="muted">${clinic.schema}</div>${inbox}</td>
		${complaintCell(clinic)}${COLUMNS.map(([name, value]) => html`<td data-label="${name}" data-stat="${name}">${value(clinic)}</td>`)}</tr>`;
}

/** Every clinic with what an agency checks each morning, each linking into its own Inbox. */
export function agencyPage(ctx: AgencyPageContext, clinics: ClinicSummary[], days: number): string {
	const nav = html`<nav>${PERIODS.map(
		(d) =>
			html`<a href="${ctx.base}?days=${d}"${d === days && html` class="on" aria-current="page"`}>${d === 1 ? '24 hours' : `${d} days`}</a>`,
	)}<form class="inline" method="post" action="${ctx.base}/logout"><input type="hidden" name="csrf" value="${ctx.csrf}"><button>Sign out</button></form></nav>`;
	const flagged = clinics.filter((c) => c.complaints.over_limit).length;
	const body = clinics.length
		? html`<div class="scroll"><table><thead>
			<tr class="group"><th></th><th>Spam</th><th colspan="${EMAIL_STATISTICS.length + 1}">Email</th><th colspan="2">Texts</th><th>Calls</th><th>Manual actions</th></tr>
			<tr><th>Clinic</th><th>Complaint rate (${COMPLAINT_WINDOW_DAYS} days)</th>${COLUMNS.map(([name]) => html`<th>${name}</th>`)}</tr>
			</thead><tbody>${clinics.map((c) => clinicRow(ctx, c))}</tbody></table></div>`
		: html`<p class="card">No clinic has a workspace in this database yet.</p>`;
	return page(
		'Clinics',
		html`<h1>Clinics</h1><p class="muted">${clinics.length} clinic${clinics.length === 1 ? '' : 's'} · emails, texts and calls over ${period(days)} · tasks waiting now · complaint rate over ${COMPLAINT_WINDOW_DAYS} days${flagged > 0 && html` · <strong>${flagged} above ${percent(COMPLAINT_LIMIT_PERCENT)}</strong>`}</p>${body}`,
		nav,
	);
}
