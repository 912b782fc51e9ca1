const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

function decode(text: string): string {
	return text.replace(/&(#x?[0-9a-f]+|[a-z]+|#39);/gi, (whole, name: string) => {
		const lower = name.toLowerCase();
		if (ENTITIES[lower] !== undefined) return ENTITIES[lower];
		if (lower.startsWith('#x')) return String.fromCodePoint(parseInt(lower.slice(2), 16));
		if (lower.startsWith('#')) return String.fromCodePoint(parseInt(lower.slice(1), 10));
		return whole;
	});
}

/**
 * The plain-text part sent beside the HTML body, for clients and filters that read text only:
 * paragraphs and line breaks survive, links keep their address.
 */
export function htmlToText(html: string): string {
	let text = html
		.replace(/<(script|style|head)[^>]*>[\s\S]*?<\/\1>/gi, '')
		.replace(/<a\s[^>]*href\s*=\s*("([^"]*)"|'([^']*)')[^>]*>([\s\S]*?)<\/a>/gi, (_m, _q, dq, sq, inner: string) => {
			const href = dq ?? sq ?? '';
			const label = inner.replace(/<[^>]+>/g, '').trim();
			return !label || label === href ? href : `${label} (${href})`;
		})
		.replace(/<br\s*\/?>/gi, '\n')
		.replace(/<li[^>]*>/gi, '\n- ')
		.replace(/<\/(p|div|h[1-6]|tr|table|ul|ol|blockquote)>/gi, '\n\n')
		.replace(/<[^>]+>/g, '');
	text = decode(text)
		.replace(/[ \t\r\f\v]+/g, ' ')
		.replace(/ *\n */g, '\n')
		.replace(/\n{3,}/g, '\n\n');
	return text.trim();
}

/** A body typed without any markup is shown with its line breaks kept. */
export function looksLikeHtml(text: string): boolean {
	return /<\/?[a-z][\s\S]*>/i.test(text);
}
