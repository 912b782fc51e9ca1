import { compile } from 'html-to-text';

/**
 * Compiled once: html-to-text builds its selector picker for every `convert` call, which cost more
 * than the rest of an email's preparation together.
 */
const convert = compile({
	wordwrap: false,
	selectors: [
		{ selector: 'a', options: { hideLinkHrefIfSameAsText: true, linkBrackets: ['(', ')'] } },
		{ selector: 'img', format: 'skip' },
		{ selector: 'h1', options: { uppercase: false } },
		{ selector: 'h2', options: { uppercase: false } },
		{ selector: 'h3', options: { uppercase: false } },
		{ selector: 'h4', options: { uppercase: false } },
		{ selector: 'h5', options: { uppercase: false } },
		{ selector: 'h6', options: { uppercase: false } },
		{ selector: 'table', format: 'dataTable' },
	],
});

/**
 * The plain-text part sent beside the HTML body, for clients and filters that read text only:
 * headings, paragraphs and line breaks survive, links keep their address, images are dropped.
 */
export function htmlToText(html: string): string {
	return convert(html).trim();
}

/** A body typed without any markup is shown with its line breaks kept. */
export function looksLikeHtml(text: string): boolean {
	return /<\/?[a-z][\s\S]*>/i.test(text);
}

/** A body typed as plain text keeps its line breaks when shown or sent as HTML. */
export function asHtml(body: string): string {
	return looksLikeHtml(body) ? body : body.replace(/\r?\n/g, '<br>\n');
}
