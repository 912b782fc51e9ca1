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

const { SmtpDouble } = require('../support/smtpDouble');

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
		await store.contacts.update(contact.id, { dnd_email: true });
		const result = await sendEmail(
			run,
			transport,
			input({ contact: { email: 'quiet@example.com' } }),
			0,
			item,
		);
		expect(result).toMatchObject({
			status: 'skipped',
			reason: 'The contact is in Do Not Disturb for email',
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
