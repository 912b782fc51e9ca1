import type { TemplateKind } from '../store/types';
import type { TemplatePreview } from '../templates/preview';
import { html, type SafeHtml } from './html';

/** A template rendered for the sample contact: an email's subject and message, or an SMS bubble. */
export function previewBlock(kind: TemplateKind, preview: TemplatePreview): SafeHtml {
	if (preview.problem) return html`<p class="error">${preview.problem}</p>`;
	// The email's own HTML (which workflows and the model write too) is shown in a sandboxed frame of its
	// own: a <meta> refresh or a <base> in it cannot act on this page, and no script runs in it.
	return kind === 'email'
		? html`<div class="muted">Subject</div><div class="preview" id="preview-subject">${preview.subject}</div><div class="muted">Message</div><iframe class="preview frame" id="preview-body" title="Message preview" sandbox srcdoc="${preview.body}"></iframe>`
		: html`<div class="sms-bubble" id="preview-body">${preview.body}</div><div class="muted">${preview.body.length} characters</div>`;
}
