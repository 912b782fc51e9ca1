/**
 * Send Email through n8n's own engine (n8n-core's WorkflowExecute, in process) against a real SMTP
 * server on loopback: the spec's booking confirmation, custom values, Cc and Bcc, Send Test Mail,
 * the failures a user meets, Continue On Fail, pairing, the pool and n8n's Retry On Fail.
 */
import { createServer, type Server } from 'node:http';
import type { WorkspaceStore } from '../../core/store/workspaceStore';

const { startDoubles } = require('../support/inProcess');
const { exampleWorkflow, variant } = require('../support/stack');

type Doubles = Awaited<ReturnType<typeof startDoubles>>;
let doubles: Doubles;
let store: WorkspaceStore;
let files: Server;
let fileUrl: string;

const booking = exampleWorkflow('booking-confirmation.json');
const EMAIL = 'Booking Confirmation Email';

const appointmentBooked = {
	contact: {
		first_name: 'Jane',
		last_name: 'Doe',
		email: 'jane@example.com',
		phone: '+15551234567',
	},
	appointment: { title: 'HydraFacial', start_time: '2026-12-01T15:00:00Z' },
};

/** The booking email reading one contact per item, as n8n's Split Out leaves them. */
const perContact = (email: Record<string, unknown> = {}) =>
	variant(booking, {
		id: 'aeBookingBatch01',
		path: 'booking-batch',
		nodes: { [EMAIL]: { ...email, parameters: { contact: '={{ $json.contact }}' } } },
	});
const contactItems = (contacts: object[]) => contacts.map((contact) => ({ json: { contact } }));

beforeAll(async () => {
	files = createServer((req, res) => {
		if (req.url === '/files/price%20list.pdf')
			res.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF-1.4 price list');
		else res.writeHead(404).end();
	});
	await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
	fileUrl = `http://127.0.0.1:${(files.address() as { port: number }).port}/files/price%20list.pdf`;
	doubles = await startDoubles({
		extraCredentials: () => [
			{
				id: 'aeSmtpDown000001',
				name: 'SMTP that is down',
				type: 'aesthetixSmtpApi',
				data: { host: '127.0.0.1', port: 1, secure: false, starttls: 'never', poolSize: 1 },
			},
		],
	});
	store = await doubles.openWorkspace();
});

afterAll(async () => {
	await doubles?.stop();
	await new Promise((resolve) => files?.close(resolve));
});

beforeEach(() => doubles.smtp.reset());

describe('the booking confirmation example', () => {
	it('emails the contact from the practice with the appointment date and time', async () => {
		const run = await doubles.run(booking, { body: appointmentBooked });
		expect(run.status).toBe('success');
		const [mail] = await doubles.smtp.waitForMessages(1);
		expect(mail.from).toEqual({ name: 'Glow Med Spa', address: 'hello@glowmedspa.test' });
		expect(mail.envelope.to).toEqual(['jane@example.com']);
		expect(mail.subject).toBe('Thanks for booking with us');
		expect(mail.html).toContain('Hi Jane,');
		expect(mail.html).toContain(
			'Your appointment is scheduled for Tuesday, December 1, 2026 at 10:00 AM.',
		);
		expect(mail.html).toContain('We look forward to seeing you on Tuesday, December 1, 2026.');
		expect(mail.text).toContain('Call us at +15550001111.');
		const [output] = run.output(EMAIL);
		expect(output.email).toMatchObject({
			action_name: EMAIL,
			status: 'accepted',
			to: 'jane@example.com',
			accepted: ['jane@example.com'],
			rejected: [],
			blank_merge_fields: [],
			message_id: mail.messageId,
		});
		const contact = await store.contacts.findByEmailOrPhone('jane@example.com');
		const log = await store.conversations.forContact(contact!.id);
		expect(log.at(-1)).toMatchObject({
			channel: 'email',
			status: 'accepted',
			action_name: EMAIL,
			provider_message_id: mail.messageId,
		});
		const stats = await store.deliveries.statistics('aeBookingConfirm', booking.nodes[1].id);
		expect(stats.accepted).toBeGreaterThanOrEqual(1);
	});

	it('renders a merge field the trigger does not supply as blank, and says which', async () => {
		const run = await doubles.run(booking, {
			body: { contact: { email: 'no-appointment@example.com' } },
		});
		const [mail] = await doubles.smtp.waitForMessages(1);
		expect(mail.html).toContain('Hi ,');
		expect(mail.html).toContain('Your appointment is scheduled for .');
		expect(run.output(EMAIL)[0].email.blank_merge_fields).toEqual([
			'contact.first_name',
			'appointment.start_time',
			'appointment.only_start_date',
		]);
	});
});

describe('custom values in a field that became an n8n expression', () => {
	it('renders both in the subject and the body; values from n8n are not read as custom values', async () => {
		const mixed = variant(booking, {
			id: 'aeBookingMixed01',
			path: 'booking-mixed',
			nodes: {
				[EMAIL]: {
					parameters: {
						subject: '={{ $json.body.appointment.title }} for {{contact.first_name}}',
						message:
							'=<p>Hi {{contact.first_name}}, {{ $json.body.note }} on {{appointment.only_start_date}}{{contact.nickname}}.</p>',
					},
				},
			},
		});
		const run = await doubles.run(mixed, {
			body: { ...appointmentBooked, note: 'bring {{contact.email}} & a smile' },
		});
		const [mail] = await doubles.smtp.waitForMessages(1);
		expect(mail.subject).toBe('HydraFacial for Jane');
		expect(mail.html).toContain(
			'<p>Hi Jane, bring {{contact.email}} & a smile on Tuesday, December 1, 2026.</p>',
		);
		expect(run.output(EMAIL)[0].email.blank_merge_fields).toEqual(['contact.nickname']);
	});
});

describe('Cc and Bcc', () => {
	it('skips the invalid addresses and reports them, while the valid ones receive the email', async () => {
		const withCc = variant(booking, {
			id: 'aeBookingWithCc1',
			path: 'booking-with-cc',
			nodes: {
				[EMAIL]: {
					parameters: {
						copies: {
							cc: 'frontdesk@glowmedspa.test, front desk, manager@glowmedspa',
							bcc: 'records@glowmedspa.test',
						},
					},
				},
			},
		});
		const run = await doubles.run(withCc, { body: appointmentBooked });
		const [mail] = await doubles.smtp.waitForMessages(1);
		expect(mail.envelope.to.sort()).toEqual([
			'frontdesk@glowmedspa.test',
			'jane@example.com',
			'records@glowmedspa.test',
		]);
		expect(mail.cc).toEqual(['frontdesk@glowmedspa.test']);
		const { email } = run.output(EMAIL)[0];
		expect(email.status).toBe('accepted');
		expect(email.rejected).toEqual([
			{
				address: 'front desk',
				reason: '"front desk" is not an email address',
				stage: 'validation',
			},
			{
				address: 'manager@glowmedspa',
				reason: '"manager@glowmedspa" has an invalid domain "glowmedspa"',
				stage: 'validation',
			},
		]);
	});
});

describe('Send Test Mail (a run started from the editor)', () => {
	it('sends to the Test Email instead of the contact, without Cc, with the attachments, and counts nothing', async () => {
		const manualRun = {
			id: 'aeManualTestMail',
			name: 'Manual test email',
			settings: { executionOrder: 'v1' },
			nodes: [
				{
					id: 'manual-trigger',
					name: 'Start',
					type: 'n8n-nodes-base.manualTrigger',
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
				},
				{
					...booking.nodes[1],
					id: 'manual-email',
					parameters: {
						...booking.nodes[1].parameters,
						contact: '={{ {"first_name": "Jane", "email": "jane@example.com"} }}',
						copies: { cc: 'frontdesk@glowmedspa.test' },
						testEmail: 'you@glowmedspa.test',
						attachments: {
							binary: [{ property: 'data' }],
							url: [{ url: fileUrl, fileName: '' }],
						},
					},
				},
			],
			connections: { Start: { main: [[{ node: EMAIL, type: 'main', index: 0 }]] } },
		};
		// The file n8n's Convert to File makes of a note: a text binary on the item.
		const note = Buffer.from('Keep the treated area out of the sun.');
		const items = [
			{
				json: { note: note.toString() },
				binary: {
					data: {
						data: note.toString('base64'),
						mimeType: 'text/plain',
						fileName: 'aftercare.txt',
						fileExtension: 'txt',
					},
				},
			},
		];
		const before = await store.deliveries.statisticsByActionName('aeManualTestMail', EMAIL);
		const run = await doubles.run(manualRun, { items, mode: 'manual' });
		const [mail] = await doubles.smtp.waitForMessages(1);
		expect(mail.envelope.to).toEqual(['you@glowmedspa.test']);
		expect(mail.cc).toEqual([]);
		expect(mail.attachments.map((a: { filename: string }) => a.filename)).toEqual([
			'aftercare.txt',
			'price list.pdf',
		]);
		expect(mail.attachments[0].content.toString()).toBe('Keep the treated area out of the sun.');
		expect(mail.attachments[1].content.toString()).toBe('%PDF-1.4 price list');
		expect(run.output(EMAIL)[0].email).toMatchObject({
			test: true,
			to: 'you@glowmedspa.test',
			cc: [],
			attachments: ['aftercare.txt', 'price list.pdf'],
		});
		expect(await store.deliveries.statisticsByActionName('aeManualTestMail', EMAIL)).toEqual(
			before,
		);
	});
});

describe('failures', () => {
	it('stops with a clear error when the SMTP server is down', async () => {
		const smtpDown = variant(booking, {
			id: 'aeBookingSmtpOff',
			path: 'booking-smtp-down',
			nodes: {
				[EMAIL]: (node: { credentials: Record<string, { id: string; name: string }> }) => {
					node.credentials.aesthetixSmtpApi = { id: 'aeSmtpDown000001', name: 'SMTP that is down' };
				},
			},
		});
		const run = await doubles.run(smtpDown, { body: appointmentBooked });
		expect(run.status).toBe('error');
		expect(run.error.message).toBe(
			'Could not reach the SMTP server at 127.0.0.1:1: the connection was refused (is the server running on that port?)',
		);
		expect(run.error.description).toMatch(/Check the host and port of the SMTP credential/);
		expect(run.lastNodeExecuted).toBe(EMAIL);
	});

	it('with Continue On Fail, sends the good items and reports the bad ones', async () => {
		const run = await doubles.run(perContact({ onError: 'continueRegularOutput' }), {
			items: contactItems([
				{ first_name: 'Ana', email: 'ana@example.com' },
				{ first_name: 'Bad', email: 'bad-address@' },
				{ first_name: 'Noemail' },
				{ first_name: 'Cy', email: 'cy@example.com' },
			]),
		});
		const mails = await doubles.smtp.waitForMessages(2);
		expect(mails.map((m: { envelope: { to: string[] } }) => m.envelope.to[0]).sort()).toEqual([
			'ana@example.com',
			'cy@example.com',
		]);
		const output = run.output(EMAIL);
		expect(output).toHaveLength(4);
		expect(output[0].email.status).toBe('accepted');
		expect(output[1].error.message).toBe(
			`The contact's email "bad-address@" has no domain after the @`,
		);
		expect(output[2].error.message).toBe('The contact has no email address');
		expect(output[3].email.status).toBe('accepted');
	});

	it('keeps as many emails in flight as the pool size, and the output in input order, paired, with errors in place', async () => {
		doubles.smtp.options.latencyMs = 40;
		const contacts = Array.from({ length: 12 }, (_, i) =>
			i % 4 === 1
				? { first_name: `Bad ${i}`, email: `bad${i}@` }
				: { first_name: `Guest ${i}`, email: `guest${i}@example.com` },
		);
		let run;
		try {
			run = await doubles.run(perContact({ onError: 'continueRegularOutput' }), {
				items: contactItems(contacts),
			});
		} finally {
			doubles.smtp.options.latencyMs = 0;
		}
		const output = run.output(EMAIL);
		expect(
			output.map((item: { contact: { first_name: string } }) => item.contact.first_name),
		).toEqual(contacts.map((c) => c.first_name));
		output.forEach(
			(
				item: { email?: { status: string; to: string }; error?: { message: string } },
				i: number,
			) => {
				if (i % 4 === 1)
					expect(item.error?.message).toBe(
						`The contact's email "bad${i}@" has no domain after the @`,
					);
				else expect(item.email).toMatchObject({ status: 'accepted', to: `guest${i}@example.com` });
			},
		);
		expect(doubles.smtp.messages).toHaveLength(9);
		// The credential's pool size is 2: two emails were in flight together, never more.
		expect(doubles.smtp.peakInFlight).toBe(2);
		expect(
			run.items(EMAIL).map((item: { pairedItem: { item: number } }) => item.pairedItem.item),
		).toEqual([...contacts.keys()]);
	});

	it('does not send an item twice when n8n retries the node', async () => {
		doubles.smtp.refuseRecipient('flaky@example.com', '4.2.1 Try again later', 1);
		const run = await doubles.run(
			perContact({ retryOnFail: true, maxTries: 2, waitBetweenTries: 100 }),
			{
				items: contactItems([
					{ first_name: 'Ana', email: 'ana@example.com' },
					{ first_name: 'Flaky', email: 'flaky@example.com' },
				]),
			},
		);
		expect(run.status).toBe('success');
		const recipients = doubles.smtp.messages.map(
			(m: { envelope: { to: string[] } }) => m.envelope.to[0],
		);
		expect(recipients.sort()).toEqual(['ana@example.com', 'flaky@example.com']);
		const output = run.output(EMAIL);
		expect(output[0].email.already_sent).toBe(true);
		expect(output[1].email.status).toBe('accepted');
	});
});

describe('Retry from the executions list', () => {
	it('fresh executions still both send the same content to the same contact', async () => {
		const jane = contactItems([{ first_name: 'Jane', email: 'jane.fresh@example.com' }]);
		for (let run = 0; run < 2; run++)
			expect((await doubles.run(perContact(), { items: jane })).status).toBe('success');
		const mails = await doubles.smtp.waitForMessages(2);
		expect(mails.map((m: { envelope: { to: string[] } }) => m.envelope.to[0])).toEqual([
			'jane.fresh@example.com',
			'jane.fresh@example.com',
		]);
		expect(mails[0].messageId).not.toBe(mails[1].messageId);
		expect(mails[0].html).toBe(mails[1].html);
	});
});
