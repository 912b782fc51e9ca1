/** What stands in for a secret the model's server (or a proxy) quoted back. */
export const REDACTED = '[redacted]';

/** Pieces of a key this long or longer are secret on their own: a server may quote part of it. */
const MIN_FRAGMENT = 8;

/** The URL as it may be shown: a user name and password become `***`. */
export function withoutCredentials(url: string): string {
	return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i, '$1***@');
}

/** The user name and password written into a URL, raw and decoded, for redaction. */
export function urlCredentials(url: string): string[] {
	const userinfo = /^[a-z][a-z0-9+.-]*:\/\/([^/?#@]*)@/i.exec(url)?.[1];
	if (!userinfo) return [];
	const decode = (part: string) => {
		try {
			return decodeURIComponent(part);
		} catch {
			return part;
		}
	};
	return userinfo
		.split(':')
		.flatMap((part) => [part, decode(part)])
		.filter((part) => part.length >= 3);
}

/** Every run of the text, at least MIN_FRAGMENT long, that also occurs in the secret. */
function sharedRuns(text: string, secret: string): Array<[number, number]> {
	const runs: Array<[number, number]> = [];
	for (let start = 0; start < text.length;) {
		let longest = 0;
		for (let from = 0; from < secret.length; from++) {
			let n = 0;
			while (
				start + n < text.length &&
				from + n < secret.length &&
				text[start + n] === secret[from + n]
			)
				n++;
			longest = Math.max(longest, n);
		}
		if (longest >= MIN_FRAGMENT) {
			runs.push([start, start + longest]);
			start += longest;
		} else start++;
	}
	return runs;
}

/**
 * The text without the secrets: each one where it appears whole, and any long piece of a long one
 * (a server may quote a key after its prefix, or cut it short).
 */
export function redact(text: string, secrets: string[]): string {
	let out = text;
	for (const secret of [...new Set(secrets)].sort((a, b) => b.length - a.length)) {
		if (secret.length < 3) continue;
		out = out.split(secret).join(REDACTED);
		if (secret.length < MIN_FRAGMENT * 2) continue;
		const runs = sharedRuns(out, secret);
		for (const [start, end] of runs.reverse())
			out = `${out.slice(0, start)}${REDACTED}${out.slice(end)}`;
	}
	return out;
}
