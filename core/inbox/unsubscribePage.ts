import type { UnsubscribeView } from '../email/unsubscribe';
import { esc } from './pages';

const STYLE =
	'body{margin:0;font:16px/1.5 system-ui,sans-serif;color:#1f2937;background:#f5f3ff}main{max-width:32rem;margin:3rem auto;padding:1.5rem;background:#fff;border-radius:.75rem;box-shadow:0 1px 3px #0002}h1{font-size:1.3rem}button{background:#7c3aed;color:#fff;border:0;border-radius:.5rem;padding:.6rem 1.1rem;font:inherit;cursor:pointer}button.secondary{background:#e5e7eb;color:#111}.muted{color:#6b7280;font-size:.9rem}';

/** The form posts back to the page's own address, which carries the signed token. */
const button = (label: string, fields: Record<string, string>, secondary = false) =>
	`<form method="post">${Object.entries(fields)
		.map(([name, value]) => `<input type="hidden" name="${esc(name)}" value="${esc(value)}">`)
		.join('')}<button${secondary ? ' class="secondary"' : ''}>${esc(label)}</button></form>`;

// The same fields a mail client's one click posts (RFC 8058), and where it came from.
const UNSUBSCRIBE = button('Unsubscribe', { 'List-Unsubscribe': 'One-Click', via: 'page' });
const RESUBSCRIBE = button('Resubscribe', { action: 'resubscribe', via: 'page' }, true);
const STILL_SENT =
	'<p class="muted">Appointment confirmations and other messages about your visits still reach you.</p>';

/** The small page a person reaches from an email's unsubscribe link; it needs no sign-in and no script. */
export function unsubscribePage(view: UnsubscribeView, company: string): string {
	const sender = esc(company || 'this sender');
	let body: string;
	switch (view.state) {
		case 'invalid':
			body =
				'<h1>This link is not valid</h1><p>Copy the whole link from the email and try again.</p>';
			break;
		case 'forgotten':
			body = `<h1>Nothing to unsubscribe from</h1><p>${sender} no longer keeps your details.</p>`;
			break;
		case 'test':
			body =
				'<h1>This is a test email</h1><p>Its link shows the page only; nothing was changed.</p>';
			break;
		case 'subscribed':
			body = `<h1>Unsubscribe from ${sender}'s marketing email?</h1>${STILL_SENT}${UNSUBSCRIBE}`;
			break;
		case 'resubscribed':
			body = `<h1>You're subscribed again</h1><p>${sender} may send you marketing email again.</p>${UNSUBSCRIBE}`;
			break;
		case 'unsubscribed':
			body = `<h1>${view.justNow ? "You're unsubscribed" : 'You are already unsubscribed'}</h1><p>${sender} will send you no more marketing email.</p>${STILL_SENT}<p>Changed your mind?</p>${RESUBSCRIBE}`;
			break;
	}
	return `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Email preferences</title><style>${STYLE}</style><main>${body}</main></html>`;
}
