import type { EmailTransport } from '../../providers/smtp';
import { EmailSendError } from '../../providers/smtp';
import { TextSendError, type TextTransport } from '../../providers/twilio';
import { resolveContact, type ResolvedContact } from '../run/resolveContact';
import { parseMailbox, type Mailbox } from '../contacts/addresses';
import { asHtml, htmlToText } from '../run/htmlToText';
import { endpointUrls } from '../links/endpointUrls';
import { readReputation, type ReputationSettings } from './reputation';
import {
	deliverReviewOnce,
	type PreparedReview,
	type ReviewOutcome,
	type ReviewRequestResult,
} from './deliverReview';
import { reviewStatus, type ReviewType } from './status';
import { toE164 } from '../contacts/phone';
import { isDnd } from '../store';
import {
	emailHeldBack,
	placeUnsubscribe,
	planUnsubscribe,
	type EmailTypeInput,
	type UnsubscribePlan,
} from '../consent/marketingEmail';
import { recordTextRefused } from '../consent/textOptOut';
import { stopIfResponded } from '../run/stopOnResponse';
import type { ActionRun } from '../run/actionRun';
import { ActionError } from '../run/errors';
import { renderField } from '../run/render';

export type { ReviewRequestResult };

/** The Send Review Request fields, as the node read them for one item, and the transport for its type. */
export interface ReviewRequestInput {
	contact: Record<string, unknown>;
	reviewType: ReviewType;
	email?: { transport: EmailTransport; smtpUser?: string };
	sms?: { transport: TextTransport };
	/** With Stop on Response: when the workflow run began; a response since then ends the item's run. */
	stopOnResponseSince?: string;
	/** Email only: marketing or transactional (saved version 1 workflows: transactional). */
	emailType?: EmailTypeInput['emailType'];
	unsubscribeLink?: boolean;
}

function requireSettings(settings: ReputationSettings): void {
	if (!settings.enabled) {
		throw new ActionError(
			'Review Requests Enabled',
			'Review requests are turned off in the Reputation settings',
			'Turn them on with the Aesthetix Workspace node (Setting > Set Reputation Settings) or on the Inbox Reputation page.',
		);
	}
	if (!settings.review_link) {
		throw new ActionError(
			'Review Link',
			'The Reputation settings have no review link',
			'Connect your Google Business Profile (or a third-party review link) in the Reputation settings.',
		);
	}
}

function emailRecipient(resolved: ResolvedContact): Mailbox {
	const raw = resolved.contact?.email ?? resolved.fromItem.email;
	if (raw === undefined || raw === null || String(raw).trim() === '') {
		throw new ActionError(
			'Contact',
			'The contact has no email address',
			'An email review request needs a contact with a valid email address.',
		);
	}
	const { mailbox, problem } = parseMailbox(String(raw));
	if (!mailbox) throw new ActionError('Contact', `The contact's email "${String(raw)}" ${problem}`);
	return mailbox;
}

function smsRecipient(resolved: ResolvedContact): string {
	const raw = resolved.contact?.phone ?? resolved.fromItem.phone;
	if (raw === undefined || raw === null || String(raw).trim() === '') {
		throw new ActionError(
			'Contact',
			'The contact has no phone number',
			'An SMS review request needs a contact with a valid mobile number.',
		);
	}
	const { number, problem } = toE164(raw);
	if (!number) throw new ActionError('Contact', `The contact's phone "${String(raw)}" ${problem}`);
	return number;
}

/** Sent on behalf of the assigned user (the spec); the workspace sender for an unassigned contact. */
function emailSender(
	resolved: ResolvedContact,
	settings: ReputationSettings,
	companyName: string,
): { from: Mailbox; sentAs: 'assigned_user' | 'workspace' } {
	const user = resolved.assignedUser;
	if (user?.email)
		return { from: { name: user.name, address: user.email }, sentAs: 'assigned_user' };
	const { mailbox } = parseMailbox(settings.sender_email);
	if (!mailbox) {
		throw new ActionError(
			'Sender Email',
			settings.sender_email
				? `The Reputation settings' Sender Email "${settings.sender_email}" is not a valid address`
				: 'The contact has no assigned user with an email address, and the Reputation settings have no Sender Email',
			'Assign the contact to a user, or set the workspace Sender Email in the Reputation settings.',
		);
	}
	return {
		from: { name: settings.sender_name || companyName || mailbox.name, address: mailbox.address },
		sentAs: 'workspace',
	};
}

/** Texts only: email asks `emailHeldBack`, which knows unsubscribes from marketing. */
function doNotContact(resolved: ResolvedContact, type: ReviewType): string | undefined {
	const contact = resolved.contact;
	if (!contact) return undefined;
	if (type === 'sms' && contact.sms_opted_out)
		return 'The contact replied STOP and has opted out of texts';
	if (isDnd(contact, 'sms')) return 'The contact is in Do Not Disturb for SMS';
	return undefined;
}

const display = (m: Mailbox) => (m.name ? `${m.name} <${m.address}>` : m.address);

type Prepare = {
	unsubscribe?: UnsubscribePlan;
	run: ActionRun;
	resolved: ResolvedContact;
	settings: ReputationSettings;
	context: Record<string, unknown>;
	base: Pick<ReviewRequestResult, 'action_name' | 'review_type' | 'contact_id'>;
};

function prepareEmail(
	{ run, resolved, settings, context, base, unsubscribe }: Prepare,
	email: NonNullable<ReviewRequestInput['email']>,
	to: Mailbox,
): PreparedReview {
	const { from, sentAs } = emailSender(resolved, settings, run.workspace.company.name);
	const subject = renderField(run, settings.email_subject, 'Email Subject', 'text', context);
	const body = renderField(run, asHtml(settings.email_body), 'Email Body', 'html', context);
	const smtpUser = email.smtpUser?.trim();
	return {
		type: 'email',
		recipient: to.address,
		contactId: resolved.contact?.id,
		reviewLink: settings.review_link,
		subject: subject.text,
		body: body.text,
		from: display(from),
		kind: unsubscribe?.kind,
		async send(deliveryId): Promise<ReviewOutcome> {
			const placed = unsubscribe
				? await placeUnsubscribe(run, unsubscribe, deliveryId, resolved.contact?.id, {
						html: body.text,
						subject: subject.text,
					})
				: { html: body.text, subject: subject.text, headers: {}, url: undefined };
			let sent;
			try {
				sent = await email.transport.send({
					from,
					to: [to],
					subject: placed.subject,
					html: placed.html,
					text: htmlToText(placed.html),
					headers: placed.headers,
				});
			} catch (error) {
				if (!(error instanceof EmailSendError)) throw error;
				return {
					sent: false,
					error: ActionError.fromProvider(error.kind === 'sender' ? 'Sender Email' : 'SMTP', error),
				};
			}
			if (sent.rejected.some((r) => r.address.toLowerCase() === to.address.toLowerCase())) {
				return {
					sent: false,
					error: new ActionError(
						'Contact',
						`The SMTP server refused the contact's email address "${to.address}"`,
					),
				};
			}
			const result: ReviewRequestResult = {
				...base,
				status: 'Sent',
				email_type: unsubscribe?.kind,
				...(placed.url ? { unsubscribe_link: placed.url } : {}),
				to: to.address,
				from: display(from),
				sent_as: sentAs,
				subject: placed.subject,
				body: body.text,
				review_link: settings.review_link,
				message_id: sent.messageId,
				blank_merge_fields: [...new Set([...subject.blankFields, ...body.blankFields])],
				statistics_tracked: true,
				...(smtpUser && smtpUser.toLowerCase() !== from.address.toLowerCase()
					? {
							sender_warning: `The SMTP credential signs in as "${smtpUser}" but this request is sent from "${from.address}": with a custom SMTP integration the sender must be the user email matching it, or the server may rewrite or refuse the sender.`,
						}
					: {}),
			};
			return { sent: true, providerId: sent.messageId, providerStatus: 'sent', result };
		},
	};
}

async function prepareText(
	{ run, resolved, settings, context, base }: Prepare,
	sms: NonNullable<ReviewRequestInput['sms']>,
	to: string,
): Promise<PreparedReview> {
	const userNumber = resolved.assignedUser?.phone
		? toE164(resolved.assignedUser.phone).number
		: undefined;
	const body = renderField(run, settings.sms_body, 'SMS Body', 'text', context);
	const urls = await run.once('endpoint', () =>
		endpointUrls(run.store, run.workspace.publicBaseUrl),
	);
	const from = userNumber ?? sms.transport.senderLabel;
	return {
		type: 'sms',
		recipient: to,
		contactId: resolved.contact?.id,
		reviewLink: settings.review_link,
		subject: null,
		body: body.text,
		from,
		async send(): Promise<ReviewOutcome> {
			let sent;
			try {
				sent = await sms.transport.send({
					to,
					body: body.text,
					channel: 'sms',
					from: userNumber,
					statusCallback: urls?.status,
				});
			} catch (error) {
				if (!(error instanceof TextSendError)) throw error;
				if (error.kind === 'opted_out' && resolved.contact)
					await recordTextRefused(run.store, resolved.contact.id);
				return {
					sent: false,
					error: ActionError.fromProvider(
						error.kind === 'invalid_sender' ? 'Assigned User' : 'Contact',
						error,
					),
				};
			}
			const result: ReviewRequestResult = {
				...base,
				status: reviewStatus('sms', sent.status),
				to,
				from: sent.from ?? from,
				sent_as: userNumber ? 'assigned_user' : 'workspace',
				body: body.text,
				review_link: settings.review_link,
				message_sid: sent.sid,
				blank_merge_fields: body.blankFields,
				statistics_tracked: urls !== undefined,
			};
			return { sent: true, providerId: sent.sid, providerStatus: sent.status, result };
		},
	};
}

/**
 * Sends one item's review request with the Reputation settings' wording, from the contact's assigned
 * user. Everything that can be refused (settings, recipient, DND, the wording's custom values) is
 * checked before the request is claimed, so a claimed request is one that was attempted.
 */
export async function sendReviewRequest(
	run: ActionRun,
	input: ReviewRequestInput,
	itemIndex: number,
	item: Record<string, unknown>,
): Promise<ReviewRequestResult> {
	const type = input.reviewType;
	const settings = readReputation(await run.reputationSettings());
	requireSettings(settings);
	const resolved = await resolveContact(run.store, input.contact);
	const base = {
		action_name: run.identity.actionName,
		review_type: type,
		contact_id: resolved.contact?.id,
	};
	const to = type === 'email' ? emailRecipient(resolved) : smsRecipient(resolved);
	const kind = input.emailType ?? 'transactional';
	const blocked =
		type === 'email'
			? await emailHeldBack(run, resolved.contact, kind)
			: doNotContact(resolved, type);
	if (blocked)
		return {
			...base,
			status: 'skipped',
			reason: blocked,
			blank_merge_fields: [],
			statistics_tracked: false,
		};
	if (input.stopOnResponseSince && resolved.contact) {
		const reason = await stopIfResponded(run, resolved.contact.id, input.stopOnResponseSince);
		if (reason)
			return {
				...base,
				status: 'stopped',
				reason,
				blank_merge_fields: [],
				statistics_tracked: false,
			};
	}

	const unsubscribe =
		type === 'email'
			? await planUnsubscribe(run, { emailType: kind, unsubscribeLink: input.unsubscribeLink })
			: undefined;
	const context = await run.mergeContext(item, input.contact, resolved);
	context.unsubscribe_link = unsubscribe?.placeholder;
	context.reputation = {
		...(context.reputation as Record<string, unknown>),
		review_link: settings.review_link,
	};
	const prepare: Prepare = { run, resolved, settings, context, base, unsubscribe };
	let review: PreparedReview;
	if (type === 'email') {
		if (!input.email)
			throw new ActionError(
				'Credential',
				'An email review request needs an Aesthetix SMTP credential',
			);
		review = prepareEmail(prepare, input.email, to as Mailbox);
	} else {
		if (!input.sms)
			throw new ActionError(
				'Credential',
				'An SMS review request needs an Aesthetix Twilio credential',
			);
		review = await prepareText(prepare, input.sms, to as string);
	}
	return deliverReviewOnce(run, itemIndex, review);
}
