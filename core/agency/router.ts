import { csrfMatches, formTokenMatches, SESSION_HOURS } from '../inbox/auth';
import { formBinding, pageCookie, signInAnswer } from '../inbox/signInForm';
import type { InboxRequest, InboxResponse } from '../inbox/inboxRoute';
import type { WorkspaceStore } from '../store';
import type { AgencyStore } from './agencyStore';
import { clinicSummaries } from './clinics';
import { agencyLoginPage, agencyPage, PERIODS } from './pages';
import { ownerSession, signInOwner, signOutOwner, type AgencyOwner } from './ownerAuth';

export const AGENCY_COOKIE = 'aesthetix_agency';
export const AGENCY_FORM_COOKIE = 'aesthetix_agency_form';
export const AGENCY_PAGES = ['login', 'logout'] as const;

/** A request to the agency view: shaped as the Inbox's, its route '' (the clinics) or one of AGENCY_PAGES. */
export type AgencyRequest = InboxRequest;

/** Answered as the Inbox answers. */
export type AgencyResponse = InboxResponse;

export interface AgencyDeps {
	agency: AgencyStore;
	owner: AgencyOwner;
	/** The agency view's own address, such as /webhook/agency. */
	base: string;
	/** Where n8n serves webhooks, such as /webhook: a clinic's Inbox is under it at its endpoint's path. */
	webhookRoot: string;
	/** The schemas holding a clinic's workspace, and the store of each. */
	schemas(): Promise<string[]>;
	open(schema: string): Promise<WorkspaceStore>;
	now?: () => Date;
}

const cookie = (
	name: string,
	value: string,
	deps: AgencyDeps,
	req: AgencyRequest,
	maxAge: number,
) => pageCookie(name, value, deps.base, req.secure, maxAge);

async function login(req: AgencyRequest, deps: AgencyDeps): Promise<AgencyResponse> {
	const form = await formBinding(deps.agency, {
		cookie: req.formCookie,
		name: AGENCY_FORM_COOKIE,
		path: deps.base,
		secure: req.secure,
	});
	const page = (
		status: number,
		error?: string,
		headers?: Record<string, string>,
	): AgencyResponse => ({
		status,
		html: agencyLoginPage({ base: deps.base, csrf: form.token }, error),
		setCookie: form.setCookie,
		headers,
	});
	if (req.method !== 'POST') return page(200);
	if (!(await formTokenMatches(deps.agency, req.formCookie, req.body.csrf)))
		return page(403, 'This form has expired. Reload the page and try again.');
	const result = await signInOwner(
		deps.agency,
		deps.owner,
		String(req.body.email ?? ''),
		String(req.body.password ?? ''),
		req.address,
	);
	return signInAnswer(result, {
		page,
		refused: "That email and password are not the agency owner's.",
		signedIn: (token) => ({
			status: 303,
			redirect: deps.base,
			setCookie: [cookie(AGENCY_COOKIE, token, deps, req, SESSION_HOURS * 3600)],
		}),
	});
}

/** The agency view: its own sign-in, then every clinic of the database with its morning figures. */
export async function handleAgency(req: AgencyRequest, deps: AgencyDeps): Promise<AgencyResponse> {
	if (req.route === 'login') return login(req, deps);
	const session = await ownerSession(deps.agency, deps.owner, req.cookie);
	if (!session) return { status: 303, redirect: `${deps.base}/login` };
	if (req.method === 'POST' && !csrfMatches(session, req.body.csrf))
		return { status: 403, html: 'Forbidden: the form has expired. Reload the page.' };
	if (req.route === 'logout') {
		if (req.method !== 'POST') return { status: 303, redirect: deps.base };
		await signOutOwner(deps.agency, req.cookie);
		return {
			status: 303,
			redirect: `${deps.base}/login`,
			setCookie: [cookie(AGENCY_COOKIE, '', deps, req, 0)],
		};
	}
	if (req.route !== '') return { status: 404, html: 'Not found' };
	const days = PERIODS.includes(Number(req.query.days)) ? Number(req.query.days) : PERIODS[0];
	const at = deps.now?.() ?? new Date();
	const clinics = await clinicSummaries(
		await deps.schemas(),
		deps.open,
		new Date(at.getTime() - days * 86_400_000).toISOString(),
		at,
	);
	return {
		status: 200,
		html: agencyPage(
			{ base: deps.base, webhookRoot: deps.webhookRoot, csrf: session.csrfToken },
			clinics,
			days,
		),
	};
}
