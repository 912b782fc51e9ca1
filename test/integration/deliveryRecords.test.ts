/**
 * Every action closes its delivery record as sent or failed, whatever went wrong, so statistics never
 * count a message as sending forever; a retried execution sends what failed and nothing else; two
 * sends of the same item at the same moment make one message; a send n8n stopped in the middle of
 * is skipped and listed, or sent again once, as the action's Interrupted Sends on Retry says.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ActionRun, type RunIdentity, type RunOptions } from '../../core/run/actionRun';
import { DeliveryInProgress } from '../../core/run/deliverOnce';
import type { InterruptedSend, InterruptedSends } from '../../core/run/interruptedSends';
import { ActionError } from '../../core/run/errors';
import { sendEmail, type SendEmailInput } from '../../core/email/sendEmail';
import {
	sendInternalNotification,
	type InternalNotificationInput,
} from '../../core/notifications/sendInternalNotification';
import {
	PREMIUM_SETTING,
	sendSlackMessage,
	type SlackMessageInput,
} from '../../core/slack/sendSlackMessage';
import { REPUTATION_SETTING } from '../../core/reviews/reputation';
import { sendReviewRequest, type ReviewRequestInput } from '../../core/reviews/sendReviewRequest';
import { sendSms, type SendSmsInput } from '../../core/sms/sendSms';
import { migrate } from '../../core/store/migrations';
import { SqliteDatabase } from '../../core/store/sqliteDatabase';
import { WorkspaceStore } from '../../core/store/workspaceStore';
import { SlackWorkspace } from '../../providers/slack';
import { createSmtpTransport, type EmailTransport } from '../../providers/smtp';
import {
	createTwilioMessaging,
	createTwilioVoice,
	type TextTransport,
} from '../../providers/twilio';
import { placeCallOnce, type CallPlacement } from '../../core/voice/placeOnce';

const { SmtpDouble } = require('../support/smtpDouble');
const { TwilioDouble } = require('../support/twilioDouble');
const { SlackDouble } = require('../support/slackDouble');

jest.setTimeout(30_000);

const dir = mkdtempSync(join(tmpdir(), 'aesthetix-records-'));
let store: WorkspaceStore;
let smtp: InstanceType<typeof SmtpDouble>;
let twilio: InstanceType<typeof TwilioDouble>;
let slackDouble: InstanceType<typeof SlackDouble>;
let email: EmailTransport;
let texts: TextTransport;
let slack: SlackWorkspace;
let executions = 0;
let nodes = 0;

/** A node run of a fresh execution; `retryOf` makes it a retry of that run's execution. */
function newRun(
	nodeId: string,
	retryOf?: ActionRun,
	overrides: Partial<RunIdentity> = {},
	options?: RunOptions,
): ActionRun {
	const executionId = String(++executions);
	return new ActionRun(
		{
			workflowId: 'wf-records',
			nodeId,
			actionName: `Action ${nodeId}`,
			executionId,
			originalExecutionId: retryOf?.identity.originalExecutionId ?? executionId,
			runIndex: 0,
			isManual: false,
			...overrides,
		},
		store,
		{ company: { name: 'Glow Med Spa', phone: '', time_zone: 'UTC' }, publicBaseUrl: '' },
		options,
	);
}

const statistics = (run: ActionRun) =>
	store.deliveries.statistics('wf-records', run.identity.nodeId);
const nodeId = () => `node-${++nodes}`;

const emailInput = (contact: Record<string, unknown>): SendEmailInput => ({
	contact,
	trackOpens: false,
	fromName: '',
	fromEmail: 'hello@glow.test',
	subject: 'Your aftercare guide',
	template: { templateId: '', sync: false },
	message: 'Hi {{contact.first_name}}',
	cc: '',
	bcc: '',
	testEmail: '',
	attachments: [],
});

const smsInput = (contact: Record<string, unknown>): SendSmsInput => ({
	contact,
	template: { templateId: '', sync: false },
	message: 'Hi {{contact.first_name}}',
	attachmentUrls: [],
	testPhoneNumber: '',
});

/** A Slack post to a public channel. */
const post = (channelId: string): SlackMessageInput => ({
	contact: {},
	event: 'publicChannel',
	userSource: 'slackUser',
	customEmail: '',
	internalUserId: '',
	slackUserId: '',
	channelId,
	message: 'A new lead is waiting',
});

/** An Internal Notification of the given type to particular team users. */
const notification = (
	type: InternalNotificationInput['type'],
	userIds: number[],
): InternalNotificationInput => ({
	type,
	contact: {},
	recipients: {
		categories: ['particularUsers'],
		userIds,
		customEmails: '',
		roles: [],
		teams: [],
	},
	email: {
		fromName: '',
		fromEmail: 'alerts@glow.test',
		subject: 'New lead',
		template: { templateId: '', sync: false },
		message: 'Call them',
		cc: '',
		bcc: '',
		attachments: [],
	},
	sms: {
		template: { templateId: '', sync: false },
		message: 'New lead',
		attachmentUrls: [],
		testPhoneNumber: '',
	},
	overLimit: 'drop',
});

beforeAll(async () => {
	smtp = await new SmtpDouble().start();
	twilio = await new TwilioDouble({ autoDeliver: false }).start();
	slackDouble = await new SlackDouble().start();
	const db = new SqliteDatabase(join(dir, 'workspace.sqlite'));
	await migrate(db);
	store = new WorkspaceStore(db);
	await store.settings.set(PREMIUM_SETTING, { enabled: true });
	email = createSmtpTransport({
		host: '127.0.0.1',
		port: smtp.port,
		secure: false,
		starttls: 'never',
		poolSize: 2,
		rateLimitPerSecond: 0,
		timeoutMs: 3000,
	});
	texts = createTwilioMessaging({
		accountSid: twilio.accountSid,
		auth: { kind: 'authToken', authToken: twilio.authToken },
		webhookAuthToken: twilio.authToken,
		sender: { kind: 'phoneNumber', fromNumber: '+15550009999' },
		apiBaseUrl: twilio.baseUrl,
	});
	slack = new SlackWorkspace({
		botToken: slackDouble.botToken,
		userToken: slackDouble.userToken,
		apiUrl: slackDouble.apiUrl,
		maxRateLimitWaitMs: 1000,
	});
});

beforeEach(() => {
	smtp.reset();
	twilio.reset();
	slackDouble.reset();
});

afterAll(async () => {
	email.close();
	await smtp.stop();
	await twilio.stop();
	await slackDouble.stop();
	await store.close();
	rmSync(dir, { recursive: true, force: true });
});

describe('the delivery skeleton', () => {
	it("closes the record when the action's conversation entry cannot be built, and reports that error", async () => {
		const run = newRun(nodeId());
		const target = {
			channel: 'sms',
			recipient: '+15550101234',
			contactId: null,
			isTest: false,
			field: 'Contact',
		};
		await expect(
			run.deliverOnce(0, target, {
				send: async () => ({ result: { sent: true }, providerMessageId: 'SMbroken' }),
				entry: () => {
					throw new Error('the entry could not be built');
				},
			}),
		).rejects.toThrow('the entry could not be built');
		// Sent, and recorded as sent: a retry finds it and sends nothing again.
		expect(await store.deliveries.byProviderId('SMbroken')).toMatchObject({ status: 'accepted' });
		const again = await newRun(run.identity.nodeId, run, {
			executionId: 'retry-of-broken',
		}).deliverOnce(0, target, {
			send: async () => {
				throw new Error('must not send twice');
			},
		});
		expect(again).toMatchObject({ alreadySent: true, result: { sent: true } });
	});
});

describe('Send Email delivery records', () => {
	it('closes the record as failed when the server drops the connection, and a retried execution sends it once', async () => {
		const run = newRun(nodeId());
		smtp.dropConnections();
		await expect(
			sendEmail(run, email, emailInput({ first_name: 'Ana', email: 'ana@example.com' }), 0, {}),
		).rejects.toThrow(/Could not reach the SMTP server/);
		expect(await statistics(run)).toEqual({ failed: 1 });

		smtp.reset();
		const retried = await sendEmail(
			newRun(run.identity.nodeId, run),
			email,
			emailInput({ first_name: 'Ana', email: 'ana@example.com' }),
			0,
			{},
		);
		expect(retried).toMatchObject({ status: 'accepted', to: 'ana@example.com' });
		expect(retried.already_sent).toBeUndefined();
		expect(await statistics(run)).toEqual({ accepted: 1 });
		const again = await sendEmail(
			newRun(run.identity.nodeId, run),
			email,
			emailInput({ first_name: 'Ana', email: 'ana@example.com' }),
			0,
			{},
		);
		expect(again).toMatchObject({ already_sent: true, message_id: retried.message_id });
		expect(smtp.messages).toHaveLength(1);
	});

	it('sends one email when two sends of the same item start at the same moment', async () => {
		const run = newRun(nodeId());
		const input = emailInput({ first_name: 'Bea', email: 'bea@example.com' });
		const outcomes = await Promise.allSettled([
			sendEmail(run, email, input, 0, {}),
			sendEmail(run, email, input, 0, {}),
		]);
		expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
		const refused = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected')!;
		expect(refused.reason).toBeInstanceOf(DeliveryInProgress);
		expect(refused.reason.message).toMatch(/already being sent by another run/);
		expect(smtp.messages).toHaveLength(1);
		expect(await statistics(run)).toEqual({ accepted: 1 });
	});
});

describe('Send SMS delivery records', () => {
	it('closes the record as failed when Twilio refuses the text, and a retried execution sends it once', async () => {
		const run = newRun(nodeId());
		twilio.failTo('+15552220101', 400, 21612, 'The To phone number is not reachable');
		await expect(
			sendSms(run, texts, smsInput({ first_name: 'Cal', phone: '+15552220101' }), 0, {}),
		).rejects.toThrow(/cannot be reached/);
		expect(await statistics(run)).toEqual({ failed: 1 });

		twilio.reset();
		const retried = await sendSms(
			newRun(run.identity.nodeId, run),
			texts,
			smsInput({ first_name: 'Cal', phone: '+15552220101' }),
			0,
			{},
		);
		expect(retried).toMatchObject({ status: 'sent', to: '+15552220101' });
		const again = await sendSms(
			newRun(run.identity.nodeId, run),
			texts,
			smsInput({ first_name: 'Cal', phone: '+15552220101' }),
			0,
			{},
		);
		expect(again).toMatchObject({ already_sent: true, message_sid: retried.message_sid });
		expect(twilio.messages).toHaveLength(1);
		expect(await statistics(run)).toEqual({ accepted: 1 });
	});
});

describe('Slack delivery records', () => {
	it('closes the record as failed when Slack refuses the post', async () => {
		const run = newRun(nodeId());
		const error = await sendSlackMessage(run, slack, post('CNOTHERE01'), 0, {}).catch((e) => e);
		expect(error).toBeInstanceOf(ActionError);
		expect(error.field).toBe('Channel');
		expect(await statistics(run)).toEqual({ failed: 1 });
	});

	it('posts once when a retried execution meets a post that went out', async () => {
		const run = newRun(nodeId());
		const first = await sendSlackMessage(run, slack, post('CFRONTDESK'), 0, {});
		const retried = await sendSlackMessage(
			newRun(run.identity.nodeId, run),
			slack,
			post('CFRONTDESK'),
			0,
			{},
		);
		expect(retried).toMatchObject({ already_sent: true, ts: first.ts });
		expect(slackDouble.posts).toHaveLength(1);
		expect(await statistics(run)).toEqual({ accepted: 1 });
	});
});

describe('Internal Notification delivery records', () => {
	it('closes the record as failed when the channel has no credential', async () => {
		const user = await store.teamUsers.create({
			name: 'Nia Records',
			email: 'nia.records@glow.test',
		});
		const run = newRun(nodeId());
		await expect(
			sendInternalNotification(run, {}, notification('email', [user.id]), 0, {}),
		).rejects.toThrow('Email notifications need an Aesthetix SMTP credential');
		expect(await statistics(run)).toEqual({ failed: 1 });
	});

	it('sends WhatsApp template variables on one line each, and refuses an empty one by name before notifying anyone', async () => {
		const user = await store.teamUsers.create({
			name: 'Rae Records',
			email: 'rae.records@glow.test',
			whatsapp: '+15552220301',
		});
		const whatsapp = (variables: Record<string, string>): InternalNotificationInput => ({
			...notification('whatsapp', [user.id]),
			contact: { first_name: 'Lena', notes: 'Prefers\nmornings\t(VIP)' },
			whatsapp: {
				contentSid: 'HX' + 'a'.repeat(32),
				variables,
				labels: { 1: '{{1}} (e.g. Jane)', 2: '{{2}} (e.g. HydraFacial)' },
				message: '',
			},
		});
		const sent = await sendInternalNotification(
			newRun(nodeId()),
			{ texts },
			whatsapp({ 1: '{{contact.first_name}}', 2: '{{contact.notes}}' }),
			0,
			{},
		);
		expect(sent.status).toBe('sent');
		expect(twilio.messages.map((m: { content_variables: string }) => m.content_variables)).toEqual([
			'{"1":"Lena","2":"Prefers mornings (VIP)"}',
		]);

		twilio.reset();
		await expect(
			sendInternalNotification(
				newRun(nodeId()),
				{ texts },
				whatsapp({ 1: '{{contact.first_name}}', 2: '{{contact.interest}}' }),
				0,
				{},
			),
		).rejects.toThrow(
			'Template Variable {{2}} (e.g. HydraFacial) is empty: {{contact.interest}} had no value',
		);
		await expect(
			sendInternalNotification(newRun(nodeId()), { texts }, whatsapp({ 1: ' ', 2: 'x' }), 0, {}),
		).rejects.toThrow('Template Variable {{1}} (e.g. Jane) is empty');
		expect(twilio.messages).toEqual([]);
	});

	it('closes a refused recipient as failed, still notifies the others, and a retried execution sends only the failed one', async () => {
		const reached = await store.teamUsers.create({
			name: 'Oli Records',
			email: 'oli.records@glow.test',
			phone: '+15552220201',
		});
		const refused = await store.teamUsers.create({
			name: 'Pia Records',
			email: 'pia.records@glow.test',
			phone: '+15552220202',
		});
		const run = newRun(nodeId());
		twilio.failTo('+15552220202', 400, 21612, 'The To phone number is not reachable');
		const first = await sendInternalNotification(
			run,
			{ texts },
			notification('sms', [reached.id, refused.id]),
			0,
			{},
		);
		expect(first.status).toBe('partial');
		expect(first.recipients.map((r) => [r.name, r.status])).toEqual([
			['Oli Records', 'sent'],
			['Pia Records', 'failed'],
		]);
		expect(await statistics(run)).toEqual({ accepted: 1, failed: 1 });

		twilio.reset();
		const retried = await sendInternalNotification(
			newRun(run.identity.nodeId, run),
			{ texts },
			notification('sms', [reached.id, refused.id]),
			0,
			{},
		);
		expect(retried.status).toBe('sent');
		expect(retried.recipients.map((r) => [r.name, r.status, r.already_sent ?? false])).toEqual([
			['Oli Records', 'sent', true],
			['Pia Records', 'sent', false],
		]);
		expect(twilio.messages.map((m: { to: string }) => m.to)).toEqual(['+15552220202']);
		expect(await statistics(run)).toEqual({ accepted: 2 });
	});
});

describe('sends n8n stopped in the middle of (Interrupted Sends on Retry)', () => {
	/**
	 * What an execution n8n stopped mid-send leaves for one item: the claim the action makes before
	 * asking the provider, never closed because the process died while waiting for the answer.
	 */
	async function leftInFlight(run: ActionRun, channel: string, recipient: string) {
		const { workflowId, nodeId, actionName, executionId } = run.identity;
		const { claimed } = await store.deliveries.claim({
			idempotency_key: run.idempotencyKey(0, `${channel}:${recipient}`),
			workflow_id: workflowId,
			node_id: nodeId,
			action_name: actionName,
			execution_id: executionId,
			channel,
			contact_id: null,
			recipient,
			is_test: false,
		});
		expect(claimed).toBe(true);
	}
	/** A retry of the stopped execution from n8n's list, with the action set to skip or send again. */
	const retryOf = (
		stopped: ActionRun,
		interruptedSends: InterruptedSends,
		notes: InterruptedSend[] = [],
	) =>
		newRun(
			stopped.identity.nodeId,
			stopped,
			{},
			{ interruptedSends, onInterrupted: (send) => notes.push(send) },
		);
	const recipients = (messages: Array<{ envelope: { to: string[] } }>) =>
		messages.map((m) => m.envelope.to[0]);

	it('Send Email: skipped and listed, then sent once by a retry set to send again, then never again', async () => {
		const stopped = newRun(nodeId());
		await leftInFlight(stopped, 'email', 'ana.stopped@example.com');
		const input = emailInput({ first_name: 'Ana', email: 'ana.stopped@example.com' });
		const notes: InterruptedSend[] = [];
		const skipped = await sendEmail(retryOf(stopped, 'skip', notes), email, input, 0, {});
		expect(skipped).toMatchObject({
			status: 'interrupted',
			to: 'ana.stopped@example.com',
			reason: expect.stringContaining('n8n stopped while this email was being sent'),
		});
		expect(notes).toEqual([
			expect.objectContaining({
				itemIndex: 0,
				channel: 'email',
				recipient: 'ana.stopped@example.com',
				decision: 'skip',
			}),
		]);
		expect(smtp.messages).toHaveLength(0);
		expect(await statistics(stopped)).toEqual({ interrupted: 1 });

		const again = await sendEmail(retryOf(stopped, 'sendAgain'), email, input, 0, {});
		expect(again).toMatchObject({ status: 'accepted', sent_again: true });
		const later = await sendEmail(retryOf(stopped, 'sendAgain'), email, input, 0, {});
		expect(later).toMatchObject({ already_sent: true, message_id: again.message_id });
		expect(recipients(smtp.messages)).toEqual(['ana.stopped@example.com']);
		expect(await statistics(stopped)).toEqual({ accepted: 1 });
	});

	it('Send SMS: skipped without a text, or texted once when the retry sends again', async () => {
		const input = smsInput({ first_name: 'Bo', phone: '+15552220401' });
		const skippedRun = newRun(nodeId());
		await leftInFlight(skippedRun, 'sms', '+15552220401');
		expect(await sendSms(retryOf(skippedRun, 'skip'), texts, input, 0, {})).toMatchObject({
			status: 'interrupted',
			to: '+15552220401',
			reason: expect.stringContaining('this text was being sent'),
		});
		expect(twilio.messages).toHaveLength(0);

		const resent = newRun(nodeId());
		await leftInFlight(resent, 'sms', '+15552220401');
		const again = await sendSms(retryOf(resent, 'sendAgain'), texts, input, 0, {});
		expect(again).toMatchObject({ status: 'sent', sent_again: true });
		expect(twilio.messages.map((m: { to: string }) => m.to)).toEqual(['+15552220401']);
		expect(await statistics(resent)).toEqual({ accepted: 1 });
	});

	it('Slack: the post is skipped and listed, or posted once when the retry sends again', async () => {
		const stopped = newRun(nodeId());
		await leftInFlight(stopped, 'slack', 'CFRONTDESK');
		expect(
			await sendSlackMessage(retryOf(stopped, 'skip'), slack, post('CFRONTDESK'), 0, {}),
		).toMatchObject({
			status: 'interrupted',
			channel: 'CFRONTDESK',
			reason: expect.stringContaining('this Slack message was being sent'),
		});
		expect(slackDouble.posts).toHaveLength(0);
		const again = await sendSlackMessage(
			retryOf(stopped, 'sendAgain'),
			slack,
			post('CFRONTDESK'),
			0,
			{},
		);
		expect(again).toMatchObject({ sent_again: true, ts: expect.any(String) });
		expect(slackDouble.posts).toHaveLength(1);
	});

	it('Internal Notification: only the interrupted recipient is skipped (and listed), the others are notified', async () => {
		const kim = await store.teamUsers.create({ name: 'Kim Stopped', email: 'kim.stop@glow.test' });
		const lou = await store.teamUsers.create({ name: 'Lou Stopped', email: 'lou.stop@glow.test' });
		const input = notification('email', [kim.id, lou.id]);
		const stopped = newRun(nodeId());
		await leftInFlight(stopped, 'notification-email', 'kim.stop@glow.test');
		const skipped = await sendInternalNotification(
			retryOf(stopped, 'skip'),
			{ email },
			input,
			0,
			{},
		);
		expect(skipped.status).toBe('interrupted');
		expect(skipped.recipients.map((r) => [r.name, r.status])).toEqual([
			['Kim Stopped', 'interrupted'],
			['Lou Stopped', 'sent'],
		]);
		expect(recipients(smtp.messages)).toEqual(['lou.stop@glow.test']);

		const again = await sendInternalNotification(
			retryOf(stopped, 'sendAgain'),
			{ email },
			input,
			0,
			{},
		);
		expect(again.status).toBe('sent');
		expect(
			again.recipients.map((r) => [r.name, r.sent_again ?? false, r.already_sent ?? false]),
		).toEqual([
			['Kim Stopped', true, false],
			['Lou Stopped', false, true],
		]);
		expect(recipients(smtp.messages)).toEqual(['lou.stop@glow.test', 'kim.stop@glow.test']);
	});

	it('Review Request: skipped and listed, or asked once when the retry sends again', async () => {
		await store.settings.set(REPUTATION_SETTING, {
			enabled: true,
			review_link: 'https://g.page/r/glow-stopped/review',
			sender_email: 'reviews@glow.test',
		});
		const input: ReviewRequestInput = {
			contact: { first_name: 'Mo', email: 'mo.stopped@example.com' },
			reviewType: 'email',
			email: { transport: email },
		};
		const stopped = newRun(nodeId());
		await leftInFlight(stopped, 'review_email', 'mo.stopped@example.com');
		expect(await sendReviewRequest(retryOf(stopped, 'skip'), input, 0, {})).toMatchObject({
			status: 'interrupted',
			to: 'mo.stopped@example.com',
			reason: expect.stringContaining('this email was being sent'),
		});
		expect(smtp.messages).toHaveLength(0);
		const again = await sendReviewRequest(retryOf(stopped, 'sendAgain'), input, 0, {});
		expect(again).toMatchObject({ status: 'Sent', sent_again: true });
		expect(recipients(smtp.messages)).toEqual(['mo.stopped@example.com']);
	});

	it('Call: nobody is rung again unless the retry says Call Again, and then the call says it was placed again', async () => {
		const voice = createTwilioVoice({
			accountSid: twilio.accountSid,
			auth: { kind: 'authToken', authToken: twilio.authToken },
			webhookAuthToken: twilio.authToken,
			sender: { kind: 'phoneNumber', fromNumber: '+15550009999' },
			apiBaseUrl: twilio.baseUrl,
		});
		const placement: CallPlacement = {
			channel: 'call',
			to: '+15552220501',
			contactId: 1,
			field: 'Contact',
			row: {
				item_count: 1,
				resume_url: 'http://127.0.0.1:9/webhook-waiting/1',
				status: 'calling_user',
			},
			async place(call) {
				const placed = await voice.place({
					to: '+15552220501',
					from: '+15550009999',
					url: 'http://127.0.0.1:9/voice',
					statusCallback: 'http://127.0.0.1:9/status',
					timeout: 20,
				});
				return store.voiceCalls.update(call.id, { user_call_sid: placed.sid });
			},
			refused: (error) => error.message,
		};
		const stopped = newRun(nodeId());
		await leftInFlight(stopped, 'call', '+15552220501');
		const skipRun = retryOf(stopped, 'skip');
		expect(await placeCallOnce(skipRun, 0, placement)).toEqual({
			kind: 'skipped',
			result: expect.objectContaining({
				status: 'interrupted',
				reason: expect.stringContaining('this call was being placed'),
			}),
		});
		expect(twilio.voice.calls).toHaveLength(0);

		const againRun = retryOf(stopped, 'sendAgain');
		const again = await placeCallOnce(againRun, 0, placement);
		expect(again.kind).toBe('placed');
		expect(again.kind === 'placed' && again.call.placed_again).toBe(true);
		expect(twilio.voice.calls.map((c: { to: string }) => c.to)).toEqual(['+15552220501']);
	});
});
