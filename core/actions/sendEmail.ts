import type { EmailAttachment, EmailTransport, SentEmail } from '../../providers/smtp';
import { EmailSendError } from '../../providers/smtp';
import { resolveContact } from '../contacts/resolveContact';
import { parseMailbox, parseRecipientList, type Mailbox } from '../email/addresses';
import { looksLikeHtml } from '../email/htmlToText';
import { prepareEmailTracking } from '../email/sendTracking';
import { isDnd } from '../store';
import type { ActionRun } from './actionRun';
import { ActionError } from './errors';
import { renderField as render } from './render';
import { resolveContent, type TemplateSelection } from './templateContent';

/** The Send Email action's fields, as the node read them for one item. */
export interface SendEmailInput {
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
	/** Adds the open pixel that counts Opened; links are tracked either way when the endpoint is active. */
	trackOpens: boolean;
}

export interface RecipientReport {
	address: string;
	reason: string;
	/** `validation`: skipped before sending; `server`: refused by the SMTP server. */
	stage: 'validation' | 'server';
}

export interface SendEmailResult {
	action_name: string;
	status: 'accepted' | 'skipped';
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
	/** True when n8n retried the node and this email had already gone out: it was not sent again. */
	already_sent?: boolean;
}

/** A body typed as plain text keeps its line breaks when sent as HTML. */
function asHtml(body: string): string {
	return looksLikeHtml(body) ? body : body.replace(/\r?\n/g, '<br>\n');
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
		throw new ActionError(field, `${isTest ? 'The Test Email' : "The contact's email"} "${String(raw)}" ${problem}`);
	}
	return mailbox;
}

function senderMailbox(input: SendEmailInput, fromName: string): Mailbox {
	const { mailbox, problem } = parseMailbox(input.fromEmail ?? '');
	if (!mailbox) {
		throw new ActionError(
			'From Email',
			input.fromEmail?.trim() ? `From Email "${input.fromEmail}" ${problem}` : 'From Email is empty',
			'Use a verified sending address on your connected domain.',
		);
	}
	return { address: mailbox.address, name: fromName || mailbox.name };
}

const display = (m: Mailbox) => (m.name ? `${m.name} <${m.address}>` : m.address);

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
	const base = {
		action_name: run.identity.actionName,
		test: isTest,
		contact_id: resolved.contact?.id,
		accepted: [] as string[],
		rejected: [] as RecipientReport[],
		attachments: input.attachments.map((a) => a.filename),
	};
	if (!isTest && resolved.contact && isDnd(resolved.contact, 'email')) {
		return { ...base, status: 'skipped', reason: 'The contact is in Do Not Disturb for email', blank_merge_fields: [] };
	}

	const content = await resolveContent(run, 'email', input.template, { subject: input.subject, body: input.message });
	if (content.body.trim() === '') {
		throw new ActionError('Message', 'Message is empty', 'Write the email body, or choose a saved Template.');
	}
	const context = await run.mergeContext(item, input.contact, resolved);
	const fromName = render(run, input.fromName, 'From Name', 'text', context);
	const subject = render(run, content.subject, 'Subject', 'text', context);
	const body = render(run, asHtml(content.body), 'Message', 'html', context);
	const blank = [...new Set([...fromName.blankFields, ...subject.blankFields, ...body.blankFields])];
	const from = senderMailbox(input, fromName.text.trim());

	// Test emails check formatting only: Cc and Bcc are validated and reported but not sent.
	const cc = parseRecipientList(input.cc);
	const bcc = parseRecipientList(input.bcc);
	const skipped: RecipientReport[] = [...cc.rejected, ...bcc.rejected].map((r) => ({ ...r, stage: 'validation' }));

	const { record, alreadySent } = await run.claimDelivery(itemIndex, 'email', to.address, resolved.contact?.id ?? null, isTest);
	if (alreadySent) {
		return { ...(record.result as unknown as SendEmailResult), already_sent: true };
	}

	const logConversation = async (status: string, sent?: SentEmail) => {
		if (isTest || !resolved.contact) return;
		await run.logToConversation({
			contact_id: resolved.contact.id,
			channel: 'email',
			direction: 'outbound',
			status,
			subject: subject.text,
			body: body.text,
			from_address: display(from),
			to_address: to.address,
			provider_message_id: sent?.messageId ?? null,
			meta: { cc: isTest ? [] : cc.valid.map((m) => m.address), attachments: base.attachments },
		});
	};

	const tracking = await prepareEmailTracking(run, record.id, body.text, {
		trackOpens: input.trackOpens,
		isTest,
		hasCopies: cc.valid.length + bcc.valid.length > 0,
	});
	let sent: SentEmail;
	try {
		sent = await transport.send({
			from,
			to: [to],
			cc: isTest ? [] : cc.valid,
			bcc: isTest ? [] : bcc.valid,
			subject: subject.text,
			html: tracking.html,
			text: tracking.text,
			headers: tracking.headers,
			attachments: input.attachments,
		});
	} catch (error) {
		if (!(error instanceof EmailSendError)) throw error;
		const refusedPrimary = error.refusals.find((r) => r.address.toLowerCase() === to.address.toLowerCase());
		const status = error.kind === 'connection' || error.kind === 'other' ? 'failed' : 'rejected';
		await run.store.deliveries.finish(record.id, { status, error: error.message });
		await logConversation(status);
		if (refusedPrimary) {
			throw new ActionError('Contact', `The SMTP server refused the contact's email address "${to.address}": ${refusedPrimary.reason}`);
		}
		const field = error.kind === 'sender' ? 'From Email' : 'SMTP';
		const hint =
			error.kind === 'sender'
				? `Check that "${from.address}" is a verified sender on your connected domain.`
				: error.kind === 'connection'
					? 'Check the host and port of the SMTP credential and that the server is running.'
					: undefined;
		throw new ActionError(field, error.message, hint);
	}

	const refused = sent.rejected.map((r) => ({ ...r, stage: 'server' as const }));
	const primaryRefusal = refused.find((r) => r.address.toLowerCase() === to.address.toLowerCase());
	if (primaryRefusal) {
		await run.store.deliveries.finish(record.id, { status: 'rejected', error: primaryRefusal.reason });
		await logConversation('rejected', sent);
		throw new ActionError('Contact', `The SMTP server refused the contact's email address "${to.address}": ${primaryRefusal.reason}`);
	}
	const result: SendEmailResult = {
		...base,
		status: 'accepted',
		message_id: sent.messageId,
		from: display(from),
		to: to.address,
		cc: isTest ? [] : cc.valid.map((m) => m.address),
		bcc: isTest ? [] : bcc.valid.map((m) => m.address),
		subject: subject.text,
		accepted: sent.accepted,
		rejected: [...skipped, ...refused],
		blank_merge_fields: blank,
		template: content.template,
		tracked_links: tracking.tracked_links,
		open_tracking: tracking.open_tracking,
	};
	await run.store.deliveries.finish(record.id, {
		status: 'accepted',
		provider_message_id: sent.messageId,
		result: result as unknown as Record<string, unknown>,
	});
	await logConversation('accepted', sent);
	return result;
}
