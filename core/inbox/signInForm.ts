import { randomBytes } from 'node:crypto';
import type { WorkspaceStore } from '../store';
import { formToken } from './auth';

/** A cookie for one page's own path only, unreadable by scripts and never sent from another site. */
export function pageCookie(
	name: string,
	value: string,
	path: string,
	secure: boolean,
	maxAgeSeconds: number,
): string {
	return `${name}=${value}; Path=${path}; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure ? '; Secure' : ''}`;
}

/**
 * The token a form shown before sign-in carries, bound to the form cookie the request brought, or
 * to a new one to set with the page. `holder` is the store whose secret signs it.
 */
export async function formBinding(
	holder: Pick<WorkspaceStore, 'settings'>,
	form: { cookie: string | undefined; name: string; path: string; secure: boolean },
): Promise<{ token: string; setCookie?: string[] }> {
	const nonce =
		form.cookie && /^[\w-]{32,64}$/.test(form.cookie)
			? form.cookie
			: randomBytes(24).toString('base64url');
	return {
		token: await formToken(holder, nonce),
		setCookie:
			nonce === form.cookie
				? undefined
				: [pageCookie(form.name, nonce, form.path, form.secure, 3600)],
	};
}

export type SignInOutcome =
	| { outcome: 'signedIn'; token: string }
	| { outcome: 'refused' }
	| { outcome: 'throttled'; retryAfterSeconds: number };

/**
 * What a sign-in form answers: the form again with why (a pause after too many failures, or a
 * refusal), or the signed-in answer with the new session.
 */
export function signInAnswer<R>(
	result: SignInOutcome,
	answers: {
		page: (status: number, error: string, headers?: Record<string, string>) => R;
		refused: string;
		signedIn: (token: string) => R;
	},
): R {
	if (result.outcome === 'throttled') {
		const minutes = Math.ceil(result.retryAfterSeconds / 60);
		return answers.page(
			429,
			`Too many sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
			{ 'Retry-After': String(result.retryAfterSeconds) },
		);
	}
	if (result.outcome === 'refused') return answers.page(401, answers.refused);
	return answers.signedIn(result.token);
}
