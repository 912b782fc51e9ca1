import { DomUtils, parseDocument } from 'htmlparser2';

type Element = ReturnType<typeof DomUtils.findAll>[number];

/**
 * Links a tracker must leave alone: anything but web links, and unsubscribe or preference links,
 * which must reach the provider or sender untouched (and whose clicks are not engagement).
 */
const UNSUBSCRIBE =
	/unsubscribe|opt[\s_-]?out|email[\s_-]?preferences|manage[\s_-]?preferences|%tag_unsubscribe|asm_group_unsubscribe/i;

function trackable(href: string, anchor: Element): boolean {
	if (!/^https?:\/\//i.test(href.trim())) return false;
	if (UNSUBSCRIBE.test(href) || UNSUBSCRIBE.test(DomUtils.textContent(anchor))) return false;
	return !('data-no-track' in anchor.attribs);
}

export interface TrackedHtml {
	html: string;
	/** The original addresses of the rewritten links, in order. */
	links: string[];
}

/**
 * Rewrites an email's web links through `track` and adds the open pixel, with a real HTML parser so
 * attributes, entities and comments survive as written.
 */
export async function trackHtml(
	html: string,
	options: { track: (url: string) => Promise<string>; pixelUrl?: string },
): Promise<TrackedHtml> {
	const document = parseDocument(html, { decodeEntities: true });
	const links: string[] = [];
	const anchors = DomUtils.findAll(
		(el) => el.name === 'a' && typeof el.attribs.href === 'string',
		document.children,
	);
	for (const anchor of anchors) {
		const href = anchor.attribs.href.trim();
		if (!trackable(href, anchor)) continue;
		anchor.attribs.href = await options.track(href);
		links.push(href);
	}
	if (options.pixelUrl) {
		const pixel = parseDocument(
			`<img src="${options.pixelUrl.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0">`,
		).children[0];
		const body = DomUtils.findOne((el) => el.name === 'body', document.children);
		DomUtils.appendChild(body ?? document, pixel);
	}
	return { html: DomUtils.getOuterHTML(document, { encodeEntities: 'utf8' }), links };
}
