import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ActionRun, type RunIdentity } from '../../core/run/actionRun';
import { ActionError } from '../../core/run/errors';
import { sendEmail, type SendEmailInput } from '../../core/email/sendEmail';
import { migrate } from '../../core/store/migrations';
import { SqliteDatabase } from '../../core/store/sqliteDatabase';
import { WorkspaceStore } from '../../core/store/workspaceStore';
import { createSmtpTransport, type EmailTransport, type SmtpConfig } from '../../providers/smtp';
import { ENDPOINT_SETTING } from '../../core/links/endpointUrls';
import { DELIVERABILITY_SETTING } from '../../core/consent/complaintRate';
import { readUnsubscribeToken } from '../../core/consent/unsubscribe';

const { SmtpDouble } = require('../support/smtpDouble');
import { optOutByOwner } from '../support/optOut';

jest.setTimeout(30_000);

const dir = mkdtempSync(join(tmpdir(), 'aesthetix-email-'));
let smtp: InstanceType<typeof SmtpDouble>;
let store: WorkspaceStore;
let transport: EmailTransport;
let smtpConfig: SmtpConfig;
let run: ActionRun;
let executions = 0;

const workspace = {
	company: { name: 'Glow Med Spa', phone: '+15550001111', time_zone: 'America/New_York' },
	publicBaseUrl: 'https://n8n.glow.test',
};

function newRun(overrides: Partial<RunIdentity> = {}): ActionRun {
	const executionId = String(++executions);
	return new ActionRun(
		{
			workflowId: 'wf-booking',
			nodeId: 'node-email',
			actionName: 'Booking Confirmation Email',
			executionId,
			originalExecutionId: executionId,
			runIndex: 0,
			isManual: false,
			...overrides,
		},
		store,
		workspace,
	);
}

const input = (overrides: Partial<SendEmailInput> = {}): SendEmailInput => ({
	contact: { first_name: 'Jane', email: 'jane@example.com' },
	fromName: '{{company.name}}',
	fromEmail: 'hello@glow.test',
	subject: 'Thanks for booking with us',
	template: { templateId: '', sync: false },
	message:
		'<p>Hi {{contact.first_name}}, your appointment is on {{appointment.only_start_date}}.</p>',
	cc: '',
	bcc: '',
	testEmail: '',
	attachments: [],
	trackOpens: true,
	...overrides,
});

const item = { appointment: { start_time: '2026-12-01T15:00:00Z' } };

beforeAll(async () => {
	smtp = await new SmtpDouble().start();
	const db = new SqliteDatabase(join(dir, 'workspace.sqlite'));
	await migrate(db);
	store = new WorkspaceStore(db);
	smtpConfig = {
		host: '127.0.0.1',
		port: smtp.port,
		secure: false,
		starttls: 'never',
		poolSize: 2,
		rateLimitPerSecond: 0,
		timeoutMs: 3000,
	};
});

beforeEach(() => {
	smtp.reset();
	transport = createSmtpTransport(smtpConfig);
	run = newRun();
});

afterEach(() => transport.close());

afterAll(async () => {
	await smtp.stop();
	await store.close();
	rmSync(dir, { recursive: true, force: true });
});

describe('Send Email', () => {
	it('sends the rendered email from the sender, logs it and counts it Accepted', async () => {
		const result = await sendEmail(run, transport, input(), 0, item);
		const [mail] = await smtp.waitForMessages(1);
		expect(mail.from).toEqual({ name: 'Glow Med Spa', address: 'hello@glow.test' });
		expect(mail.envelope.to).toEqual(['jane@example.com']);
		expect(mail.subject).toBe('Thanks for booking with us');
		expect(mail.html).toContain(
			'<p>Hi Jane, your appointment is on Tuesday, December 1, 2026.</p>',
		);
		expect(mail.text).toBe('Hi Jane, your appointment is on Tuesday, December 1, 2026.');
		expect(result).toMatchObject({
			status: 'accepted',
			to: 'jane@example.com',
			accepted: ['jane@example.com'],
			rejected: [],
			blank_merge_fields: [],
		});
		expect(result.message_id).toBe(mail.messageId);
		const log = await store.conversations.forContact(result.contact_id!);
		expect(log.at(-1)).toMatchObject({
			channel: 'email',
			status: 'accepted',
			subject: 'Thanks for booking with us',
			action_name: 'Booking Confirmation Email',
		});
		expect(await store.deliveries.statistics('wf-booking', 'node-email')).toMatchObject({
			accepted: expect.any(Number),
		});
	});

	it('skips invalid Cc/Bcc addresses, reports them, and still delivers to the valid ones', async () => {
		const result = await sendEmail(
			run,
			transport,
			input({ cc: 'desk@glow.test, desk@glow, manager@glow.test', bcc: 'records@glow.test; nope' }),
			0,
			item,
		);
		const [mail] = await smtp.waitForMessages(1);
		expect(mail.envelope.to.sort()).toEqual([
			'desk@glow.test',
			'jane@example.com',
			'manager@glow.test',
			'records@glow.test',
		]);
		expect(mail.cc).toEqual(['desk@glow.test', 'manager@glow.test']);
		expect(mail.bccHeader).toBe(false);
		expect(result.rejected).toEqual([
			{
				address: 'desk@glow',
				reason: '"desk@glow" has an invalid domain "glow"',
				stage: 'validation',
			},
			{ address: 'nope', reason: '"nope" is not an email address', stage: 'validation' },
		]);
	});

	it('reports a Cc the server refuses while the contact still gets the email', async () => {
		smtp.refuseRecipient('gone@glow.test');
		const result = await sendEmail(run, transport, input({ cc: 'gone@glow.test' }), 0, item);
		expect(result.status).toBe('accepted');
		expect(result.rejected).toEqual([
			{ address: 'gone@glow.test', reason: expect.stringContaining('550'), stage: 'server' },
		]);
		expect((await smtp.waitForMessages(1))[0].envelope.to).toEqual(['jane@example.com']);
	});

	it('fails on the primary contact address alone and records it Rejected', async () => {
		smtp.refuseRecipient('jane@example.com');
		const localRun = newRun({ nodeId: 'node-rejected' });
		await expect(
			sendEmail(localRun, transport, input({ cc: 'desk@glow.test' }), 0, item),
		).rejects.toThrow(
			/The SMTP server refused the contact's email address "jane@example.com": 550/,
		);
		expect(await store.deliveries.statistics('wf-booking', 'node-rejected')).toEqual({
			rejected: 1,
		});
	});

	it('names the sender when the server refuses it', async () => {
		smtp.refuseSender('hello@glow.test');
		const error = await sendEmail(run, transport, input(), 0, item).catch((e) => e);
		expect(error).toBeInstanceOf(ActionError);
		expect(error.field).toBe('From Email');
		expect(error.message).toMatch(/refused the sender address: 550/);
		expect(smtp.messages).toHaveLength(0);
	});

	it.each([
		[{ email: '' }, 'The contact has no email address'],
		[{ email: 'jane@' }, `The contact's email "jane@" has no domain after the @`],
	])('refuses a contact without a valid email: %j', async (contact, message) => {
		await expect(sendEmail(run, transport, input({ contact }), 0, item)).rejects.toThrow(message);
	});

	it('lists blank merge fields and renders them empty', async () => {
		const result = await sendEmail(
			run,
			transport,
			input({ subject: 'For {{contact.last_name}}' }),
			0,
			{},
		);
		expect(result.blank_merge_fields).toEqual(['contact.last_name', 'appointment.only_start_date']);
		const [mail] = await smtp.waitForMessages(1);
		expect(mail.subject).toBe('For');
		expect(mail.html).toContain('your appointment is on .');
	});

	it('never sends twice when n8n retries the same item', async () => {
		const first = await sendEmail(run, transport, input(), 0, item);
		const retried = await sendEmail(run, transport, input(), 0, item);
		expect(smtp.messages).toHaveLength(1);
		expect(retried.already_sent).toBe(true);
		expect(retried.message_id).toBe(first.message_id);
	});

	it('sends a test to the Test Email in manual runs only, without Cc/Bcc and without statistics', async () => {
		const manual = newRun({ isManual: true, nodeId: 'node-test' });
		const result = await sendEmail(
			manual,
			transport,
			input({ testEmail: 'me@glow.test', cc: 'desk@glow.test, bad@' }),
			0,
			item,
		);
		const [mail] = await smtp.waitForMessages(1);
		expect(mail.envelope.to).toEqual(['me@glow.test']);
		expect(result).toMatchObject({ test: true, to: 'me@glow.test', cc: [] });
		expect(result.rejected.map((r) => r.address)).toEqual(['bad@']);
		expect(await store.deliveries.statistics('wf-booking', 'node-test')).toEqual({});
		const live = await sendEmail(
			newRun({ nodeId: 'node-test' }),
			transport,
			input({ testEmail: 'me@glow.test' }),
			0,
			item,
		);
		expect(live.to).toBe('jane@example.com');
	});

	it('skips a contact in Do Not Disturb for email', async () => {
		const contact = await store.contacts.findOrCreate({ email: 'quiet@example.com' });
		await optOutByOwner(store, contact.id, 'dnd_email');
		const result = await sendEmail(
			run,
			transport,
			input({ contact: { email: 'quiet@example.com' } }),
			0,
			item,
		);
		expect(result).toMatchObject({
			status: 'skipped',
			reason: expect.stringMatching(
				/^The contact is in Do Not Disturb for email: by Ivy Chen in the Inbox \(\d{4}-\d\d-\d\d \d\d:\d\d UTC\)$/,
			),
		});
		expect(smtp.messages).toHaveLength(0);
	});

	it('follows a synced template and keeps its own copy when not synced', async () => {
		const template = await store.templates.save(
			'email',
			'Confirmation',
			'<p>Version 1 for {{contact.first_name}}</p>',
			'Template subject',
		);
		const synced = newRun({ nodeId: 'node-synced' });
		const unsynced = newRun({ nodeId: 'node-unsynced' });
		const sel = (sync: boolean) =>
			input({ subject: '', message: '', template: { templateId: String(template.id), sync } });
		await sendEmail(synced, transport, sel(true), 0, item);
		await sendEmail(unsynced, transport, sel(false), 0, item);
		await store.templates.save(
			'email',
			'Confirmation',
			'<p>Version 2 for {{contact.first_name}}</p>',
			'Template subject',
		);
		await sendEmail(newRun({ nodeId: 'node-synced' }), transport, sel(true), 0, item);
		await sendEmail(newRun({ nodeId: 'node-unsynced' }), transport, sel(false), 0, item);
		const mails = await smtp.waitForMessages(4);
		expect(mails.map((m: { html: string }) => m.html.match(/Version \d/)![0])).toEqual([
			'Version 1',
			'Version 1',
			'Version 2',
			'Version 1',
		]);
		expect(mails[0].subject).toBe('Template subject');
		await sendEmail(
			newRun({ nodeId: 'node-synced' }),
			transport,
			{ ...sel(true), subject: 'My own subject' },
			0,
			item,
		);
		expect((await smtp.waitForMessages(5))[4].subject).toBe('My own subject');
	});

	it('attaches files', async () => {
		const result = await sendEmail(
			run,
			transport,
			input({
				attachments: [
					{
						filename: 'aftercare.pdf',
						content: Buffer.from('%PDF-1.4 test'),
						contentType: 'application/pdf',
					},
				],
			}),
			0,
			item,
		);
		const [mail] = await smtp.waitForMessages(1);
		expect(mail.attachments.map((a: { filename: string }) => a.filename)).toEqual([
			'aftercare.pdf',
		]);
		expect(mail.attachments[0].content.toString()).toBe('%PDF-1.4 test');
		expect(result.attachments).toEqual(['aftercare.pdf']);
	});

	it('gives a clear error when the SMTP server is down', async () => {
		const down = createSmtpTransport({ ...smtpConfig, port: 1 });
		try {
			const error = await sendEmail(newRun({ nodeId: 'node-down' }), down, input(), 0, item).catch(
				(e) => e,
			);
			expect(error.message).toBe(
				'Could not reach the SMTP server at 127.0.0.1:1: the connection was refused (is the server running on that port?)',
			);
			expect(error.description).toMatch(/host and port/);
			expect(await store.deliveries.statistics('wf-booking', 'node-down')).toEqual({ failed: 1 });
		} finally {
			down.close();
		}
	});

	it('gives a clear error when the server drops the connection', async () => {
		smtp.dropConnections();
		const error = await sendEmail(
			newRun({ nodeId: 'node-drop' }),
			transport,
			input(),
			0,
			item,
		).catch((e) => e);
		expect(error.message).toMatch(
			/^Could not reach the SMTP server at 127\.0\.0\.1:\d+: the server answered "421/,
		);
		expect(smtp.messages).toHaveLength(0);
	});

	it('reuses pooled connections for every item of a run', async () => {
		const pooled = createSmtpTransport({ ...smtpConfig, poolSize: 1 });
		try {
			for (let i = 0; i < 5; i++) {
				await sendEmail(
					run,
					pooled,
					input({ contact: { email: `guest${i}@example.com` } }),
					i,
					item,
				);
			}
			await smtp.waitForMessages(5);
			expect(smtp.connections).toBe(1);
		} finally {
			pooled.close();
		}
	});

	it('verifies credentials against the server', async () => {
		const authed = await new SmtpDouble({ user: 'spa', password: 'right' }).start();
		try {
			const good = createSmtpTransport({
				...smtpConfig,
				port: authed.port,
				user: 'spa',
				password: 'right',
			});
			await expect(good.verify()).resolves.toBeUndefined();
			good.close();
			const bad = createSmtpTransport({
				...smtpConfig,
				port: authed.port,
				user: 'spa',
				password: 'wrong',
			});
			await expect(bad.verify()).rejects.toThrow(/refused the login for "spa": 535/);
			bad.close();
		} finally {
			await authed.stop();
		}
	});
});

describe('the SMTP credential', () => {
	it('requires STARTTLS unless told otherwise, so a server that does not offer TLS gets no mail in plain text', async () => {
		const { smtpConfig: fromCredential } = require('../../nodes/shared/transport/smtp');
		const config = fromCredential({ host: '127.0.0.1', port: smtp.port });
		expect(config.starttls).toBe('required');
		const plain = createSmtpTransport({ ...config, timeoutMs: 3000 });
		try {
			const error = await sendEmail(newRun({ nodeId: 'node-tls' }), plain, input(), 0, item).catch(
				(e) => e,
			);
			expect(error.message).toMatch(
				/^Could not reach the SMTP server at 127\.0\.0\.1:\d+: .*STARTTLS/,
			);
			expect(smtp.messages).toHaveLength(0);
		} finally {
			plain.close();
		}
		expect(fromCredential({ host: 'h', starttls: 'when-offered' }).starttls).toBe('when-offered');
		const { AesthetixSmtpApi } = require('../../credentials/AesthetixSmtpApi.credentials');
		const field = new AesthetixSmtpApi().properties.find(
			(p: { name: string }) => p.name === 'starttls',
		);
		expect(field.default).toBe('required');
	});
});

describe('marketing or transactional', () => {
	const offer = (overrides: Partial<SendEmailInput> = {}) =>
		input({
			emailType: 'marketing',
			subject: '20% off your first HydraFacial',
			message: '<p>Hi {{contact.first_name}}, 20% off this month.</p>',
			...overrides,
		});
	const header = (mail: { headers: Map<string, unknown> }, name: string) =>
		mail.headers.get(name.toLowerCase());
	const secret = () => store.settings.secret();

	afterAll(async () => {
		await store.settings.set(ENDPOINT_SETTING, null);
		await store.settings.set(DELIVERABILITY_SETTING, { pause_marketing_over_limit: false });
	});

	it('marketing email without the Workspace Endpoint is an error naming Email Type, and nothing is sent', async () => {
		const error = await sendEmail(run, transport, offer(), 0, item).catch((e) => e);
		expect(error).toBeInstanceOf(ActionError);
		expect(error.field).toBe('Email Type');
		expect(error.message).toBe(
			'Marketing email needs an unsubscribe address, and the workspace has none',
		);
		expect(smtp.messages).toHaveLength(0);
	});

	it('marketing email carries the one-click headers and a link signed for the contact and the email; transactional neither', async () => {
		await store.settings.set(ENDPOINT_SETTING, { path: 'aesthetix' });
		const result = await sendEmail(newRun(), transport, offer(), 0, item);
		const [mail] = await smtp.waitForMessages(1);
		const link = result.unsubscribe_link!;
		expect(link).toMatch(/^https:\/\/n8n\.glow\.test\/webhook\/aesthetix\/email\/unsubscribe\?t=/);
		expect(readUnsubscribeToken(await secret(), new URL(link).searchParams.get('t'))).toEqual({
			contactId: result.contact_id,
			deliveryId: (await store.deliveryEvents.emailByMessageId(mail.messageId))!.id,
		});
		// mailparser reads the List-* headers into one `list` entry.
		expect(header(mail, 'list')).toEqual({
			unsubscribe: { url: link },
			'unsubscribe-post': { name: 'List-Unsubscribe=One-Click' },
		});
		expect(mail.html).toContain(`<a href="${link}">Unsubscribe</a></p>`);
		expect(result).toMatchObject({ status: 'accepted', email_type: 'marketing' });
		const record = await store.deliveryEvents.emailByMessageId(mail.messageId);
		expect((await store.deliveries.get(record!.id))!.message_kind).toBe('marketing');

		smtp.reset();
		const plain = await sendEmail(newRun(), transport, input(), 0, item);
		const [confirmation] = await smtp.waitForMessages(1);
		expect(plain).toMatchObject({ status: 'accepted', email_type: 'transactional' });
		expect(plain).not.toHaveProperty('unsubscribe_link');
		expect(confirmation.headers.has('list')).toBe(false);
		expect(confirmation.html).not.toContain('unsubscribe');
	});

	it('puts {{unsubscribe_link}} where it is written, in a transactional email too, and logs the message as written', async () => {
		const message =
			'<p>Offer inside.</p><p><a href="{{unsubscribe_link}}">Stop these</a> · {{unsubscribe_link}}</p>';
		const marketing = await sendEmail(newRun(), transport, offer({ message }), 0, item);
		const [mail] = await smtp.waitForMessages(1);
		const link = marketing.unsubscribe_link!;
		expect(mail.html).toContain(`<a href="${link}">Stop these</a> · ${link}</p>`);
		expect(mail.html).not.toContain('Unsubscribe</a>');
		const log = await store.conversations.forContact(marketing.contact_id!);
		expect(log.at(-1)!.body).toBe(
			'<p>Offer inside.</p><p><a href="{{unsubscribe_link}}">Stop these</a> · {{unsubscribe_link}}</p>',
		);

		smtp.reset();
		const transactional = await sendEmail(
			newRun(),
			transport,
			input({ message: '<p>Booked.</p><p><a href="{{unsubscribe_link}}">Offers: stop</a></p>' }),
			0,
			item,
		);
		const [booked] = await smtp.waitForMessages(1);
		expect(booked.html).toContain(`<a href="${transactional.unsubscribe_link}">Offers: stop</a>`);
		expect(booked.headers.has('list')).toBe(false);

		smtp.reset();
		const chosen = await sendEmail(newRun(), transport, input({ unsubscribeLink: true }), 0, item);
		const [withLink] = await smtp.waitForMessages(1);
		expect(header(withLink, 'list')).toEqual({
			unsubscribe: { url: chosen.unsubscribe_link },
			'unsubscribe-post': { name: 'List-Unsubscribe=One-Click' },
		});
		expect(withLink.html).toContain(`<a href="${chosen.unsubscribe_link}">Unsubscribe</a>`);
	});

	it('skips marketing to a contact who unsubscribed, with the reason, while transactional still reaches them', async () => {
		const contact = await store.contacts.findOrCreate({ email: 'promo-free@example.com' });
		await store.consent.record({
			contactId: contact.id,
			flag: 'email_unsubscribed',
			optedOut: true,
			source: 'one_click',
			detail: 'one-click unsubscribe from the mail app, on "HydraFacial Offer"',
		});
		const to = { contact: { first_name: 'Pam', email: 'promo-free@example.com' } };
		const skipped = await sendEmail(newRun(), transport, offer(to), 0, item);
		expect(skipped).toMatchObject({ status: 'skipped', email_type: 'marketing' });
		expect(skipped.reason).toMatch(
			/^The contact unsubscribed from marketing email: one-click unsubscribe from the mail app, on "HydraFacial Offer" \(\d{4}-\d\d-\d\d \d\d:\d\d UTC\)$/,
		);
		const sent = await sendEmail(newRun(), transport, input(to), 0, item);
		expect(sent.status).toBe('accepted');
		const mails = await smtp.waitForMessages(1);
		expect(mails.map((m: { to: string[] }) => m.to[0])).toEqual(['promo-free@example.com']);
	});

	it('holds marketing back while complaints are over 0.3 % and the owner chose the pause; transactional goes', async () => {
		const complained = await sendEmail(
			newRun(),
			transport,
			offer({ contact: { email: 'grumpy@example.com' } }),
			0,
			item,
		);
		const [mail] = await smtp.waitForMessages(1);
		const { id } = (await store.deliveryEvents.emailByMessageId(mail.messageId))!;
		await store.deliveryEvents.record({
			delivery_id: id,
			event: 'complained',
			dedup_key: 'test:grumpy',
			source: 'sendgrid',
		});
		expect(complained.status).toBe('accepted');
		const to = { contact: { email: 'next@example.com' } };
		// Over the limit but not chosen: marketing still goes out.
		expect((await sendEmail(newRun(), transport, offer(to), 0, item)).status).toBe('accepted');
		await store.settings.set(DELIVERABILITY_SETTING, { pause_marketing_over_limit: true });
		const paused = await sendEmail(newRun(), transport, offer(to), 0, item);
		expect(paused).toMatchObject({ status: 'skipped', email_type: 'marketing' });
		expect(paused.reason).toMatch(
			/^Marketing email is paused: spam complaints on [\d.]+ % of the last 30 days' marketing email \(1 of \d+\) are over the 0\.3 % limit\./,
		);
		expect((await sendEmail(newRun(), transport, input(to), 0, item)).status).toBe('accepted');
	});
});
