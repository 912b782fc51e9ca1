import type { WorkspaceStore } from '../store';
import type { Contact } from '../store/types';
import { isAdmin, type InboxSession } from './auth';
import { changeConsent } from './consentRoute';
import { contactsPage, conversationPage } from './conversationPages';
import { consentSection } from './consentSection';
import type { PageContext } from './layout';
import { mediaOrigin } from './mediaOrigin';

export const TIMELINE_PAGE_SIZE = 20;

/** Users whose contact access is "only assigned contacts" see those; admins and everyone else see all. */
function onlyAssigned(session: InboxSession): boolean {
	return !isAdmin(session.user) && session.user.contact_access === 'assigned';
}

export function maySee(session: InboxSession, contact: Contact): boolean {
	return !onlyAssigned(session) || contact.assigned_user_id === session.user.id;
}

/** The search page: contacts by name, email or phone. */
export async function contactsRoute(
	store: WorkspaceStore,
	session: InboxSession,
	ctx: PageContext,
	query: Record<string, unknown>,
) {
	const q = typeof query.q === 'string' ? query.q.slice(0, 100) : '';
	const contacts = await store.contacts.search(q, {
		assignedUserId: onlyAssigned(session) ? session.user.id : undefined,
	});
	return { status: 200, html: contactsPage(ctx, q, contacts, onlyAssigned(session)) };
}

/**
 * One contact's conversation, newest first, a page at a time. A contact the user may not see is
 * answered exactly as a missing one. Recordings are played from their own origins, which the page's
 * CSP then allows as media sources.
 */
export async function conversationRoute(
	store: WorkspaceStore,
	session: InboxSession,
	ctx: PageContext,
	query: Record<string, unknown>,
	post?: Record<string, unknown>,
): Promise<{ status: number; html?: string; redirect?: string; mediaSources?: string[] }> {
	const id = Number(query.id);
	const contact = Number.isInteger(id) ? await store.contacts.get(id) : undefined;
	if (!contact || !maySee(session, contact))
		return { status: 404, html: 'No such contact in your conversations.' };
	// The Consent section's buttons post here, then come back to the page.
	if (post) {
		await changeConsent(store, session, contact.id, post);
		return { status: 303, redirect: `${ctx.base}/contact?id=${contact.id}#consent` };
	}
	const requested = Number(query.page ?? 1);
	const page = await store.conversations.timeline(
		contact.id,
		Number.isInteger(requested) && requested > 0 ? requested : 1,
		TIMELINE_PAGE_SIZE,
	);
	const assignee = contact.assigned_user_id
		? await store.teamUsers.get(contact.assigned_user_id)
		: undefined;
	const mediaSources = [
		...new Set(
			page.entries
				.map((e) => mediaOrigin(e.meta.recording_url))
				.filter((o): o is string => o !== undefined),
		),
	];
	const consent = consentSection(
		ctx,
		contact,
		await store.consent.trail(contact.id),
		isAdmin(session.user),
	);
	return {
		status: 200,
		html: conversationPage(ctx, contact, assignee, page, consent),
		mediaSources,
	};
}
