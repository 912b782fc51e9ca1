/** A browser's cookie jar for one visitor of the Inbox, signing in as a person does (the form's token first). */
export class Visitor {
	private readonly cookies = new Map<string, string>();

	constructor(private readonly inbox: () => string) {}

	async fetch(
		url: string,
		init: { method?: string; form?: Record<string, string> } = {},
	): Promise<{ status: number; text: string; headers: Headers }> {
		const res = await fetch(url, {
			method: init.method ?? (init.form ? 'POST' : 'GET'),
			redirect: 'manual',
			headers: {
				cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
				...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
			},
			body: init.form ? new URLSearchParams(init.form).toString() : undefined,
		});
		for (const line of res.headers.getSetCookie()) {
			const [pair] = line.split(';');
			const [name, ...value] = pair.split('=');
			if (/Max-Age=0/.test(line)) this.cookies.delete(name);
			else this.cookies.set(name, value.join('='));
		}
		return { status: res.status, text: await res.text(), headers: res.headers };
	}

	/** The token a page's form carries (none on a page without one). */
	static csrf(html: string): string {
		return /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
	}

	async signIn(email: string, password: string) {
		const page = await this.fetch(`${this.inbox()}/login`);
		return this.fetch(`${this.inbox()}/login`, {
			form: { csrf: Visitor.csrf(page.text), email, password },
		});
	}
}
