/**
 * Pages are built with the `html` tag, which escapes every value put into them. Markup enters a page
 * only as SafeHtml: what an `html` template made, or what `trusted` wraps, which is for markup the
 * code itself writes (a chart, the style sheet), never for data.
 */
export class SafeHtml {
	constructor(readonly markup: string) {}

	toString(): string {
		return this.markup;
	}
}

/** What a page template takes: text (escaped), markup, a list of either, or nothing. */
export type HtmlValue =
	SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

const ENTITIES: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&#39;',
};

/** Text as it must stand in HTML, in an element or a quoted attribute. */
const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ENTITIES[c]);

function render(value: HtmlValue): string {
	if (value instanceof SafeHtml) return value.markup;
	if (Array.isArray(value)) return value.map(render).join('');
	// `${condition && html`...`}` leaves nothing when the condition is false.
	if (value === null || value === undefined || value === false) return '';
	return escapeHtml(String(value));
}

/** A piece of a page: the template's own markup, and every value escaped unless it is SafeHtml. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
	let markup = strings[0];
	values.forEach((value, i) => {
		markup += render(value) + strings[i + 1];
	});
	return new SafeHtml(markup);
}

/** Markup the code itself wrote, such as an SVG chart's shapes or the style sheet: never data. */
export const trusted = (markup: string): SafeHtml => new SafeHtml(markup);
