/**
 * Browsers ignore control characters and spaces inside a URL's scheme, so `java\tscript:` still runs;
 * they are stripped before the scheme is read.
 */
function scheme(value: string): string | undefined {
	// eslint-disable-next-line no-control-regex -- control characters are exactly what must go
	const compact = value.replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
	return /^([a-z][a-z0-9+.-]*):/i.exec(compact)?.[1]?.toLowerCase();
}

const SCRIPT_SCHEMES = ['javascript', 'data', 'vbscript'];

/** Whether a link would run script or carry inline content when a person opens it. */
export function isScriptUrl(value: string): boolean {
	const found = scheme(value);
	return found !== undefined && SCRIPT_SCHEMES.includes(found);
}

/**
 * Where an in-app notification may send a team user: a path of the workspace (`/contacts/12`), or an
 * address on the workspace's own host. Anything else would let a workflow's data send people to
 * another site from a trusted page. Returns the problem, or undefined when the page is allowed.
 */
export function redirectPageProblem(value: string, publicBaseUrl: string): string | undefined {
	const page = value.trim();
	let own: string | undefined;
	try {
		own = publicBaseUrl ? new URL(publicBaseUrl).host : undefined;
	} catch {
		own = undefined;
	}
	// eslint-disable-next-line no-control-regex -- a path with control characters or spaces is not one browsers agree on
	if (/^\/(?![/\\])/.test(page) && !/[\u0000-\u0020\\]/.test(page)) return undefined;
	if (own && URL.canParse(page)) {
		const url = new URL(page);
		if ((url.protocol === 'https:' || url.protocol === 'http:') && url.host === own)
			return undefined;
	}
	return own
		? `must be a workspace path such as /contacts/12 or an address on ${own}`
		: "must be a workspace path such as /contacts/12 (addresses are allowed only on the Public Base URL's host, and none is set)";
}
