import type { UnsubscribeView } from '../consent/unsubscribe';
import { html, type SafeHtml } from './html';
import { UNSUBSCRIBE_CSS } from './styles.css';

/** The form posts back to the page's own address, which carries the signed token. */
const button = (label: string, fields: Record<string, string>, secondary = false) =>
	html`<form method="post">${Object.entries(fields).map(
		([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`,
	)}<button${secondary && html` class="secondary"`}>${label}</button></form>`;

// The same fields a mail client's one click posts (RFC 8058), and where it came from.
const UNSUBSCRIBE = button('Unsubscribe', { 'List-Unsubscribe': 'One-Click', via: 'page' });
const RESUBSCRIBE = button('Resubscribe', { action: 'resubscribe', via: 'page' }, true);
const STILL_SENT = html`<p class="muted">Appointment confirmations and other messages about your visits still reach you.</p>`;

function body(view: UnsubscribeView, sender: string): SafeHtml {
	switch (view.state) {
		case 'invalid':
			return html`<h1>This link is not valid</h1><p>Copy the whole link from the email and try again.</p>`;
		case 'forgotten':
			return html`<h1>Nothing to unsubscribe from</h1><p>${sender} no longer keeps your details.</p>`;
		case 'test':
			return html`<h1>This is a test email</h1><p>Its link shows the page only; nothing was changed.</p>`;
		case 'subscribed':
			return html`<h1>Unsubscribe from ${sender}'s marketing email?</h1>${STILL_SENT}${UNSUBSCRIBE}`;
		case 'resubscribed':
			return html`<h1>You're subscribed again</h1><p>${sender} may send you marketing email again.</p>${UNSUBSCRIBE}`;
		case 'unsubscribed':
			return html`<h1>${view.justNow ? "You're unsubscribed" : 'You are already unsubscribed'}</h1><p>${sender} will send you no more marketing email.</p>${STILL_SENT}<p>Changed your mind?</p>${RESUBSCRIBE}`;
	}
}

/** The small page a person reaches from an email's unsubscribe link; it needs no sign-in and no script. */
export function unsubscribePage(view: UnsubscribeView, company: string): string {
	return html`<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Email preferences</title><style>${UNSUBSCRIBE_CSS}</style><main>${body(view, company || 'this sender')}</main></html>`
		.markup;
}
