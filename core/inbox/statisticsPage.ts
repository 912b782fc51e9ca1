import { actionRecipients, actionStatistics, statisticsOf } from '../statistics/actionStatistics';
import type { WorkspaceStore } from '../store';
import type { RecipientDetail } from '../store/deliveryEvents';
import type { TeamUser } from '../store/types';
import { isAdmin } from './auth';
import { html, type SafeHtml } from './html';
import { layout, type PageContext } from './layout';
import { COLORS, dailyChart } from './statisticsChart';
import { STATISTICS_CSS } from './styles.css';
import { complaintRateSection, consentCounts, savePauseChoice } from './deliverabilitySection';

const PAGE_SIZE = 25;
const title = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);
const when = (iso: string) => iso.replace('T', ' ').slice(0, 16);

function actionHref(
	ctx: PageContext,
	workflowId: string,
	actionName: string,
	extra: Record<string, string | number> = {},
): string {
	const query = new URLSearchParams({
		workflow: workflowId,
		action: actionName,
		...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, String(v)])),
	});
	return `${ctx.base}/statistics?${query.toString()}`;
}

function countTiles(
	ctx: PageContext,
	workflowId: string,
	actionName: string,
	counts: Record<string, number>,
	selected?: string,
): SafeHtml {
	return html`<div class="stats">${Object.entries(counts).map(
		([name, n]) =>
			html`<a class="stat${name === selected && html` on`}" data-stat="${name}" style="border-top-color:${COLORS[name] ?? '#cbd5e1'}" href="${actionHref(ctx, workflowId, actionName, { event: name })}"><b>${n}</b>${title(name)}</a>`,
	)}</div>`;
}

function recipientRows(rows: RecipientDetail[]): SafeHtml {
	if (rows.length === 0) return html`<p class="muted">No recipients.</p>`;
	const body = rows.map(
		(
			r,
		) => html`<tr class="recipient"><td>${r.address}${r.contact_id !== null && html`<div class="muted">Contact #${r.contact_id}</div>`}</td>
			<td>${when(r.sent_at)}<div class="muted">${title(r.status)}${r.error && html`: ${r.error}`}</div></td>
			<td><ul class="events">${r.events.map((e) => html`<li><b>${title(e.event)}</b> ${when(e.at)}${e.reason && html` · ${e.reason}`}</li>`)}</ul></td></tr>`,
	);
	return html`<table><thead><tr><th>Recipient</th><th>Sent</th><th>Events</th></tr></thead><tbody>${body}</tbody></table>`;
}

/** The list of actions with their counts: the page's front. */
async function overview(ctx: PageContext, store: WorkspaceStore): Promise<string> {
	const actions = await store.deliveryEvents.actions();
	const cards: SafeHtml[] = [];
	for (const action of actions) {
		const { counts } = await actionStatistics(store, action.workflow_id, action.action_name);
		cards.push(html`<section class="action" data-channel="${action.channel}"><h2><a href="${actionHref(ctx, action.workflow_id, action.action_name)}">${action.action_name}</a></h2>
		<div class="muted">${action.channel === 'email' ? 'Send Email' : 'Send SMS'} · workflow ${action.workflow_id} · last sent ${when(action.last_sent_at)}</div>
		${countTiles(ctx, action.workflow_id, action.action_name, counts)}</section>`);
	}
	return layout(
		'Statistics',
		html`<style>${STATISTICS_CSS}</style><h1>Statistics</h1>${await complaintRateSection(ctx, store)}${cards.length ? cards : html`<p class="muted">No email or SMS sent yet.</p>`}${await consentCounts(store)}`,
		ctx,
	);
}

/** One action: its counts, the chart over time, and the recipients behind the chosen count. */
async function actionPage(
	ctx: PageContext,
	store: WorkspaceStore,
	workflowId: string,
	actionName: string,
	event: string | undefined,
	page: number,
): Promise<string | undefined> {
	const statistics = await actionStatistics(store, workflowId, actionName);
	const names = statisticsOf(statistics.channel ?? undefined);
	if (!names) return undefined;
	const statistic = event && names.includes(event) ? event : undefined;
	const daily = await store.deliveryEvents.daily({ workflowId, actionName }, names);
	const rows = await actionRecipients(store, workflowId, actionName, {
		statistic,
		limit: PAGE_SIZE + 1,
		offset: page * PAGE_SIZE,
	});
	const pager = [
		page > 0 &&
			html`<a href="${actionHref(ctx, workflowId, actionName, { ...(statistic ? { event: statistic } : {}), page: page - 1 })}">← Previous</a>`,
		rows.length > PAGE_SIZE &&
			html`<a href="${actionHref(ctx, workflowId, actionName, { ...(statistic ? { event: statistic } : {}), page: page + 1 })}">Next →</a>`,
	];
	return layout(
		actionName,
		html`<style>${STATISTICS_CSS}</style><p><a href="${ctx.base}/statistics">← All actions</a></p><h1>${actionName}</h1>
		<div class="muted">${statistics.channel === 'email' ? 'Send Email' : 'Send SMS'} · workflow ${workflowId}</div>
		${countTiles(ctx, workflowId, actionName, statistics.counts, statistic)}${dailyChart(daily, names)}
		<h2>${statistic ? html`${title(statistic)}: recipients` : 'All recipients'}</h2>${statistic && html`<p><a href="${actionHref(ctx, workflowId, actionName)}">Show all</a></p>`}
		${recipientRows(rows.slice(0, PAGE_SIZE))}<nav class="pager">${pager}</nav>`,
		ctx,
	);
}

/**
 * The Statistics page of the Inbox, for owners and admins: every email and SMS action's counts,
 * and per action a chart over time and the recipients behind each count.
 */
export async function statisticsRoute(
	ctx: PageContext & { user: TeamUser },
	store: WorkspaceStore,
	query: Record<string, unknown>,
	post?: Record<string, unknown>,
): Promise<{ status: number; html?: string; redirect?: string }> {
	if (!isAdmin(ctx.user))
		return {
			status: 403,
			html: layout(
				'Statistics',
				html`<h1>Statistics</h1><p class="error">Only owners and admins can see statistics.</p>`,
				ctx,
			),
		};
	if (post) {
		await savePauseChoice(store, post);
		return { status: 303, redirect: `${ctx.base}/statistics#complaint-rate` };
	}
	const workflowId = typeof query.workflow === 'string' ? query.workflow : '';
	const actionName = typeof query.action === 'string' ? query.action : '';
	if (!workflowId || !actionName) return { status: 200, html: await overview(ctx, store) };
	const page = Math.max(0, Math.floor(Number(query.page) || 0));
	const body = await actionPage(
		ctx,
		store,
		workflowId,
		actionName,
		typeof query.event === 'string' ? query.event : undefined,
		page,
	);
	return body
		? { status: 200, html: body }
		: {
				status: 404,
				html: layout(
					'Statistics',
					html`<h1>Statistics</h1><p class="error">No such action.</p>`,
					ctx,
				),
			};
}
