import { formTokenMatches, SESSION_HOURS, signIn, signOut } from './auth';
import type { InboxDeps, InboxRequest, InboxResponse, Visit } from './inboxRoute';
import { messagePage } from './messagePage';
import { passwordLinkUser, usePasswordLink } from './passwordLinks';
import { formBinding as bindForm, pageCookie, signInAnswer } from './signInForm';
import { loginPage, setPasswordPage } from './signInPages';

export const SESSION_COOKIE = 'aesthetix_inbox';
/** A random value the sign-in and set-password forms are bound to before anyone is signed in. */
export const FORM_COOKIE = 'aesthetix_inbox_form';

const EXPIRED_FORM = 'This form has expired. Reload the page and try again.';

function cookie(
	name: string,
	value: string,
	deps: InboxDeps,
	req: InboxRequest,
	maxAge: number,
): string {
	return pageCookie(name, value, deps.base, req.secure, maxAge);
}

/** The form cookie the request brought, or a new one to set with the page. */
const formBinding = (req: InboxRequest, deps: InboxDeps) =>
	bindForm(deps.store, {
		cookie: req.formCookie,
		name: FORM_COOKIE,
		path: deps.base,
		secure: req.secure,
	});

/** The sign-in page, and its form: a team user's email and password start a session. */
export async function login(req: InboxRequest, deps: InboxDeps): Promise<InboxResponse> {
	const { store, base } = deps;
	const form = await formBinding(req, deps);
	const notice =
		req.query.password === 'set' ? 'Your password is set. Sign in with it.' : undefined;
	const page = (
		status: number,
		error?: string,
		headers?: Record<string, string>,
	): InboxResponse => ({
		status,
		html: loginPage({ base, csrf: form.token }, error, notice),
		setCookie: form.setCookie,
		headers,
	});
	if (req.method !== 'POST') return page(200);
	if (!(await formTokenMatches(store, req.formCookie, req.body.csrf)))
		return page(403, EXPIRED_FORM);
	const result = await signIn(
		store,
		String(req.body.email ?? ''),
		String(req.body.password ?? ''),
		req.address,
	);
	return signInAnswer(result, {
		page,
		refused: 'That email and password do not match an active team user.',
		signedIn: (token) => ({
			status: 303,
			redirect: base,
			setCookie: [cookie(SESSION_COOKIE, token, deps, req, SESSION_HOURS * 3600)],
		}),
	});
}

/** The page a set-password link opens: the team user chooses their password, and signs in with it. */
export async function setPassword(req: InboxRequest, deps: InboxDeps): Promise<InboxResponse> {
	const { store, base } = deps;
	const form = await formBinding(req, deps);
	const token = String((req.method === 'POST' ? req.body.token : req.query.token) ?? '');
	const gone: InboxResponse = {
		status: 410,
		html: messagePage(
			{ base },
			'Link expired',
			'This set-password link has expired or was already used. Ask the workspace owner for a new one.',
		),
	};
	const page = (status: number, error?: string): InboxResponse => ({
		status,
		html: setPasswordPage({ base, csrf: form.token }, token, error),
		setCookie: form.setCookie,
	});
	if (req.method !== 'POST')
		return (await passwordLinkUser(store, token)) === undefined ? gone : page(200);
	if (!(await formTokenMatches(store, req.formCookie, req.body.csrf)))
		return page(403, EXPIRED_FORM);
	const password = String(req.body.password ?? '');
	if (password !== String(req.body.confirm ?? '')) return page(400, 'The two passwords differ.');
	const result = await usePasswordLink(store, token, password);
	if (result.outcome === 'invalid') return gone;
	if (result.outcome === 'unusable') return page(400, result.problem);
	return { status: 303, redirect: `${base}/login?password=set` };
}

/** The Sign out form: a POST with the session's token (the router checks it). */
export async function logout({ req, deps }: Visit): Promise<InboxResponse> {
	await signOut(deps.store, req.cookie);
	return {
		status: 303,
		redirect: `${deps.base}/login`,
		setCookie: [cookie(SESSION_COOKIE, '', deps, req, 0)],
	};
}
