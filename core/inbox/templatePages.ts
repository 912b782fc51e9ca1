import type { SavedTemplate, TemplateKind } from '../store/types';
import { CUSTOM_VALUES } from '../templates/customValues';
import type { TemplatePreview } from '../templates/preview';
import { TONES } from '../templates/writeWithAi';
import { esc, layout, type PageContext } from './pages';

const KIND_LABEL: Record<TemplateKind, string> = { email: 'Email', sms: 'SMS' };

const STYLE = `<style>
.tpl-grid{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:1rem;align-items:start}
.panel{background:#fff;border-radius:.75rem;padding:1rem 1.25rem;box-shadow:0 1px 3px #0002;margin:.75rem 0}
.panel h2{font-size:1.1rem;margin:.2rem 0 .6rem}.row{display:flex;gap:.5rem;flex-wrap:wrap;align-items:center}
.row input{flex:1;min-width:12rem;margin:0}.row input[type=checkbox]{flex:0 0 auto;min-width:0;width:auto}.tags{display:flex;flex-wrap:wrap;gap:.35rem;margin:.3rem 0 .6rem}
.tag{background:#ede9fe;color:#4c1d95;border:0;border-radius:.4rem;padding:.25rem .5rem;font:inherit;font-size:.85rem;cursor:pointer}
.preview{border:1px solid #e5e7eb;border-radius:.5rem;padding:.75rem;background:#fafafa;overflow-wrap:anywhere}
.preview.frame{display:block;width:100%;height:22rem;padding:0;background:#fff}
.sms-bubble{background:#dcfce7;border-radius:1rem;padding:.6rem .9rem;white-space:pre-wrap;max-width:22rem}
.blank{background:#fffbeb;border:1px solid #f59e0b;padding:.5rem .8rem;border-radius:.5rem;font-size:.9rem}
.draft{border:2px dashed #a78bfa;border-radius:.6rem;padding:.75rem;margin:.5rem 0}
button[disabled]{background:#e5e7eb;color:#374151;cursor:not-allowed;text-align:left}
table{width:100%;border-collapse:collapse}td,th{text-align:left;padding:.5rem;border-bottom:1px solid #eee;vertical-align:middle}
@media (max-width: 640px){.tpl-grid{grid-template-columns:1fr}td.hide-phone,th.hide-phone{display:none}}
</style>`;

const hidden = (name: string, value: unknown) =>
	`<input type="hidden" name="${name}" value="${esc(value)}">`;

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
				) => `<tr class="template" data-template="${t.id}"><td><a href="${ctx.base}/template?id=${t.id}">${esc(t.name)}</a></td>
				<td class="hide-phone muted">${esc(kind === 'email' ? t.subject : t.body.slice(0, 60))}</td><td class="hide-phone muted">${esc(t.updated_at.slice(0, 16).replace('T', ' '))}</td>
				<td><form method="post" action="${ctx.base}/template" class="inline">${hidden('csrf', ctx.csrf)}${hidden('id', t.id)}${hidden('action', 'delete')}
				<button class="btn secondary" aria-label="Delete ${esc(t.name)}">Delete</button></form></td></tr>`,
			)
			.join('');
		return `<div class="panel"><div class="row"><h2 style="flex:1">${KIND_LABEL[kind]} templates</h2>
			<a class="btn" href="${ctx.base}/template?kind=${kind}">New ${KIND_LABEL[kind]} template</a></div>
			${rows ? `<table><tr><th>Name</th><th class="hide-phone">${kind === 'email' ? 'Subject' : 'Message'}</th><th class="hide-phone">Updated (UTC)</th><th></th></tr>${rows}</table>` : '<p class="muted">None yet.</p>'}</div>`;
	};
	return layout(
		'Templates',
		`${STYLE}<h1>Templates</h1>${notice ? `<p class="notice">${esc(notice)}</p>` : ''}${section('email')}${section('sms')}`,
		ctx,
	);
}

export interface AiPanelState {
	/** How to configure a model, when none is. */
	setupHint?: string;
	prompt: string;
	tone: string;
	followUp: string;
	draft?: { subject: string; body: string; preview: TemplatePreview };
	error?: string;
}

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

function previewBlock(kind: TemplateKind, preview: TemplatePreview): string {
	if (preview.problem) return `<p class="error">${esc(preview.problem)}</p>`;
	// The email's own HTML (which workflows and the model write too) is shown in a sandboxed frame of its
	// own: a <meta> refresh or a <base> in it cannot act on this page, and no script runs in it.
	return kind === 'email'
		? `<div class="muted">Subject</div><div class="preview" id="preview-subject">${esc(preview.subject)}</div><div class="muted">Message</div><iframe class="preview frame" id="preview-body" title="Message preview" sandbox srcdoc="${esc(preview.body)}"></iframe>`
		: `<div class="sms-bubble" id="preview-body">${esc(preview.body)}</div><div class="muted">${preview.body.length} characters</div>`;
}

function picker(): string {
	return CUSTOM_VALUES.map(
		(g) =>
			`<div><strong>${esc(g.name)}</strong> <span class="muted">needs: ${esc(g.needs)}</span><div class="tags">${g.values
				.map(
					(v) =>
						`<button class="tag" name="insert" value="${esc(v.tag)}" title="${esc(v.label)}">${esc(v.tag)}</button>`,
				)
				.join('')}</div></div>`,
	).join('');
}

function aiPanel(state: TemplateFormState): string {
	const { ai, kind } = state;
	const what = kind === 'email' ? 'Email' : 'SMS';
	if (ai.setupHint) {
		return `<div class="panel" id="ai"><h2>Write with AI</h2><button class="btn" disabled id="ai-setup">${esc(ai.setupHint)}</button></div>`;
	}
	const tones = TONES.map((t) => `<option${t === ai.tone ? ' selected' : ''}>${t}</option>`).join(
		'',
	);
	const draft = ai.draft
		? `<div class="draft" id="ai-draft">${hidden('ai_subject', ai.draft.subject)}${hidden('ai_body', ai.draft.body)}
			${
				kind === 'email'
					? `<div class="muted">AI subject line</div><div class="preview" id="ai-draft-subject">${esc(ai.draft.subject)}</div>
			<label class="row"><input type="checkbox" name="use_subject" value="1" checked> Use Subject</label>`
					: ''
			}
			<div class="muted">Draft, rendered for the sample contact</div>${previewBlock(kind, ai.draft.preview)}
			<label>Follow-up prompt<input name="ai_followup" value="${esc(ai.followUp)}" placeholder="Make it shorter and mention our new location"></label>
			<div class="row"><button class="btn secondary" name="action" value="regenerate">Re-generate</button>
			<button class="btn" name="action" value="use">Use ${what}</button></div></div>`
		: '';
	return `<div class="panel" id="ai"><h2>Write with AI</h2>${ai.error ? `<p class="error" id="ai-error">${esc(ai.error)}</p>` : ''}
		<label>Describe the ${kind === 'email' ? 'email' : 'text message'}<textarea name="ai_prompt" rows="3" placeholder="${kind === 'email' ? 'Write a promotional email offering 20% off a first HydraFacial' : 'Write a text offering 20% off a first HydraFacial'}">${esc(ai.prompt)}</textarea></label>
		<label>Tone<select name="ai_tone">${tones}</select></label>
		<button class="btn" name="action" value="generate">Generate</button>
		<p class="muted">AI writes generalized copy: custom values such as {{contact.first_name}} are kept, and the draft is checked to render before it is offered.</p>${draft}</div>`;
}

export function templateEditPage(ctx: PageContext, state: TemplateFormState): string {
	const isNew = state.id === undefined;
	const what = KIND_LABEL[state.kind];
	const blanks = state.blankNeeds.length
		? `<div class="blank" id="blank-fields"><strong>Blank for this sample:</strong><ul>${state.blankNeeds
				.map((b) => `<li><code>{{${esc(b.field)}}}</code>: needs ${esc(b.needs)}</li>`)
				.join('')}</ul></div>`
		: '<p class="muted" id="blank-fields">Every custom value has a value for this sample.</p>';
	const form = `<form method="post" action="${ctx.base}/template" id="template-form">${hidden('csrf', ctx.csrf)}${isNew ? '' : hidden('id', state.id)}${hidden('kind', state.kind)}
	<div class="tpl-grid"><div>
	<div class="panel"><label>Template name<input name="name" value="${esc(state.name)}" maxlength="200"></label>
	${state.kind === 'email' ? `<label>Subject<input name="subject" value="${esc(state.subject)}" maxlength="300"></label>` : ''}
	<label>Message<textarea name="body" rows="${state.kind === 'email' ? 12 : 5}">${esc(state.body)}</textarea></label>
	<div class="row"><button class="btn" name="action" value="save">Save template</button><button class="btn secondary" name="action" value="preview">Update preview</button></div></div>
	<details class="panel" id="custom-values"><summary><strong>Custom values</strong> (adds the value to the end of the Message)</summary>${picker()}</details>
	${aiPanel(state)}
	</div><div>
	<div class="panel"><h2>Preview</h2><p class="muted">With a sample contact (Jane Doe) and an appointment a week from now; no assigned user.</p>${previewBlock(state.kind, state.preview)}${blanks}</div>
	<div class="panel"><h2>Send Test ${state.kind === 'email' ? 'Mail' : 'SMS'}</h2>
	${state.kind === 'email' ? `<label>From Email<input name="test_from" value="${esc(state.testFrom)}" placeholder="hello@yourpractice.com"></label>` : ''}
	<label>${state.kind === 'email' ? 'Test email address' : 'Test phone number (with country code)'}<input name="test_to" value="${esc(state.testTo)}" placeholder="${state.kind === 'email' ? 'you@yourpractice.com' : '+15555550123'}"></label>
	<button class="btn secondary" name="action" value="test">Send Test ${state.kind === 'email' ? 'Mail' : 'SMS'}</button>
	<p class="muted">Sent with the sample contact's values; it checks formatting only.</p></div>
	</div></div></form>`;
	const remove = isNew
		? ''
		: `<form method="post" action="${ctx.base}/template">${hidden('csrf', ctx.csrf)}${hidden('id', state.id)}${hidden('action', 'delete')}<button class="btn secondary">Delete template</button></form>`;
	return layout(
		`${isNew ? 'New' : 'Edit'} ${what} template`,
		`${STYLE}<p><a href="${ctx.base}/templates">&larr; Templates</a></p><h1>${isNew ? `New ${what} template` : esc(state.name)}</h1>
		${state.notice ? `<p class="notice">${esc(state.notice)}</p>` : ''}${state.error ? `<p class="error" id="form-error">${esc(state.error)}</p>` : ''}${form}${remove}`,
		ctx,
	);
}
