import { esc } from '../inbox/pages';
import { MAX_PASSWORD_LENGTH } from '../inbox/passwords';
import {
	COMPLAINT_LIMIT_PERCENT,
	COMPLAINT_WINDOW_DAYS,
	percent,
} from '../statistics/complaintRate';
import { EMAIL_STATISTICS } from '../store/deliveryEvents';
import type { ClinicSummary } from './clinicSummary';

/** The periods the counts can cover, in days; the first is what an agency checks each morning. */
export const PERIODS = [1, 7, 30];

export interface AgencyPageContext {
	base: string;
	webhookRoot?: string;
	csrf: string;
}

const title = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);
const period = (days: number) => (days === 1 ? 'the last 24 hours' : `the last ${days} days`);

const STYLE = `<style>
*{box-sizing:border-box}body{margin:0;font:16px/1.45 system-ui,sans-serif;color:#1f2937;background:#f5f3ff}
header{display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:center;padding:.75rem 1.25rem;background:#312e81;color:#fff}
header a,header button{color:#fff;text-decoration:none;background:none;border:0;font:inherit;cursor:pointer;white-space:nowrap}
header .grow{flex:1;font-weight:600}header nav{display:flex;flex-wrap:wrap;gap:.4rem 1rem;align-items:center}header a.on{text-decoration:underline}
main{max-width:96rem;margin:1.5rem auto;padding:0 1rem}h1{font-size:1.4rem}.muted{color:#6b7280;font-size:.9rem}
.card{background:#fff;border-radius:.75rem;padding:1rem 1.25rem;margin:.75rem 0;box-shadow:0 1px 3px #0002}
.btn{display:inline-block;background:#4f46e5;color:#fff;border:0;border-radius:.5rem;padding:.55rem 1rem;font:inherit;text-decoration:none;cursor:pointer}
input{width:100%;font:inherit;padding:.6rem;border:1px solid #d1d5db;border-radius:.5rem;margin:.25rem 0 .75rem}
.error{background:#fef2f2;border:1px solid #ef4444;padding:.6rem 1rem;border-radius:.5rem}form.inline{display:inline}
.scroll{overflow-x:auto;background:#fff;border-radius:.75rem;box-shadow:0 1px 3px #0002}
table{width:100%;border-collapse:collapse;font-size:.9rem}
th,td{padding:.5rem .45rem;border-bottom:1px solid #eee;text-align:right;white-space:nowrap}
th{font-size:.75rem;color:#4b5563;vertical-align:bottom;white-space:normal;min-width:3.5rem}th:first-child,td:first-child{text-align:left;white-space:normal;min-width:10rem}
thead .group th{text-align:center;border-bottom:2px solid #c7d2fe}
td.clinic a{display:inline-block;margin-top:.15rem}
.flag{display:inline-block;background:#fef2f2;color:#991b1b;font-weight:600;border-radius:.4rem;padding:.1rem .4rem}
td.complaints{white-space:normal;max-width:6.5rem}
@media (max-width:720px){
 header{padding:.6rem .75rem}header .grow{flex-basis:100%}main{padding:0 .6rem}
 .scroll{background:none;box-shadow:none}thead{display:none}table,tbody,tr,td{display:block}
 tr{background:#fff;border-radius:.75rem;box-shadow:0 1px 3px #0002;margin:.75rem 0;padding:.4rem 0}
 td,td.complaints{display:flex;justify-content:space-between;gap:1rem;border:0;padding:.2rem .9rem;white-space:normal;max-width:none}
 td::before{content:attr(data-label);color:#6b7280;text-align:left}
 td.clinic{display:block;font-size:1rem;border-bottom:1px solid #eee;padding-bottom:.5rem;margin-bottom:.3rem}td.clinic::before{content:none}
}
</style>`;

function page(title: string, body: string, nav = ''): string {
	return `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} · Agency</title>${STYLE}
<header><span class="grow">Agency view</span>${nav}</header><main>${body}</main></html>`;
}

export function agencyLoginPage(ctx: AgencyPageContext, error?: string): string {
	return page(
		'Sign in',
		`<h1>Sign in to the agency view</h1>${error ? `<p class="error">${esc(error)}</p>` : ''}
		<form method="post" action="${esc(ctx.base)}/login" class="card"><input type="hidden" name="csrf" value="${esc(ctx.csrf)}">
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

function complaintCell(clinic: ClinicSummary): string {
	const { rate_percent, over_limit, complaints, emails } = clinic.complaints;
	const text = emails === 0 ? '–' : percent(rate_percent);
	const label = `Complaint rate (${COMPLAINT_WINDOW_DAYS} days)`;
	return over_limit
		? `<td class="complaints" data-label="${label}"><span class="flag" title="${complaints} of ${emails} emails marked as spam">${text} · above ${percent(COMPLAINT_LIMIT_PERCENT)}</span></td>`
		: `<td class="complaints" data-label="${label}">${text}</td>`;
}

function clinicRow(ctx: AgencyPageContext, clinic: ClinicSummary): string {
	const inbox = clinic.endpointPath
		? `<a href="${esc(`${ctx.webhookRoot ?? '/webhook'}/${clinic.endpointPath}/inbox`)}">Open Inbox</a>`
		: '<span class="muted">No Workspace Endpoint published</span>';
	return `<tr class="clinic-row" data-schema="${esc(clinic.schema)}"><td class="clinic"><strong>${esc(clinic.name)}</strong>
		<div class="muted">${esc(clinic.schema)}</div>${inbox}</td>
		${complaintCell(clinic)}${COLUMNS.map(([name, value]) => `<td data-label="${esc(name)}" data-stat="${esc(name)}">${value(clinic)}</td>`).join('')}</tr>`;
}

/** Every clinic with what an agency checks each morning, each linking into its own Inbox. */
export function agencyPage(ctx: AgencyPageContext, clinics: ClinicSummary[], days: number): string {
	const nav = `<nav>${PERIODS.map(
		(d) =>
			`<a href="${esc(ctx.base)}?days=${d}"${d === days ? ' class="on" aria-current="page"' : ''}>${d === 1 ? '24 hours' : `${d} days`}</a>`,
	).join(
		'',
	)}<form class="inline" method="post" action="${esc(ctx.base)}/logout"><input type="hidden" name="csrf" value="${esc(ctx.csrf)}"><button>Sign out</button></form></nav>`;
	const flagged = clinics.filter((c) => c.complaints.over_limit).length;
	const body = clinics.length
		? `<div class="scroll"><table><thead>
			<tr class="group"><th></th><th>Spam</th><th colspan="10">Email</th><th colspan="2">Texts</th><th>Calls</th><th>Manual actions</th></tr>
			<tr><th>Clinic</th><th>Complaint rate (${COMPLAINT_WINDOW_DAYS} days)</th>${COLUMNS.map(([name]) => `<th>${esc(name)}</th>`).join('')}</tr>
			</thead><tbody>${clinics.map((c) => clinicRow(ctx, c)).join('')}</tbody></table></div>`
		: '<p class="card">No clinic has a workspace in this database yet.</p>';
	return page(
		'Clinics',
		`<h1>Clinics</h1><p class="muted">${clinics.length} clinic${clinics.length === 1 ? '' : 's'} · emails, texts and calls over ${period(days)} · tasks waiting now · complaint rate over ${COMPLAINT_WINDOW_DAYS} days${flagged ? ` · <strong>${flagged} above ${percent(COMPLAINT_LIMIT_PERCENT)}</strong>` : ''}</p>${body}`,
		nav,
	);
}
