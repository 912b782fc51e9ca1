/** A host as a CSP source may name it: labels of letters, digits and dashes, separated by dots. */
const CSP_HOST = /^[a-z0-9-]+(?:\.[a-z0-9-]+)*$/;

/**
 * The origin a page may play a recording from, as a CSP `media-src` source: `https://host[:port]`,
 * or undefined when the URL's origin is anything else. A URL parser keeps `;`, `,`, quotes and `*`
 * in a host name, and any of them in a policy would add or widen directives.
 */
export function mediaOrigin(url: unknown): string | undefined {
	if (typeof url !== 'string') return undefined;
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return undefined;
	}
	if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
	if (!CSP_HOST.test(parsed.hostname) || !/^\d*$/.test(parsed.port)) return undefined;
	return `${parsed.protocol}//${parsed.hostname}${parsed.port ? `:${parsed.port}` : ''}`;
}
