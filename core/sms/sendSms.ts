import { TextSendError, type TextTransport } from '../../providers/twilio';
import { resolveContact } from '../run/resolveContact';
import { endpointUrls } from '../links/endpointUrls';
import { withAttachmentLinks } from '../attachments/attachmentLinks';
import { toE164 } from '../contacts/phone';
import { linkToken, rewriteLinks } from '../links/trackedLinks';
import { isDnd } from '../store';
import { recordTextRefused } from '../consent/textOptOut';
import {
	checkCallingHours,
	contactTimeZone,
	windowOpensAt,
	type CallingHoursMode,
} from '../run/callingHours';
import { callingHoursNow } from '../run/clock';
import type { ActionRun } from '../run/actionRun';
import { deliveredOutput, type RetryMarks } from '../run/deliverOnce';
import { interruptedReason } from '../run/interruptedSends';
import { ActionError } from '../run/errors';
import { renderField } from '../run/render';
import { stopIfResponded } from '../run/stopOnResponse';
import { resolveContent, type TemplateSelection } from '../run/templateContent';

/** The Send SMS action's fields, as the node read them for one item. */
export interface SendSmsInput {
	contact: Record<string, unknown>;
	template: TemplateSelection;
	message: string;
	/** Files added with + Add: SMS carries no file, so each URL is sent as a link in the message. */
	attachmentUrls: string[];
	/** Replaces the contact in manual executions: the spec's Send Test SMS. */
	testPhoneNumber: string;
	/** Stop on Response: when the run began, if the option is on. */
	stopOnResponseSince?: string;
	/** What happens outside 8 AM to 9 PM in the contact's time zone (off by default for texts). */
	callingHours?: CallingHoursMode;
}

export interface SendSmsResult extends RetryMarks {
	action_name: string;
	/** `waiting`: outside the contact's calling window, kept until it opens (Calling Hours set to wait). */
	status: 'sent' | 'skipped' | 'stopped' | 'waiting' | 'interrupted';
	reason?: string;
	/** When the contact's calling window opens, for a text that waits for it. */
	opens_at?: string;
	test: boolean;
	message_sid?: string;
	twilio_status?: string;
	to?: string;
	from?: string;
	body?: string;
	segments?: number;
	tracked_links: string[];
	blank_merge_fields: string[];
	contact_id?: number;
	template?: { id: number; name: string; synced: boolean };
	/** False when no workspace endpoint is active: then Delivered, Failed and Clicked cannot be counted. */
	statistics_tracked: boolean;
}

function recipient(
	input: SendSmsInput,
	isTest: boolean,
	defaultCountry: string | undefined,
): string {
	const field = isTest ? 'Test Phone Number' : 'Contact';
	const raw = isTest ? input.testPhoneNumber : input.contact.phone;
	if (!isTest && (raw === undefined || raw === null || String(raw).trim() === '')) {
		throw new ActionError(
			'Contact',
			'The contact has no phone number',
			'Send SMS needs a contact with a valid mobile number in contact.phone.',
		);
	}
	const { number, problem, type } = toE164(raw, defaultCountry);
	const label = `${isTest ? 'The Test Phone Number' : "The contact's phone"} "${String(raw)}"`;
	if (!number) throw new ActionError(field, `${label} ${problem}`);
	if (type === 'fixed_line')
		throw new ActionError(
			field,
			`${label} is a landline, which cannot receive texts`,
			'Send SMS needs a mobile number.',
		);
	return number;
}

/** Why a contact must not be texted, or undefined when they may be. */
function doNotText(
	contact: { sms_opted_out: boolean } & Parameters<typeof isDnd>[0],
): string | undefined {
	if (contact.sms_opted_out) return 'The contact replied STOP and has opted out of texts';
	if (isDnd(contact, 'sms')) return 'The contact is in Do Not Disturb for SMS';
	return undefined;
}

/**
 * Sends one item's text: honours opt-outs and DND, renders the custom values, adds attachment links,
 * tracks links through the workspace endpoint, and records the text for the contact's conversation
 * and the action's statistics (Delivered and Failed arrive later from Twilio's status callbacks).
 */
export async function sendSms(
	run: ActionRun,
	transport: TextTransport,
	input: SendSmsInput,
	itemIndex: number,
	item: Record<string, unknown>,
): Promise<SendSmsResult> {
	const isTest = run.identity.isManual && input.testPhoneNumber.trim() !== '';
	const to = recipient(input, isTest, run.workspace.defaultCountry);
	const resolved = await resolveContact(run.store, {
		...input.contact,
		phone: isTest ? input.contact.phone : to,
	});
	const base = {
		action_name: run.identity.actionName,
		test: isTest,
		contact_id: resolved.contact?.id,
		tracked_links: [] as string[],
		statistics_tracked: false,
	};
	const blocked = !isTest && resolved.contact ? doNotText(resolved.contact) : undefined;
	if (blocked) return { ...base, status: 'skipped', reason: blocked, blank_merge_fields: [] };
	if (!isTest && input.callingHours && input.callingHours !== 'off' && resolved.contact) {
		const now = callingHoursNow();
		const hours = checkCallingHours(
			now,
			contactTimeZone(input.contact, resolved.contact, run.workspace.company.time_zone),
		);
		if (!hours.open && input.callingHours === 'wait') {
			return {
				...base,
				status: 'waiting',
				reason: hours.reason,
				opens_at: windowOpensAt(now, hours.timeZone).toISOString(),
				blank_merge_fields: [],
			};
		}
		if (!hours.open)
			return { ...base, status: 'skipped', reason: hours.reason, blank_merge_fields: [] };
	}
	if (!isTest && input.stopOnResponseSince && resolved.contact) {
		const reason = await stopIfResponded(run, resolved.contact.id, input.stopOnResponseSince);
		if (reason) return { ...base, status: 'stopped', reason, blank_merge_fields: [] };
	}

	const content = await resolveContent(run, 'sms', input.template, { body: input.message });
	if (content.body.trim() === '')
		throw new ActionError(
			'Message',
			'Message is empty',
			'Write the text, or choose a saved SMS template.',
		);
	const context = await run.mergeContext(item, input.contact, resolved);
	const rendered = renderField(run, content.body, 'Message', 'text', context);
	const body = withAttachmentLinks(rendered.text, input.attachmentUrls);

	const urls = await run.once('endpoint', () =>
		endpointUrls(run.store, run.workspace.publicBaseUrl),
	);
	const delivered = await run.deliverOnce<SendSmsResult>(
		itemIndex,
		{
			channel: 'sms',
			recipient: to,
			contactId: resolved.contact?.id ?? null,
			isTest,
			field: isTest ? 'Test Phone Number' : 'Contact',
		},
		{
			send: async (record) => {
				let tracked = { body, links: [] as string[] };
				if (urls && !isTest) {
					const secret = await run.once('secret', () => run.store.settings.secret());
					tracked = await rewriteLinks(
						body,
						async (url) =>
							`${urls.click}?t=${linkToken(secret, (await run.store.trackedLinks.create(record.id, url)).id)}`,
					);
				}
				const sent = await transport.send({
					to,
					body: tracked.body,
					channel: 'sms',
					statusCallback: urls?.status,
				});
				const result: SendSmsResult = {
					...base,
					status: 'sent',
					message_sid: sent.sid,
					twilio_status: sent.status,
					to,
					from: sent.from ?? transport.senderLabel,
					body: tracked.body,
					segments: sent.segments,
					tracked_links: tracked.links,
					blank_merge_fields: rendered.blankFields,
					template: content.template,
					statistics_tracked: urls !== undefined,
				};
				return { result, providerMessageId: sent.sid };
			},
			failure: async (error) => {
				const message = error instanceof Error ? error.message : String(error);
				if (!(error instanceof TextSendError)) return { status: 'failed', error: message };
				if (error.kind === 'opted_out' && resolved.contact && !isTest) {
					await recordTextRefused(run.store, resolved.contact.id);
				}
				return {
					status: 'failed',
					error: message,
					raise: ActionError.fromProvider(isTest ? 'Test Phone Number' : 'Contact', error, {
						message,
					}),
				};
			},
			entry: (outcome) => {
				if (!('sent' in outcome) || !resolved.contact || isTest) return undefined;
				const { result } = outcome.sent;
				return {
					contact_id: resolved.contact.id,
					channel: 'sms',
					direction: 'outbound',
					status: result.twilio_status ?? 'sent',
					subject: null,
					body: result.body ?? null,
					from_address: result.from ?? null,
					to_address: to,
					provider_message_id: result.message_sid ?? null,
				};
			},
		},
	);
	return deliveredOutput<SendSmsResult>(delivered, (interrupted) => ({
		...base,
		status: 'interrupted',
		reason: interruptedReason(interrupted.channel),
		to,
		blank_merge_fields: rendered.blankFields,
		statistics_tracked: urls !== undefined,
	}));
}
