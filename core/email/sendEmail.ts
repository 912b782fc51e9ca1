import type { EmailAttachment, EmailTransport } from '../../providers/smtp';
import { EmailSendError } from '../../providers/smtp';
import { resolveContact } from '../run/resolveContact';
import { parseMailbox, parseRecipientList, type Mailbox } from '../contacts/addresses';
import { asHtml } from '../run/htmlToText';
import { prepareEmailTracking } from './sendTracking';
import {
	emailHeldBack,
	placeUnsubscribe,
	planUnsubscribe,
	type EmailTypeInput,
} from '../consent/marketingEmail';
import type { EmailKind } from '../consent/unsubscribe';
import type { ActionRun } from '../run/actionRun';
import { deliveredOutput, type Failure, type RetryMarks } from '../run/deliverOnce';
import { interruptedReason } from '../run/interruptedSends';
import { ActionError } from '../run/errors';
import { renderField as render } from '../run/render';
import { stopIfResponded } from '../run/stopOnResponse';
import { resolveContent, type TemplateSelection } from '../run/templateContent';

/** The Send Email action's fields, as the node read them for one item. */
export interface SendEmailInput extends Partial<EmailTypeInput> {
	contact: Record<string, unknown>;
	fromName: string;
	fromEmail: string;
	subject: string;
	template: TemplateSelection;
	message: string;
	cc: string;
	bcc: string;
	/** Replaces the contact in manual executions: the spec's Send Test Mail. */
	testEmail: string;
	attachments: EmailAttachment[];
	/** Stop on Response: when the run began, if the option is on. */
	stopOnResponseSince?: string;
	/** Adds the open pixel that counts Opened (the default); links are tracked either way when the endpoint is active. */
	trackOpens?: boolean;
}

export interface RecipientReport {
	address: string;
	reason: string;
	/** `validation`: skipped before sending; `server`: refused by the SMTP server. */
	stage: 'validation' | 'server';
}

export interface SendEmailResult extends RetryMarks {
	action_name: string;
	status: 'accepted' | 'skipped' | 'stopped' | 'interrupted';
	email_type: EmailKind;
	/** The signed one-click address the email carries, in its headers and its body. */
	unsubscribe_link?: string;
	reason?: string;
	test: boolean;
	message_id?: string;
	from?: string;
	to?: string;
	cc?: string[];
	bcc?: string[];
	subject?: string;
	accepted: string[];
	rejected: RecipientReport[];
	blank_merge_fields: string[];
	contact_id?: number;
	template?: { id: number; name: string; synced: boolean };
	attachments: string[];
	/** The original addresses of the links counted for Clicked. */
	tracked_links?: string[];
	open_tracking?: boolean;
}

function primaryRecipient(input: SendEmailInput, isTest: boolean): Mailbox {
	const field = isTest ? 'Test Email' : 'Contact';
	const raw = isTest ? input.testEmail : input.contact.email;
	if (raw === undefined || raw === null || String(raw).trim() === '') {
		throw new ActionError(
			'Contact',
			'The contact has no email address',
			'Send Email needs a contact with a valid email address: check that the trigger supplies contact.email.',
		);
	}
	const { mailbox, problem } = parseMailbox(String(raw));
	if (!mailbox) {
		throw new ActionError(
			field,
			`${isTest ? 'The Test Email' : "The contact's email"} "${String(raw)}" ${problem}`,
		);
	}
	return mailbox;
}

function senderMailbox(input: SendEmailInput, fromName: string): Mailbox {
	const { mailbox, problem } = parseMailbox(input.fromEmail ?? '');
	if (!mailbox) {
		throw new ActionError(
			'From Email',
			input.fromEmail?.trim()
				? `From Email "${input.fromEmail}" ${problem}`
				: 'From Email is empty',
			'Use a verified sending address on your connected domain.',
		);
	}
	return { address: mailbox.address, name: fromName || mailbox.name };
}

const display = (m: Mailbox) => (m.name ? `${m.name} <${m.address}>` : m.address);

/** The SMTP server accepted the message but refused the contact's own address. */
class PrimaryRefused extends Error {
	constructor(readonly reason: string) {
		super(reason);
	}
}

/** How a failed send is recorded, and the error that names its fix. */
function smtpFailure(error: unknown, to: Mailbox, from: Mailbox): Failure {
	const refusedContact = (reason: string) =>
		new ActionError(
			'Contact',
			`The SMTP server refused the contact's email address "${to.address}": ${reason}`,
		);
	if (error instanceof PrimaryRefused)
		return { status: 'rejected', error: error.reason, raise: refusedContact(error.reason) };
	if (!(error instanceof EmailSendError))
		return { status: 'failed', error: error instanceof Error ? error.message : String(error) };
	const status = error.kind === 'connection' || error.kind === 'other' ? 'failed' : 'rejected';
	const refusedPrimary = error.refusals.find(
		(r) => r.address.toLowerCase() === to.address.toLowerCase(),
	);
	if (refusedPrimary)
		return { status, error: error.message, raise: refusedContact(refusedPrimary.reason) };
	const field = error.kind === 'sender' ? 'From Email' : 'SMTP';
	const hint =
		error.kind === 'sender'
			? `Check that "${from.address}" is a verified sender on your connected domain.`
			: error.kind === 'connection'
				? 'Check the host and port of the SMTP credential and that the server is running.'
				: undefined;
	return {
		status,
		error: error.message,
		raise: ActionError.fromProvider(field, error, { description: hint }),
	};
}

/**
 * Sends one item's email: renders the merge fields, skips invalid Cc/Bcc, sends through the run's
 * pooled transport, and records the outcome for the contact's conversation and the action's
 * statistics. Success is judged on the primary contact address only.
 */
export async function sendEmail(
	run: ActionRun,
	transport: EmailTransport,
	input: SendEmailInput,
	itemIndex: number,
	item: Record<string, unknown>,
): Promise<SendEmailResult> {
	const isTest = run.identity.isManual && input.testEmail.trim() !== '';
	const to = primaryRecipient(input, isTest);
	const resolved = await resolveContact(run.store, input.contact);
	// Saved workflows from before the choice sent transactional email.
	const kind = input.emailType ?? 'transactional';
	const base = {
		action_name: run.identity.actionName,
		email_type: kind,
		test: isTest,
		contact_id: resolved.contact?.id,
		accepted: [] as string[],
		rejected: [] as RecipientReport[],
		attachments: input.attachments.map((a) => a.filename),
	};
	const heldBack = isTest ? undefined : await emailHeldBack(run, resolved.contact, kind);
	if (heldBack) return { ...base, status: 'skipped', reason: heldBack, blank_merge_fields: [] };
	if (!isTest && input.stopOnResponseSince && resolved.contact) {
		const reason = await stopIfResponded(run, resolved.contact.id, input.stopOnResponseSince);
		if (reason) return { ...base, status: 'stopped', reason, blank_merge_fields: [] };
	}

	const content = await resolveContent(run, 'email', input.template, {
		subject: input.subject,
		body: input.message,
	});
	if (content.body.trim() === '') {
		throw new ActionError(
			'Message',
			'Message is empty',
			'Write the email body, or choose a saved Template.',
		);
	}
	const unsubscribe = await planUnsubscribe(run, {
		emailType: kind,
		unsubscribeLink: input.unsubscribeLink,
	});
	const asWritten = (text: string) =>
		unsubscribe.placeholder
			? text.split(unsubscribe.placeholder).join('{{unsubscribe_link}}')
			: text;
	const context = await run.mergeContext(item, input.contact, resolved);
	// Never the trigger's own value: the link must be the one signed for this contact.
	context.unsubscribe_link = unsubscribe.placeholder;
	const fromName = render(run, input.fromName, 'From Name', 'text', context);
	const subject = render(run, content.subject, 'Subject', 'text', context);
	const body = render(run, asHtml(content.body), 'Message', 'html', context);
	const blank = [
		...new Set([...fromName.blankFields, ...subject.blankFields, ...body.blankFields]),
	];
	const from = senderMailbox(input, fromName.text.trim());

	// Test emails check formatting only: Cc and Bcc are validated and reported but not sent.
	const cc = parseRecipientList(input.cc);
	const bcc = parseRecipientList(input.bcc);
	const skipped: RecipientReport[] = [...cc.rejected, ...bcc.rejected].map((r) => ({
		...r,
		stage: 'validation',
	}));

	const primary = to.address.toLowerCase();
	const delivered = await run.deliverOnce<SendEmailResult>(
		itemIndex,
		{
			channel: 'email',
			recipient: to.address,
			contactId: resolved.contact?.id ?? null,
			isTest,
			field: isTest ? 'Test Email' : 'Contact',
			kind,
		},
		{
			send: async (record) => {
				const placed = await placeUnsubscribe(run, unsubscribe, record.id, resolved.contact?.id, {
					html: body.text,
					subject: subject.text,
				});
				const tracking = await prepareEmailTracking(run, record.id, placed.html, {
					trackOpens: input.trackOpens ?? true,
					isTest,
					hasCopies: cc.valid.length + bcc.valid.length > 0,
				});
				const sent = await transport.send({
					from,
					to: [to],
					cc: isTest ? [] : cc.valid,
					bcc: isTest ? [] : bcc.valid,
					subject: placed.subject,
					html: tracking.html,
					text: tracking.text,
					headers: { ...tracking.headers, ...placed.headers },
					attachments: input.attachments,
				});
				const refused = sent.rejected.map((r) => ({ ...r, stage: 'server' as const }));
				const primaryRefusal = refused.find((r) => r.address.toLowerCase() === primary);
				if (primaryRefusal) throw new PrimaryRefused(primaryRefusal.reason);
				const result: SendEmailResult = {
					...base,
					status: 'accepted',
					message_id: sent.messageId,
					from: display(from),
					to: to.address,
					cc: isTest ? [] : cc.valid.map((m) => m.address),
					bcc: isTest ? [] : bcc.valid.map((m) => m.address),
					subject: placed.subject,
					accepted: sent.accepted,
					rejected: [...skipped, ...refused],
					blank_merge_fields: blank,
					template: content.template,
					tracked_links: tracking.tracked_links,
					open_tracking: tracking.open_tracking,
					...(placed.url ? { unsubscribe_link: placed.url } : {}),
				};
				return { result, providerMessageId: sent.messageId };
			},
			failure: (error) => smtpFailure(error, to, from),
			entry: (outcome) => {
				if (isTest || !resolved.contact) return undefined;
				return {
					contact_id: resolved.contact.id,
					channel: 'email',
					direction: 'outbound',
					status: outcome.status,
					// As written: the contact's signed unsubscribe address is theirs, not the team's to use.
					subject: asWritten(subject.text),
					body: asWritten(body.text),
					from_address: display(from),
					to_address: to.address,
					provider_message_id: 'sent' in outcome ? outcome.sent.providerMessageId : null,
					meta: { cc: cc.valid.map((m) => m.address), attachments: base.attachments },
				};
			},
		},
	);
	return deliveredOutput<SendEmailResult>(delivered, (interrupted) => ({
		...base,
		status: 'interrupted',
		reason: interruptedReason(interrupted.channel),
		from: display(from),
		to: to.address,
		subject: subject.text,
		blank_merge_fields: blank,
	}));
}
