import { html, type HtmlValue } from './html';

/** A form's hidden field: the CSRF token, the record's id, the action a button stands for. */
export const hidden = (name: string, value: HtmlValue) =>
	html`<input type="hidden" name="${name}" value="${value}">`;
