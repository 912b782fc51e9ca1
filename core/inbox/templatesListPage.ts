import type { SavedTemplate, TemplateKind } from '../store/types';
import { hidden } from './hiddenField';
import { html } from './html';
import { layout, type PageContext } from './layout';
import { TEMPLATES_CSS } from './styles.css';
import { KIND_LABEL } from './templateKinds';

/** The saved Email and SMS templates, each to open or delete, and a button to start a new one. */
export function templatesListPage(
	ctx: PageContext,
	templates: SavedTemplate[],
	notice?: string,
): string {
	const section = (kind: TemplateKind) => {
		const rows = templates
			.filter((t) => t.kind === kind)
			.map(
				(
					t,
				) => html`<tr class="template" data-template="${t.id}"><td><a href="${ctx.base}/template?id=${t.id}">${t.name}</a></td>
				<td class="hide-phone muted">${kind === 'email' ? t.subject : t.body.slice(0, 60)}</td><td class="hide-phone muted">${t.updated_at.slice(0, 16).replace('T', ' ')}</td>
				<td><form method="post" action="${ctx.base}/template" class="inline">${hidden('csrf', ctx.csrf)}${hidden('id', t.id)}${hidden('action', 'delete')}
				<button class="btn secondary" aria-label="Delete ${t.name}">Delete</button></form></td></tr>`,
			);
		return html`<div class="panel"><div class="row"><h2 style="flex:1">${KIND_LABEL[kind]} templates</h2>
			<a class="btn" href="${ctx.base}/template?kind=${kind}">New ${KIND_LABEL[kind]} template</a></div>
			${rows.length ? html`<table><tr><th>Name</th><th class="hide-phone">${kind === 'email' ? 'Subject' : 'Message'}</th><th class="hide-phone">Updated (UTC)</th><th></th></tr>${rows}</table>` : html`<p class="muted">None yet.</p>`}</div>`;
	};
	return layout(
		'Templates',
		html`<style>${TEMPLATES_CSS}</style><h1>Templates</h1>${notice && html`<p class="notice">${notice}</p>`}${section('email')}${section('sms')}`,
		ctx,
	);
}
