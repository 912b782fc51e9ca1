import type { TemplateKind } from '../store/types';
import type { TemplatePreview } from '../templates/preview';
import { TONES } from '../templates/writeWithAi';
import { hidden } from './hiddenField';
import { html, type SafeHtml } from './html';
import { previewBlock } from './previewBlock';

export interface AiPanelState {
	/** How to configure a model, when none is. */
	setupHint?: string;
	prompt: string;
	tone: string;
	followUp: string;
	draft?: { subject: string; body: string; preview: TemplatePreview };
	error?: string;
}

/** Write with AI on the template editor: the prompt and tone, then the draft to use or re-generate. */
export function aiPanel(kind: TemplateKind, ai: AiPanelState): SafeHtml {
	const what = kind === 'email' ? 'Email' : 'SMS';
	if (ai.setupHint) {
		return html`<div class="panel" id="ai"><h2>Write with AI</h2><button class="btn" disabled id="ai-setup">${ai.setupHint}</button></div>`;
	}
	const tones = TONES.map((t) => html`<option${t === ai.tone && html` selected`}>${t}</option>`);
	const draft =
		ai.draft &&
		html`<div class="draft" id="ai-draft">${hidden('ai_subject', ai.draft.subject)}${hidden('ai_body', ai.draft.body)}
			${
				kind === 'email' &&
				html`<div class="muted">AI subject line</div><div class="preview" id="ai-draft-subject">${ai.draft.subject}</div>
			<label class="row"><input type="checkbox" name="use_subject" value="1" checked> Use Subject</label>`
			}
			<div class="muted">Draft, rendered for the sample contact</div>${previewBlock(kind, ai.draft.preview)}
			<label>Follow-up prompt<input name="ai_followup" value="${ai.followUp}" placeholder="Make it shorter and mention our new location"></label>
			<div class="row"><button class="btn secondary" name="action" value="regenerate">Re-generate</button>
			<button class="btn" name="action" value="use">Use ${what}</button></div></div>`;
	return html`<div class="panel" id="ai"><h2>Write with AI</h2>${ai.error && html`<p class="error" id="ai-error">${ai.error}</p>`}
		<label>Describe the ${kind === 'email' ? 'email' : 'text message'}<textarea name="ai_prompt" rows="3" placeholder="${kind === 'email' ? 'Write a promotional email offering 20% off a first HydraFacial' : 'Write a text offering 20% off a first HydraFacial'}">${ai.prompt}</textarea></label>
		<label>Tone<select name="ai_tone">${tones}</select></label>
		<button class="btn" name="action" value="generate">Generate</button>
		<p class="muted">AI writes generalized copy: custom values such as {{contact.first_name}} are kept, and the draft is checked to render before it is offered.</p>${draft}</div>`;
}
