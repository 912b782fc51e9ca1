import type { EmailTransport } from '../../providers/smtp';
import { EmailSendError } from '../../providers/smtp';
import { TextSendError, type TextTransport } from '../../providers/twilio';
import { resolveContact, type ResolvedContact } from '../contacts/resolveContact';
import { parseMailbox, type Mailbox } from '../email/addresses';
import { htmlToText } from '../email/htmlToText';
import { endpointUrls } from '../endpoint/urls';
import { readReputation, type ReputationSettings } from '../reviews/reputation';
import { REVIEW_CHANNEL, reviewStatus, type ReviewStatus, type ReviewType } from '../reviews/status';
import { toE164 } from '../sms/phone';
import { isDnd } from '../store';
import type { ActionRun } from './actionRun';
import { ActionError } from './errors';
import { renderField } from './render';

/** The Send Review Request fields, as the node read them for one item, and the transport for its type. */
export interface ReviewRequestInput {
	contact: Record<string, unknown>;
	reviewType: ReviewType;
	email?: { transport: EmailTransport; smtpUser?: string };
	sms?: { transport: TextTransport };
}

export interface ReviewRequestResult {
	action_name: string;
	review_type: ReviewType;
	/** Queued, Sent, Delivered (SMS only, later) or Failed; `skipped` when the contact may not be reached. */
	status: ReviewStatus | 'skipped';
	reason?: string;
	contact_id?: number;
	to?: string;
	from?: string;
	/** Who the request went out as: the contact's assigned user, or the workspace sender. */
	sent_as?: 'assigned_user' | 'workspace';
	subject?: string;
	body?: string;
	review_link?: string;
	message_id?: string;
	message_sid?: string;
	/** Set when the SMTP credential logs in as another address than the sender, which the spec warns about. */
	sender_warning?: string;
	blank_merge_fields: string[];
	/** False for SMS when no workspace endpoint is active: then Delivered cannot be known. */
	statistics_tracked: boolean;
	already_sent?: boolean;
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
		throw new ActionError('Review Link', 'The Reputation settings have no review link', 'Connect your Google Business Profile (or a third-party review link) in the Reputation settings.');
	}
}

function emailRecipient(resolved: ResolvedContact): Mailbox {
	const raw = resolved.contact?.email ?? resolved.fromItem.email;
	if (raw === undefined || raw === null || String(raw).trim() === '') {
		throw new ActionError('Contact', 'The contact has no email address', 'An email review request needs a contact with a valid email address.');
	}
	const { mailbox, problem } = parseMailbox(String(raw));
	if (!mailbox) throw new ActionError('Contact', `The contact's email "${String(raw)}" ${problem}`);
	return mailbox;
}

function smsRecipient(resolved: ResolvedContact): string {
	const raw = resolved.contact?.phone ?? resolved.fromItem.phone;
	if (raw === undefined || raw === null || String(raw).trim() === '') {
		throw new ActionError('Contact', 'The contact has no phone number', 'An SMS review request needs a contact with a valid mobile number.');
	}
	const { number, problem } = toE164(raw);
	if (!number) throw new ActionError('Contact', `The contact's phone "${String(raw)}" ${problem}`);
	return number;
}

/** Sent on behalf of the assigned user (the spec); the workspace sender for an unassigned contact. */
function emailSender(resolved: ResolvedContact, settings: ReputationSettings, companyName: string): { from: Mailbox; sentAs: 'assigned_user' | 'workspace' } {
	const user = resolved.assignedUser;
	if (user?.email) return { from: { name: user.name, address: user.email }, sentAs: 'assigned_user' };
	const { mailbox } = parseMailbox(settings.sender_email);
	if (!mailbox) {
		throw new ActionError(
			'Sender Email',
			settings.sender_email ? `The Reputation settings' Sender Email "${settings.sender_email}" is not a valid address` : 'The contact has no assigned user with an email address, and the Reputation settings have no Sender Email',
			'Assign the contact to a user, or set the workspace Sender Email in the Reputation settings.',
		);
	}
	return { from: { name: settings.sender_name || companyName || mailbox.name, address: mailbox.address }, sentAs: 'workspace' };
}

function doNotContact(resolved: ResolvedContact, type: ReviewType): string | undefined {
	const contact = resolved.contact;
	if (!contact) return undefined;
	if (type === 'sms' && contact.sms_opted_out) return 'The contact replied STOP and has opted out of texts';
	if (isDnd(contact, type)) return `The contact is in Do Not Disturb for ${type === 'sms' ? 'SMS' : 'email'}`;
	return undefined;
}

const display = (m: Mailbox) => (m.name ? `${m.name} <${m.address}>` : m.address);

/**
 * Sends one item's review request with the Reputation settings' wording, from the contact's assigned
 * user, and records it for the action's statistics and the contact's conversation. An SMS request
 * moves on to Delivered or Failed when Twilio's status callbacks arrive at the workspace endpoint.
 */
export async function sendReviewRequest(run: ActionRun, input: ReviewRequestInput, itemIndex: number, item: Record<string, unknown>): Promise<ReviewRequestResult> {
	const type = input.reviewType;
	const settings = readReputation(await run.reputationSettings());
	requireSettings(settings);
	const resolved = await resolveContact(run.store, input.contact);
	const base = { action_name: run.identity.actionName, review_type: type, contact_id: resolved.contact?.id, blank_merge_fields: [] as string[], statistics_tracked: type === 'email' };
	const to = type === 'email' ? emailRecipient(resolved) : smsRecipient(resolved);
	const blocked = doNotContact(resolved, type);
	if (blocked) return { ...base, status: 'skipped', reason: blocked };

	const context = await run.mergeContext(item, input.contact, resolved);
	context.reputation = { ...(context.reputation as Record<string, unknown>), review_link: settings.review_link };
	const recipient = typeof to === 'string' ? to : to.address;
	const { record, alreadySent } = await run.claimDelivery(itemIndex, REVIEW_CHANNEL[type], recipient, resolved.contact?.id ?? null, false);
	if (alreadySent) return { ...(record.result as unknown as ReviewRequestResult), already_sent: true };

	const log = (status: string, fields: { subject: string | null; body: string; from: string; providerId: string | null }) =>
		resolved.contact
			? run.logToConversation({
					contact_id: resolved.contact.id,
					channel: 'review_request',
					direction: 'outbound',
					status,
					subject: fields.subject,
					body: fields.body,
					from_address: fields.from,
					to_address: recipient,
					provider_message_id: fields.providerId,
					meta: { review_type: type, review_link: settings.review_link },
				})
			: Promise.resolve();
	const fail = async (message: string, fields: Parameters<typeof log>[1], field: string, hint?: string): Promise<never> => {
		await run.store.deliveries.finish(record.id, { status: 'failed', error: message });
		await log('failed', fields);
		throw new ActionError(field, message, hint);
	};

	let result: ReviewRequestResult;
	if (type === 'email') {
		if (!input.email) throw new ActionError('Credential', 'An email review request needs an Aesthetix SMTP credential');
		const { from, sentAs } = emailSender(resolved, settings, run.workspace.company.name);
		const subject = renderField(run, settings.email_subject, 'Email Subject', 'text', context);
		const body = renderField(run, settings.email_body.replace(/\r?\n/g, '<br>\n'), 'Email Body', 'html', context);
		const fields = { subject: subject.text, body: body.text, from: display(from), providerId: null };
		let sent;
		try {
			sent = await input.email.transport.send({ from, to: [to as Mailbox], subject: subject.text, html: body.text, text: htmlToText(body.text) });
		} catch (error) {
			if (!(error instanceof EmailSendError)) throw error;
			return fail(error.message, fields, error.kind === 'sender' ? 'Sender Email' : 'SMTP');
		}
		if (sent.rejected.some((r) => r.address.toLowerCase() === recipient.toLowerCase())) {
			return fail(`The SMTP server refused the contact's email address "${recipient}"`, fields, 'Contact');
		}
		const smtpUser = input.email.smtpUser?.trim();
		result = {
			...base,
			status: 'Sent',
			to: recipient,
			from: display(from),
			sent_as: sentAs,
			subject: subject.text,
			body: body.text,
			review_link: settings.review_link,
			message_id: sent.messageId,
			blank_merge_fields: [...new Set([...subject.blankFields, ...body.blankFields])],
			...(smtpUser && smtpUser.toLowerCase() !== from.address.toLowerCase()
				? {
						sender_warning: `The SMTP credential signs in as "${smtpUser}" but this request is sent from "${from.address}": with a custom SMTP integration the sender must be the user email matching it, or the server may rewrite or refuse the sender.`,
					}
				: {}),
		};
		await run.store.deliveries.finish(record.id, { status: 'accepted', provider_message_id: sent.messageId, result: result as unknown as Record<string, unknown> });
		await log('sent', { ...fields, providerId: sent.messageId });
		return result;
	}

	if (!input.sms) throw new ActionError('Credential', 'An SMS review request needs an Aesthetix Twilio credential');
	const userNumber = resolved.assignedUser?.phone ? toE164(resolved.assignedUser.phone).number : undefined;
	const body = renderField(run, settings.sms_body, 'SMS Body', 'text', context);
	const urls = await run.once('endpoint', () => endpointUrls(run.store, run.workspace.publicBaseUrl));
	const fields = { subject: null, body: body.text, from: userNumber ?? input.sms.transport.senderLabel, providerId: null };
	let sent;
	try {
		sent = await input.sms.transport.send({ to: recipient, body: body.text, channel: 'sms', from: userNumber, statusCallback: urls?.status });
	} catch (error) {
		if (!(error instanceof TextSendError)) throw error;
		if (error.kind === 'opted_out' && resolved.contact) await run.store.contacts.update(resolved.contact.id, { sms_opted_out: true });
		return fail(error.message, fields, error.kind === 'invalid_sender' ? 'Assigned User' : 'Contact');
	}
	result = {
		...base,
		status: reviewStatus('sms', sent.status),
		to: recipient,
		from: sent.from ?? fields.from,
		sent_as: userNumber ? 'assigned_user' : 'workspace',
		body: body.text,
		review_link: settings.review_link,
		message_sid: sent.sid,
		blank_merge_fields: body.blankFields,
		statistics_tracked: urls !== undefined,
	};
	await run.store.deliveries.finish(record.id, { status: 'accepted', provider_message_id: sent.sid, result: result as unknown as Record<string, unknown> });
	await log(sent.status, { ...fields, from: result.from!, providerId: sent.sid });
	return result;
}
