import type { TextTransport } from '../../providers/twilio';
import type { ResumePost } from '../run/resume';
import type { WorkspaceStore } from '../store';
import type { InboxSession } from './auth';
import type { PageContext } from './layout';
import type { TemplatesDeps } from './templatesRoute';

/** The pages under the Inbox's address; '' is the Manual Actions queue. */
export const INBOX_PAGES = [
	'login',
	'logout',
	'task',
	'bell',
	'set-password',
	'contacts',
	'contact',
	'reputation',
	'statistics',
	'templates',
	'template',
] as const;

export type InboxPage = '' | (typeof INBOX_PAGES)[number];

export interface InboxRequest {
	method: string;
	/** The route under the Inbox: '', or one of INBOX_PAGES. */
	route: string;
	query: Record<string, unknown>;
	body: Record<string, unknown>;
	cookie?: string;
	formCookie?: string;
	secure: boolean;
	/** The visitor's network address, as n8n resolved it (behind a proxy, set N8N_PROXY_HOPS). */
	address: string;
}

export interface InboxResponse {
	status: number;
	html?: string;
	redirect?: string;
	setCookie?: string[];
	headers?: Record<string, string>;
	/** Origins the page plays recordings from, which its CSP must allow as media sources. */
	mediaSources?: string[];
}

export interface InboxDeps {
	store: WorkspaceStore;
	/** The Inbox's own address, such as /webhook/aesthetix/inbox. */
	base: string;
	texts?: TextTransport;
	resume: ResumePost;
	/** What the Templates pages send tests and drafts with. */
	templates?: Omit<TemplatesDeps, 'store' | 'base'>;
}

/** A signed-in user's request: the session, and what every page is drawn with. */
export interface Visit {
	req: InboxRequest;
	deps: InboxDeps;
	session: InboxSession;
	ctx: PageContext;
}

/**
 * One line of the Inbox's route table. A page anyone may open (signing in) is `open`; every other
 * page needs a session, and a POST to it the session's CSRF token.
 */
export type InboxRoute = { method: 'GET' | 'POST'; page: InboxPage } & (
	| { open: true; handler: (req: InboxRequest, deps: InboxDeps) => Promise<InboxResponse> }
	| { open?: false; handler: (visit: Visit) => Promise<InboxResponse> }
);
