/**
 * The headers of every Inbox page: no scripts, no framing by others, forms post only to the Inbox,
 * and no <base> element may re-point the page's relative links and forms (stored template HTML is
 * shown on these pages). Audio players allow only the origins of the recordings on the page.
 */
export function pageHeaders(mediaSources: string[] = []): Record<string, string> {
	const policy = [
		"default-src 'none'",
		"style-src 'unsafe-inline'",
		"img-src 'self'",
		"form-action 'self'",
		"frame-ancestors 'none'",
		"base-uri 'none'",
		...(mediaSources.length ? [`media-src ${mediaSources.join(' ')}`] : []),
	];
	return {
		'Content-Security-Policy': policy.join('; '),
		'X-Frame-Options': 'DENY',
		'Cache-Control': 'no-store',
		'Referrer-Policy': 'same-origin',
	};
}
