/** One cookie's value from a request's Cookie header, or undefined. */
export function readCookie(header: string | undefined, name: string): string | undefined {
	for (const part of (header ?? '').split(';')) {
		const [key, ...value] = part.trim().split('=');
		if (key === name) return value.join('=') || undefined;
	}
	return undefined;
}
