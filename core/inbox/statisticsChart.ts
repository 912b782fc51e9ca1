import { html, type SafeHtml } from './html';

/** One colour per statistic, the same on every chart and legend. */
export const COLORS: Record<string, string> = {
	accepted: '#6366f1',
	delivered: '#16a34a',
	opened: '#0ea5e9',
	clicked: '#f59e0b',
	replied: '#7c3aed',
	stored: '#64748b',
	bounced: '#dc2626',
	rejected: '#9f1239',
	complained: '#ea580c',
	unsubscribed: '#a16207',
	failed: '#dc2626',
};

/**
 * A bar chart of the statistics per day, drawn on the server as inline SVG: the Inbox runs no
 * script, and inline SVG needs none.
 */
export function dailyChart(
	days: Array<{ day: string; counts: Record<string, number> }>,
	names: readonly string[],
): SafeHtml {
	if (days.length === 0) return html`<p class="muted">Nothing sent yet.</p>`;
	const width = 640;
	const height = 220;
	const left = 36;
	const bottom = 28;
	const top = 10;
	const max = Math.max(1, ...days.flatMap((d) => names.map((n) => d.counts[n] ?? 0)));
	const group = (width - left) / days.length;
	const bar = Math.max(2, Math.min(14, (group - 8) / names.length));
	const y = (n: number) => top + (height - top - bottom) * (1 - n / max);
	const ticks = [0, Math.ceil(max / 2), max].filter((v, i, all) => all.indexOf(v) === i);
	const grid = ticks.map(
		(t) =>
			html`<line x1="${left}" x2="${width}" y1="${y(t)}" y2="${y(t)}" stroke="#e5e7eb"/><text x="${left - 6}" y="${y(t) + 4}" text-anchor="end" font-size="11" fill="#6b7280">${t}</text>`,
	);
	const bars = days.map((d, i) => {
		const start = left + i * group + (group - bar * names.length) / 2;
		const rects = names.map((n, j) => {
			const value = d.counts[n] ?? 0;
			return value
				? html`<rect x="${(start + j * bar).toFixed(1)}" y="${y(value).toFixed(1)}" width="${(bar - 1).toFixed(1)}" height="${(y(0) - y(value)).toFixed(1)}" fill="${COLORS[n] ?? '#94a3b8'}"><title>${`${d.day}: ${value} ${n}`}</title></rect>`
				: null;
		});
		return html`${rects}<text x="${(left + i * group + group / 2).toFixed(1)}" y="${height - 8}" text-anchor="middle" font-size="11" fill="#374151">${d.day.slice(5)}</text>`;
	});
	const legend = names.map(
		(n) =>
			html`<span class="key"><i style="background:${COLORS[n] ?? '#94a3b8'}"></i>${n.charAt(0).toUpperCase() + n.slice(1)}</span>`,
	);
	return html`<figure class="chart"><svg viewBox="0 0 ${width} ${height}" role="img" aria-label="Statistics per day" width="100%">${grid}${bars}</svg><figcaption>${legend}</figcaption></figure>`;
}
