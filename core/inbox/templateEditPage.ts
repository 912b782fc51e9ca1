import type { TemplateKind } from '../store/types';
import { CUSTOM_VALUES } from '../templates/customValues';
import type { TemplatePreview } from '../templates/preview';
import { hidden } from './hiddenField';
import { html, type SafeHtml } from './html';
import { layout, type PageContext } from './layout';
import { previewBlock } from './previewBlock';
import { TEMPLATES_CSS } from './styles.css';
import { aiPanel, type AiPanelState } from './templateAiPanel';
import { KIND_LABEL } from './templateKinds';

export interface TemplateFormState {
	id?: number;
	kind: TemplateKind;
	name: string;
	subject: string;
	body: string;
	testTo: string;
	testFrom: string;
	preview: TemplatePreview;
	/** What each blank custom value needs from the trigger. */
	blankNeeds: { field: string; needs: string }[];
	notice?: string;
	error?: string;
	ai: AiPanelState;
}

/** The custom values, grouped by what fills them, each a button that adds it to the Message. */
function picker(): SafeHtml[] {
	return CUSTOM_VALUES.map(
		(g) =>
			html`<div><strong>${g.name}</strong> <span class="muted">needs: ${g.needs}</span><div class="tags">${g.values.map(
				(v) =>
					html`<button class="tag" name="insert" value="${v.tag}" title="${v.label}">${v.tag}</button>`,
			)}</div></div>`,
	);
}

/** A template's editor: its fields, custom values, Write with AI, the preview and Send Test. */
export function templateEditPage(ctx: PageContext, state: TemplateFormState): string {
	const isNew = state.id === undefined;
	const what = KIND_LABEL[state.kind];
	const blanks = state.blankNeeds.length
		? html`<div class="blank" id="blank-fields"><strong>Blank for this sample:</strong><ul>${state.blankNeeds.map(
				(b) => html`<li><code>{{${b.field}}}</code>: needs ${b.needs}</li>`,
			)}</ul></div>`
		: html`<p class="muted" id="blank-fields">Every custom value has a value for this sample.</p>`;
	const form = html`<form method="post" action="${ctx.base}/template" id="template-form">${hidden('csrf', ctx.csrf)}${!isNew && hidden('id', state.id)}${hidden('kind', state.kind)}
	<div class="tpl-grid"><div>
	<div class="panel"><label>Template name<input name="name" value="${state.name}" maxlength="200"></label>
	${state.kind === 'email' && html`<label>Subject<input name="subject" value="${state.subject}" maxlength="300"></label>`}
	<label>Message<textarea name="body" rows="${state.kind === 'email' ? 12 : 5}">${state.body}</textarea></label>
	<div class="row"><button class="btn" name="action" value="save">Save template</button><button class="btn secondary" name="action" value="preview">Update preview</button></div></div>
	<details class="panel" id="custom-values"><summary><strong>Custom values</strong> (adds the value to the end of the Message)</summary>${picker()}</details>
	${aiPanel(state.kind, state.ai)}
	</div><div>
	<div class="panel"><h2>Preview</h2><p class="muted">With a sample contact (Jane Doe) and an appointment a week from now; no assigned user.</p>${previewBlock(state.kind, state.preview)}${blanks}</div>
	<div class="panel"><h2>Send Test ${state.kind === 'email' ? 'Mail' : 'SMS'}</h2>
	${state.kind === 'email' && html`<label>From Email<input name="test_from" value="${state.testFrom}" placeholder="hello@yourpractice.com"></label>`}
	<label>${state.kind === 'email' ? 'Test email address' : 'Test phone number (with country code)'}<input name="test_to" value="${state.testTo}" placeholder="${state.kind === 'email' ? 'you@yourpractice.com' : '+15555550123'}"></label>
	<button class="btn secondary" name="action" value="test">Send Test ${state.kind === 'email' ? 'Mail' : 'SMS'}</button>
	<p class="muted">Sent with the sample contact's values; it checks formatting only.</p></div>
	</div></div></form>`;
	const remove =
		!isNew &&
		html`<form method="post" action="${ctx.base}/template">${hidden('csrf', ctx.csrf)}${hidden('id', state.id)}${hidden('action', 'delete')}<button class="btn secondary">Delete template</button></form>`;
	return layout(
		`${isNew ? 'New' : 'Edit'} ${what} template`,
		html`<style>${TEMPLATES_CSS}</style><p><a href="${ctx.base}/templates">&larr; Templates</a></p><h1>${isNew ? `New ${what} template` : state.name}</h1>
		${state.notice && html`<p class="notice">${state.notice}</p>`}${state.error && html`<p class="error" id="form-error">${state.error}</p>`}${form}${remove}`,
		ctx,
	);
}
