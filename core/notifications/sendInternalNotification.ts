import { redirectPageProblem } from '../links/safeUrl';
import type { EmailAttachment, EmailTransport } from '../../providers/smtp';
import type { TextTransport } from '../../providers/twilio';
import { resolveContact, type ResolvedContact } from '../run/resolveContact';
import { parseMailbox, parseRecipientList, type Mailbox } from '../contacts/addresses';
import { asHtml, htmlToText } from '../run/htmlToText';
import { takeNotificationSlot, SPEC_RATE_LIMIT, type RateLimitPolicy } from './rateLimit';
import { resolveRecipients, type Recipient, type RecipientSelection } from './recipients';
import { withAttachmentLinks } from '../attachments/attachmentLinks';
import { toE164 } from '../contacts/phone';
import type { ActionRun } from '../run/actionRun';
import { deliveredOutput, DeliveryInProgress, type RetryMarks } from '../run/deliverOnce';
import { interruptedReason } from '../run/interruptedSends';
import { ActionError } from '../run/errors';
import { renderField } from '../run/render';
import { resolveContent, type TemplateSelection } from '../run/templateContent';
import { flattenVariableValue } from '../templates/whatsAppVariables';

export type NotificationType = 'email' | 'inApp' | 'sms' | 'whatsapp';

export interface InternalNotificationInput {
	type: NotificationType;
	contact: Record<string, unknown>;
	recipients: RecipientSelection;
	email?: {
		fromName: string;
		fromEmail: string;
		subject: string;
		template: TemplateSelection;
		message: string;
		cc: string;
		bcc: string;
		attachments: EmailAttachment[];
	};
	inApp?: { title: string; message: string; redirectPage: string };
	sms?: {
		template: TemplateSelection;
		message: string;
		attachmentUrls: string[];
		testPhoneNumber: string;
	};
	/** `labels` names each variable as the editor shows it, such as "{{1}} (e.g. Jane)". */
	whatsapp?: {
		contentSid: string;
		variables: Record<string, string>;
		labels?: Record<string, string>;
		message: string;
	};
	/** Over the per-user limit: wait for the next window (`queue`) or drop at once. */
	overLimit: 'queue' | 'drop';
}

export interface NotificationChannels {
	email?: EmailTransport;
	texts?: TextTransport;
}

export interface RecipientOutcome extends RetryMarks {
	name: string;
	user_id?: number;
	address?: string;
	status: 'sent' | 'queued' | 'dropped' | 'skipped' | 'failed' | 'interrupted';
	reason?: string;
}

export interface InternalNotificationResult {
	action_name: string;
	type: NotificationType;
	/** `interrupted`: every recipient not notified is one n8n stopped in the middle of, not sent again. */
	status: 'sent' | 'partial' | 'skipped' | 'failed' | 'interrupted';
	reason?: string;
	test: boolean;
	recipients: RecipientOutcome[];
	notes: string[];
	blank_merge_fields: string[];
}

interface Rendered {
	subject?: string;
	body: string;
	html?: string;
	title?: string;
	redirect?: string;
	variables?: Record<string, string>;
	blank: string[];
}

const CHANNEL_NAME: Record<NotificationType, string> = {
	email: 'email address',
	inApp: 'team user account',
	sms: 'mobile number for SMS',
	whatsapp: 'connected WhatsApp number',
};

/** Everything the notification says, rendered once per item whatever the number of recipients. */
async function renderContent(
	run: ActionRun,
	input: InternalNotificationInput,
	context: Record<string, unknown>,
): Promise<Rendered> {
	const text = (source: string, field: string) => renderField(run, source, field, 'text', context);
	if (input.type === 'email') {
		const email = input.email!;
		const content = await resolveContent(run, 'email', email.template, {
			subject: email.subject,
			body: email.message,
		});
		if (!content.body.trim())
			throw new ActionError(
				'Message',
				'Message is empty',
				'Write the email body, or choose a saved Template.',
			);
		const subject = text(content.subject, 'Subject');
		const html = renderField(run, asHtml(content.body), 'Message', 'html', context);
		return {
			subject: subject.text,
			html: html.text,
			body: htmlToText(html.text),
			blank: [...subject.blankFields, ...html.blankFields],
		};
	}
	if (input.type === 'inApp') {
		const title = text(input.inApp!.title, 'Title');
		const body = text(input.inApp!.message, 'Message');
		const redirect = text(input.inApp!.redirectPage, 'Redirect Page');
		if (!title.text.trim())
			throw new ActionError(
				'Title',
				'Title is empty',
				'In-app notifications show a title under the bell.',
			);
		const problem = redirect.text.trim()
			? redirectPageProblem(redirect.text, run.workspace.publicBaseUrl)
			: undefined;
		if (problem)
			throw new ActionError('Redirect Page', `Redirect Page "${redirect.text}" ${problem}`);
		return {
			title: title.text,
			body: body.text,
			redirect: redirect.text,
			blank: [...title.blankFields, ...body.blankFields, ...redirect.blankFields],
		};
	}
	if (input.type === 'sms') {
		const sms = input.sms!;
		const content = await resolveContent(run, 'sms', sms.template, { body: sms.message });
		if (!content.body.trim())
			throw new ActionError(
				'Message',
				'Message is empty',
				'Write the text, or choose a saved SMS template.',
			);
		const body = text(content.body, 'Message');
		return {
			body: withAttachmentLinks(body.text, sms.attachmentUrls, 'Add Files via URL'),
			blank: body.blankFields,
		};
	}
	const whatsapp = input.whatsapp!;
	const blank: string[] = [];
	const variables: Record<string, string> = {};
	for (const [key, value] of Object.entries(whatsapp.variables)) {
		const label = whatsapp.labels?.[key] ?? `{{${key}}}`;
		const rendered = text(value, `Template Variable ${label}`);
		variables[key] = flattenVariableValue(rendered.text);
		// WhatsApp refuses a template whose variable is empty (Twilio error 21656), for every recipient alike.
		if (!variables[key]) {
			const why = rendered.blankFields.length
				? `: ${rendered.blankFields.map((f) => `{{${f}}}`).join(', ')} had no value`
				: '';
			throw new ActionError(
				'Template Variables',
				`Template Variable ${label} is empty${why}`,
				'WhatsApp does not send a template with an empty variable: fill it, or map a value that is always there.',
			);
		}
		blank.push(...rendered.blankFields);
	}
	const body = text(whatsapp.message, 'Message');
	if (!whatsapp.contentSid.trim() && !body.text.trim()) {
		throw new ActionError(
			'Template',
			'Choose an approved WhatsApp template (Content SID) or write a Message',
		);
	}
	return { body: body.text, variables, blank: [...blank, ...body.blankFields] };
}

/** The recipient's address on the channel, or why there is none. */
function channelAddress(
	type: NotificationType,
	recipient: Recipient,
	defaultCountry: string | undefined,
): { address?: string; problem?: string } {
	if (type === 'email') return { address: recipient.email };
	if (type === 'inApp')
		return { address: recipient.user ? `user ${recipient.user.id}` : undefined };
	const raw =
		type === 'sms' ? (recipient.phone ?? recipient.user?.phone) : recipient.user?.whatsapp;
	if (!raw) return {};
	const { number, problem } = toE164(raw, defaultCountry);
	return number
		? { address: number }
		: {
				problem: `has a ${type === 'sms' ? 'mobile' : 'WhatsApp'} number "${raw}" that ${problem}`,
			};
}

interface NotifyTarget {
	address: string;
	recipient: Recipient;
	from?: Mailbox;
	fromName: string;
	copies: { cc: Mailbox[]; bcc: Mailbox[] };
	contactId: number | null;
}

/** Sends the notification to one team recipient on its channel; returns the provider's id for it. */
async function notify(
	run: ActionRun,
	channels: NotificationChannels,
	input: InternalNotificationInput,
	content: Rendered,
	target: NotifyTarget,
): Promise<string> {
	if (input.type === 'inApp') {
		const stored = await run.store.notifications.create({
			user_id: target.recipient.user!.id,
			title: content.title!,
			message: content.body,
			redirect_page: content.redirect || null,
			contact_id: target.contactId,
			workflow_id: run.identity.workflowId,
			action_name: run.identity.actionName,
		});
		return `notification:${stored.id}`;
	}
	if (input.type === 'email') {
		if (!channels.email)
			throw new ActionError(
				'Type of Notification',
				'Email notifications need an Aesthetix SMTP credential',
			);
		const sent = await channels.email.send({
			from: { address: target.from!.address, name: target.fromName || target.from!.name },
			to: [{ address: target.address }],
			cc: target.copies.cc,
			bcc: target.copies.bcc,
			subject: content.subject ?? '',
			html: content.html!,
			text: content.body,
			attachments: input.email!.attachments,
		});
		return sent.messageId;
	}
	if (!channels.texts)
		throw new ActionError(
			'Type of Notification',
			'SMS and WhatsApp notifications need an Aesthetix Twilio credential',
		);
	const whatsapp = input.type === 'whatsapp' ? input.whatsapp! : undefined;
	const sent = await channels.texts.send({
		to: target.address,
		channel: input.type === 'whatsapp' ? 'whatsapp' : 'sms',
		body: content.body,
		content: whatsapp?.contentSid.trim()
			? { sid: whatsapp.contentSid.trim(), variables: content.variables ?? {} }
			: undefined,
	});
	return sent.sid;
}

/**
 * Sends one item's internal notification to each team recipient on the chosen channel. A recipient
 * who cannot be reached on it (no phone, WhatsApp not connected, Do Not Disturb, over the limit)
 * is reported and skipped; the others still get it and the workflow continues.
 */
export async function sendInternalNotification(
	run: ActionRun,
	channels: NotificationChannels,
	input: InternalNotificationInput,
	itemIndex: number,
	item: Record<string, unknown>,
	policy: Partial<RateLimitPolicy> = {},
): Promise<InternalNotificationResult> {
	const hasContact = Boolean(input.contact.email || input.contact.phone);
	const resolved: ResolvedContact = hasContact
		? await resolveContact(run.store, input.contact)
		: { fromItem: input.contact };
	const context = await run.mergeContext(item, input.contact, resolved);
	const content = await renderContent(run, input, context);
	const fromEmail =
		input.type === 'email'
			? renderField(run, input.email!.fromEmail ?? '', 'From Email', 'text', context).text.trim()
			: '';
	const from = input.type === 'email' ? parseMailbox(fromEmail) : undefined;
	if (from && !from.mailbox)
		throw new ActionError('From Email', `From Email "${fromEmail}" ${from.problem}`);
	const fromName =
		input.type === 'email'
			? renderField(run, input.email!.fromName, 'From Name', 'text', context).text
			: '';

	const testNumber =
		input.type === 'sms' && run.identity.isManual ? input.sms!.testPhoneNumber.trim() : '';
	const base = {
		action_name: run.identity.actionName,
		type: input.type,
		test: testNumber !== '',
		blank_merge_fields: [...new Set(content.blank)],
	};
	let recipients: Recipient[];
	const outcomes: RecipientOutcome[] = [];
	let notes: string[] = [];
	if (testNumber) {
		const number = toE164(testNumber, run.workspace.defaultCountry);
		if (!number.number)
			throw new ActionError(
				'Test Phone Number',
				`The Test Phone Number "${testNumber}" ${number.problem}`,
			);
		recipients = [{ key: 'test', name: 'Test Phone Number', phone: number.number }];
	} else {
		const contactAddresses = [input.contact.email, resolved.contact?.email].filter(
			(a): a is string => typeof a === 'string',
		);
		const team = await run.once('team', () => run.store.teamUsers.list());
		const found = resolveRecipients(team, input.recipients, {
			assignedUser: resolved.assignedUser,
			hasContact,
			contactAddresses,
		});
		recipients = found.recipients;
		notes = found.notes;
		outcomes.push(
			...found.refused.map((r) => ({ name: r.name, status: 'failed' as const, reason: r.reason })),
		);
	}
	if (recipients.length === 0) {
		return {
			...base,
			status: 'skipped',
			reason: notes[0] ?? 'No team user matches To User Type',
			recipients: outcomes,
			notes,
		};
	}

	const limit: RateLimitPolicy = {
		...SPEC_RATE_LIMIT,
		queueForMs: input.overLimit === 'queue' ? SPEC_RATE_LIMIT.windowMs : 0,
		...policy,
	};
	// Cc and Bcc never reach the contact either: internal notifications are for the team.
	const contactEmails = new Set(
		[input.contact.email, resolved.contact?.email]
			.filter(Boolean)
			.map((a) => String(a).toLowerCase()),
	);
	const notContact = (list: ReturnType<typeof parseRecipientList>) => ({
		...list,
		valid: list.valid.filter((m) => !contactEmails.has(m.address.toLowerCase())),
	});
	const cc = input.type === 'email' ? notContact(parseRecipientList(input.email!.cc)) : undefined;
	const bcc = input.type === 'email' ? notContact(parseRecipientList(input.email!.bcc)) : undefined;
	let copiesSent = false;
	for (const recipient of recipients) {
		const outcome: RecipientOutcome = {
			name: recipient.name,
			user_id: recipient.user?.id,
			status: 'sent',
		};
		outcomes.push(outcome);
		const { address, problem } = channelAddress(
			input.type,
			recipient,
			run.workspace.defaultCountry,
		);
		outcome.address = address;
		if (recipient.user?.dnd) {
			Object.assign(outcome, { status: 'skipped', reason: 'is in Do Not Disturb' });
			continue;
		}
		if (!address) {
			Object.assign(outcome, {
				status: 'failed',
				reason: problem ?? `has no ${CHANNEL_NAME[input.type]}`,
			});
			continue;
		}
		try {
			const delivered = await run.deliverOnce<RecipientOutcome>(
				itemIndex,
				{
					channel: `notification-${input.type}`,
					recipient: address,
					contactId: resolved.contact?.id ?? null,
					isTest: base.test,
					field: 'To User Type',
				},
				{
					send: async () => {
						const slot = testNumber
							? 'sent'
							: await takeNotificationSlot(run.store, recipient.key, limit);
						if (slot === 'dropped') {
							const reason = `received ${limit.limit} notifications in the last ${limit.windowMs / 60_000} minutes`;
							return {
								result: { ...outcome, status: 'dropped', reason },
								providerMessageId: null,
								status: 'skipped',
								error: 'over the notification limit',
							};
						}
						// Cc and Bcc get one copy per item, not one per team recipient.
						const copies =
							input.type === 'email' && !copiesSent
								? { cc: cc!.valid, bcc: bcc!.valid }
								: { cc: [], bcc: [] };
						const providerMessageId = await notify(run, channels, input, content, {
							address,
							recipient,
							from: from?.mailbox,
							fromName,
							copies,
							contactId: resolved.contact?.id ?? null,
						});
						copiesSent = true;
						return { result: { ...outcome, status: slot }, providerMessageId };
					},
				},
			);
			// A retried run: this recipient (and the Cc/Bcc copies, sent with the first email) already
			// went out, or may have when n8n stopped in the middle of it.
			if (delivered.alreadySent || delivered.interrupted) copiesSent = true;
			Object.assign(
				outcome,
				deliveredOutput<RecipientOutcome>(delivered, (interrupted) => ({
					...outcome,
					status: 'interrupted',
					reason: interruptedReason(interrupted.channel),
				})),
			);
		} catch (error) {
			if (error instanceof ActionError && !(error instanceof DeliveryInProgress)) throw error;
			Object.assign(outcome, { status: 'failed', reason: (error as Error).message });
		}
	}
	// A recipient in Do Not Disturb chose not to be reached: it makes the notification neither partial nor failed.
	const reachable = outcomes.filter((o) => o.status !== 'skipped');
	const delivered = reachable.filter((o) => o.status === 'sent' || o.status === 'queued').length;
	const interrupted = reachable.filter((o) => o.status === 'interrupted').length;
	const status =
		reachable.length === 0
			? 'skipped'
			: delivered === reachable.length
				? 'sent'
				: delivered + interrupted === reachable.length
					? 'interrupted'
					: delivered === 0
						? 'failed'
						: 'partial';
	return { ...base, status, recipients: outcomes, notes };
}
