import { changeOf } from '../consent/consentView';
import {
	COMPLAINT_LIMIT_PERCENT,
	DELIVERABILITY_SETTING,
	workspaceComplaintRate,
	type DeliverabilitySettings,
} from '../consent/complaintRate';
import type { WorkspaceStore } from '../store';
import { CHANNEL_LABELS, SOURCE_LABELS } from '../store/consentFlags';
import { html, type SafeHtml } from './html';
import type { PageContext } from './layout';
import { COMPLAINT_RATE_CSS } from './styles.css';

/**
 * The workspace's spam complaint rate on marketing email, in plain words, and the owner's choice to
 * pause marketing sends while it is over the limit.
 */
export async function complaintRateSection(
	ctx: PageContext,
	store: WorkspaceStore,
): Promise<SafeHtml> {
	const rate = await workspaceComplaintRate(store);
	return html`<style>${COMPLAINT_RATE_CSS}</style><section id="complaint-rate" class="${rate.over_limit ? 'over' : 'within'}"><h2>Spam complaints</h2><p>${rate.message}</p>
	<form method="post" action="${ctx.base}/statistics"><input type="hidden" name="csrf" value="${ctx.csrf}">
	<label class="check"><input type="checkbox" name="pause" value="1"${rate.pause_chosen && html` checked`}> Pause marketing email while complaints are over ${COMPLAINT_LIMIT_PERCENT} %</label>
	<button class="btn secondary">Save</button></form></section>`;
}

export async function savePauseChoice(
	store: WorkspaceStore,
	form: Record<string, unknown>,
): Promise<void> {
	const settings: DeliverabilitySettings = { pause_marketing_over_limit: form.pause === '1' };
	await store.settings.set(DELIVERABILITY_SETTING, settings);
}

/** How often each opt-out and opt-in happened, erased contacts included (they stay as counts only). */
export async function consentCounts(store: WorkspaceStore): Promise<SafeHtml | null> {
	const counts = await store.consent.counts();
	if (counts.length === 0) return null;
	const rows = counts.map(
		(c) =>
			html`<tr data-flag="${c.flag}" data-source="${c.source}"><td>${CHANNEL_LABELS[c.channel]}</td><td>${changeOf(c)}</td><td>${SOURCE_LABELS[c.source]}</td><td>${c.count}</td></tr>`,
	);
	return html`<section id="consent-counts"><h2>Opt-outs and consent</h2><p class="muted">All time, every contact's, erased contacts included as counts.</p>
	<table><thead><tr><th>Channel</th><th>Change</th><th>How</th><th>Count</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}
