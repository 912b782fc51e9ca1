import type { ActionRun } from '../run/actionRun';
import { ActionError } from '../run/errors';
import { emailOptOut } from './emailOptOut';
import { endpointBase } from '../links/endpointUrls';
import type { Contact } from '../store/types';
import { workspaceComplaintRate, pausedReason } from './complaintRate';
import {
	oneClickHeaders,
	placeUnsubscribeLink,
	unsubscribePlaceholder,
	unsubscribeToken,
	unsubscribeUrl,
	type EmailKind,
} from './unsubscribe';

/** The message's kind, and whether it carries the one-click unsubscribe (marketing always; transactional when chosen). */
export interface EmailTypeInput {
	emailType: EmailKind;
	unsubscribeLink?: boolean;
}

/** Where `{{unsubscribe_link}}` points while the message renders, and whether the headers and link go out. */
export interface UnsubscribePlan {
	kind: EmailKind;
	oneClick: boolean;
	base?: string;
	/** What `{{unsubscribe_link}}` renders as until the send is claimed; undefined renders it blank. */
	placeholder?: string;
}

/**
 * Why the email must not go out: the contact's opt-out (Do Not Disturb stops every email, an
 * unsubscribe stops marketing), or, for marketing, the workspace's pause over the complaint limit.
 */
export async function emailHeldBack(
	run: ActionRun,
	contact: Contact | undefined,
	kind: EmailKind,
): Promise<string | undefined> {
	const optedOut = contact && (await emailOptOut(run.store.consent, contact, kind));
	if (optedOut) return optedOut;
	if (kind !== 'marketing') return undefined;
	const rate = await run.once('complaint-rate', () => workspaceComplaintRate(run.store));
	return rate.marketing_paused ? pausedReason(rate) : undefined;
}

/**
 * Marketing email cannot go out without its unsubscribe address, which the Workspace Endpoint
 * serves: without the endpoint it is an error that says so, not a message that breaks the law.
 */
export async function planUnsubscribe(
	run: ActionRun,
	input: EmailTypeInput,
	field = 'Email Type',
): Promise<UnsubscribePlan> {
	const oneClick = input.emailType === 'marketing' || input.unsubscribeLink === true;
	const base = await run.once('endpoint-base', () =>
		endpointBase(run.store, run.workspace.publicBaseUrl),
	);
	if (oneClick && !base)
		throw new ActionError(
			field,
			`${input.emailType === 'marketing' ? 'Marketing email' : 'An email with Add Unsubscribe Link'} needs an unsubscribe address, and the workspace has none`,
			"Publish the Aesthetix Workspace Endpoint workflow and set the Public Base URL of the workspace credential (https, for Gmail's and Yahoo's one-click unsubscribe), or send a message the contact needs as Transactional.",
		);
	return {
		kind: input.emailType,
		oneClick,
		base,
		placeholder: base
			? await run.once('unsubscribe-placeholder', async () => unsubscribePlaceholder())
			: undefined,
	};
}

export interface PlacedUnsubscribe {
	html: string;
	subject: string;
	headers: Record<string, string>;
	/** The signed address, when the message carries it. */
	url?: string;
}

/**
 * Once the send is claimed: the link signed for this contact and this email, in place of the
 * placeholder, at the foot of a one-click message that had none, and in its two headers.
 */
export async function placeUnsubscribe(
	run: ActionRun,
	plan: UnsubscribePlan,
	deliveryId: number,
	contactId: number | undefined,
	message: { html: string; subject: string },
): Promise<PlacedUnsubscribe> {
	if (!plan.base || !plan.placeholder || contactId === undefined)
		return { ...message, headers: {} };
	const used =
		message.html.includes(plan.placeholder) || message.subject.includes(plan.placeholder);
	if (!plan.oneClick && !used) return { ...message, headers: {} };
	const secret = await run.once('secret', () => run.store.settings.secret());
	const url = unsubscribeUrl(plan.base, unsubscribeToken(secret, contactId, deliveryId));
	const subject = message.subject.split(plan.placeholder).join(url);
	// A one-click message gets the link at its foot when it has none; any message gets it where it was written.
	const html =
		plan.oneClick || message.html.includes(plan.placeholder)
			? placeUnsubscribeLink(message.html, plan.placeholder, url).html
			: message.html;
	return { html, subject, headers: plan.oneClick ? oneClickHeaders(url) : {}, url };
}
