import { html } from './html';
import { layout, type PageContext } from './layout';

/** A page that only says something: an expired link, a page the user may not open. */
export function messagePage(ctx: PageContext, title: string, message: string): string {
	return layout(title, html`<h1>${title}</h1><p class="card">${message}</p>`, ctx);
}
