// A Host header as RFC 9110 allows it: a name or an address, and an optional port.
const VALID_HOST =
	/^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

export interface ReceivedAt {
	protocol: string;
	host: string | undefined;
	/** The path and query the request was made for. */
	originalUrl: string;
}

/**
 * The URL a provider signed a callback for. With a Public Base URL, only that one: the Host header
 * is the caller's to choose, so a URL built from it proves nothing about where the provider sent the
 * request. Without one, n8n's own address, when the Host header is well formed; otherwise none.
 */
export function signedCallbackUrl(publicBaseUrl: string, request: ReceivedAt): string | undefined {
	if (publicBaseUrl) return `${publicBaseUrl}${request.originalUrl}`;
	const host = request.host ?? '';
	return VALID_HOST.test(host) ? `${request.protocol}://${host}${request.originalUrl}` : undefined;
}
