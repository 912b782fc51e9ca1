import { createServer, type Server } from 'node:http';

/**
 * Send Email in a real n8n 2.41.1 host, installed from this package's npm tarball, against a real
 * SMTP server on loopback: the spec's booking confirmation and the failures a user meets.
 */
import type { WorkspaceStore } from '../../core/store/workspaceStore';

const { startStack, exampleWorkflow, variant } = require('../support/stack');

jest.setTimeout(300_000);

type Stack = Awaited<ReturnType<typeof startStack>>;
let stack: Stack;
let store: WorkspaceStore;

const booking = exampleWorkflow('booking-confirmation.json');
const EMAIL = 'Booking Confirmation Email';
// Moves with the checkout's port block, like the n8n host (AESTHETIX_PORT_OFFSET).
const FILE_PORT = 5798 + Number(process.env.AESTHETIX_PORT_OFFSET || 0);
let files: Server;

/** Runs from the editor: Send Test Mail replaces the contact, and only there. */
const manualRun = {
	id: 'aeManualTestMail',
	name: 'Manual test email',
	active: false,
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
			id: 'visit-notes',
			name: 'Visit Notes',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [60, 0],
			parameters: {
				assignments: {
					assignments: [
						{
							id: 'n1',
							name: 'note',
							value: 'Keep the treated area out of the sun.',
							type: 'string',
						},
					],
				},
				options: {},
			},
		},
		{
			id: 'note-to-file',
			name: 'Aftercare Note',
			type: 'n8n-nodes-base.convertToFile',
			typeVersion: 1.1,
			position: [130, 0],
			parameters: {
				operation: 'toText',
				sourceProperty: 'note',
				options: { fileName: 'aftercare.txt' },
			},
		},
		{
			...booking.nodes[1],
			id: 'manual-email',
			position: [260, 0],
			parameters: {
				...booking.nodes[1].parameters,
				contact: '={{ {"first_name": "Jane", "email": "jane@example.com"} }}',
				copies: { cc: 'frontdesk@glowmedspa.test' },
				testEmail: 'you@glowmedspa.test',
				attachments: {
					binary: [{ property: 'data' }],
					url: [{ url: `http://127.0.0.1:${FILE_PORT}/files/price%20list.pdf`, fileName: '' }],
				},
			},
		},
	],
	connections: {
		Start: { main: [[{ node: 'Visit Notes', type: 'main', index: 0 }]] },
		'Visit Notes': { main: [[{ node: 'Aftercare Note', type: 'main', index: 0 }]] },
		'Aftercare Note': { main: [[{ node: EMAIL, type: 'main', index: 0 }]] },
	},
};

const workflows = [
	booking,
	variant(booking, {
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
	}),
	variant(booking, {
		id: 'aeBookingSmtpOff',
		path: 'booking-smtp-down',
		nodes: {
			[EMAIL]: (node: { credentials: Record<string, { id: string; name: string }> }) => {
				node.credentials.aesthetixSmtpApi = { id: 'aeSmtpDown000001', name: 'SMTP that is down' };
			},
		},
	}),
	variant(booking, {
		id: 'aeBookingBatch01',
		path: 'booking-batch',
		nodes: {
			'Appointment Booked': {
				parameters: {
					httpMethod: 'POST',
					path: 'booking-batch',
					responseMode: 'lastNode',
					responseData: 'allEntries',
					options: {},
				},
			},
			[EMAIL]: {
				onError: 'continueRegularOutput',
				parameters: { contact: '={{ $json.contact }}' },
			},
		},
	}),
	manualRun,
	variant(booking, {
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
	}),
	variant(booking, {
		id: 'aeBookingRetry01',
		path: 'booking-retry',
		nodes: {
			'Appointment Booked': {
				parameters: {
					httpMethod: 'POST',
					path: 'booking-retry',
					responseMode: 'lastNode',
					responseData: 'allEntries',
					options: {},
				},
			},
			[EMAIL]: {
				retryOnFail: true,
				maxTries: 2,
				waitBetweenTries: 100,
				parameters: { contact: '={{ $json.contact }}' },
			},
		},
	}),
];

/** The batch variants get their contacts split into items by n8n's own Split Out node. */
for (const workflow of workflows.filter((w) =>
	['aeBookingBatch01', 'aeBookingRetry01'].includes(w.id),
)) {
	const splitter = {
		id: `${workflow.id}-split`,
		name: 'One Item per Contact',
		type: 'n8n-nodes-base.splitOut',
		typeVersion: 1,
		position: [130, 0],
		parameters: {
			fieldToSplitOut: 'body.contacts',
			include: 'noOtherFields',
			options: { destinationFieldName: 'contact' },
		},
	};
	workflow.nodes.push(splitter);
	workflow.connections = {
		'Appointment Booked': { main: [[{ node: splitter.name, type: 'main', index: 0 }]] },
		[splitter.name]: { main: [[{ node: EMAIL, type: 'main', index: 0 }]] },
	};
}

const appointmentBooked = {
	contact: {
		first_name: 'Jane',
		last_name: 'Doe',
		email: 'jane@example.com',
		phone: '+15551234567',
	},
	appointment: { title: 'HydraFacial', start_time: '2026-12-01T15:00:00Z' },
};

beforeAll(async () => {
	files = createServer((req, res) => {
		if (req.url === '/files/price%20list.pdf')
			res.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF-1.4 price list');
		else res.writeHead(404).end();
	});
	await new Promise<void>((resolve) => files.listen(FILE_PORT, '127.0.0.1', resolve));
	stack = await startStack({
		name: 'send-email',
		port: 5701,
		workflows,
		extraCredentials: () => [
			{
				id: 'aeSmtpDown000001',
				name: 'SMTP that is down',
				type: 'aesthetixSmtpApi',
				data: { host: '127.0.0.1', port: 1, secure: false, starttls: 'never', poolSize: 1 },
			},
		],
	});
	store = await stack.openWorkspace();
});

afterAll(async () => {
	await store?.close();
	await stack?.stop();
	await new Promise((resolve) => files?.close(resolve));
});

beforeEach(() => stack.smtp.reset());

describe('the booking confirmation example', () => {
	it('emails the contact from the practice with the appointment date and time', async () => {
		const { status, json } = await stack.trigger('appointment-booked', appointmentBooked);
		expect(status).toBe(200);
		const [mail] = await stack.smtp.waitForMessages(1);
		expect(mail.from).toEqual({ name: 'Glow Med Spa', address: 'hello@glowmedspa.test' });
		expect(mail.envelope.to).toEqual(['jane@example.com']);
		expect(mail.subject).toBe('Thanks for booking with us');
		expect(mail.html).toContain('Hi Jane,');
		expect(mail.html).toContain(
			'Your appointment is scheduled for Tuesday, December 1, 2026 at 10:00 AM.',
		);
		expect(mail.html).toContain('We look forward to seeing you on Tuesday, December 1, 2026.');
		expect(mail.text).toContain('Call us at +15550001111.');
		expect(json.email).toMatchObject({
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
		const { json } = await stack.trigger('appointment-booked', {
			contact: { email: 'no-appointment@example.com' },
		});
		const [mail] = await stack.smtp.waitForMessages(1);
		expect(mail.html).toContain('Hi ,');
		expect(mail.html).toContain('Your appointment is scheduled for .');
		expect(json.email.blank_merge_fields).toEqual([
			'contact.first_name',
			'appointment.start_time',
			'appointment.only_start_date',
		]);
	});
});

describe('custom values in a field that became an n8n expression', () => {
	it('renders both in the subject and the body; values from n8n are not read as custom values', async () => {
		const { json } = await stack.trigger('booking-mixed', {
			...appointmentBooked,
			note: 'bring {{contact.email}} & a smile',
		});
		const [mail] = await stack.smtp.waitForMessages(1);
		expect(mail.subject).toBe('HydraFacial for Jane');
		expect(mail.html).toContain(
			'<p>Hi Jane, bring {{contact.email}} & a smile on Tuesday, December 1, 2026.</p>',
		);
		expect(json.email.blank_merge_fields).toEqual(['contact.nickname']);
	});
});

describe('Cc and Bcc', () => {
	it('skips the invalid addresses and reports them, while the valid ones receive the email', async () => {
		const { json } = await stack.trigger('booking-with-cc', appointmentBooked);
		const [mail] = await stack.smtp.waitForMessages(1);
		expect(mail.envelope.to.sort()).toEqual([
			'frontdesk@glowmedspa.test',
			'jane@example.com',
			'records@glowmedspa.test',
		]);
		expect(mail.cc).toEqual(['frontdesk@glowmedspa.test']);
		expect(json.email.status).toBe('accepted');
		expect(json.email.rejected).toEqual([
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
		const before = await store.deliveries.statisticsByActionName('aeManualTestMail', EMAIL);
		const { executionId } = (
			await stack.host.rest('/workflows/aeManualTestMail/run', {
				method: 'POST',
				body: { triggerToStartFrom: { name: 'Start' } },
			})
		).data;
		const [mail] = await stack.smtp.waitForMessages(1);
		expect(mail.envelope.to).toEqual(['you@glowmedspa.test']);
		expect(mail.cc).toEqual([]);
		expect(mail.attachments.map((a: { filename: string }) => a.filename)).toEqual([
			'aftercare.txt',
			'price list.pdf',
		]);
		expect(mail.attachments[0].content.toString()).toBe('Keep the treated area out of the sun.');
		expect(mail.attachments[1].content.toString()).toBe('%PDF-1.4 price list');
		const execution = await stack.host.finishedExecution(executionId);
		const output = execution.data.resultData.runData[EMAIL][0].data.main[0][0].json;
		expect(output.email).toMatchObject({
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
		const before = await stack.host.lastExecutionId('aeBookingSmtpOff');
		const { status } = await stack.trigger('booking-smtp-down', appointmentBooked);
		expect(status).toBe(500);
		const execution = await stack.host.lastExecution('aeBookingSmtpOff', { after: before });
		expect(execution.status).toBe('error');
		const error = execution.data.resultData.error;
		expect(error.message).toBe(
			'Could not reach the SMTP server at 127.0.0.1:1: the connection was refused (is the server running on that port?)',
		);
		expect(error.description).toMatch(/Check the host and port of the SMTP credential/);
		expect(execution.data.resultData.lastNodeExecuted).toBe(EMAIL);
	});

	it('with Continue On Fail, sends the good items and reports the bad ones', async () => {
		const { json } = await stack.trigger('booking-batch', {
			contacts: [
				{ first_name: 'Ana', email: 'ana@example.com' },
				{ first_name: 'Bad', email: 'bad-address@' },
				{ first_name: 'Noemail' },
				{ first_name: 'Cy', email: 'cy@example.com' },
			],
		});
		const mails = await stack.smtp.waitForMessages(2);
		expect(mails.map((m: { envelope: { to: string[] } }) => m.envelope.to[0]).sort()).toEqual([
			'ana@example.com',
			'cy@example.com',
		]);
		expect(json).toHaveLength(4);
		expect(json[0].email.status).toBe('accepted');
		expect(json[1].error.message).toBe(
			`The contact's email "bad-address@" has no domain after the @`,
		);
		expect(json[2].error.message).toBe('The contact has no email address');
		expect(json[3].email.status).toBe('accepted');
	});

	it('keeps as many emails in flight as the pool size, and the output in input order, paired, with errors in place', async () => {
		stack.smtp.options.latencyMs = 40;
		const contacts = Array.from({ length: 12 }, (_, i) =>
			i % 4 === 1
				? { first_name: `Bad ${i}`, email: `bad${i}@` }
				: { first_name: `Guest ${i}`, email: `guest${i}@example.com` },
		);
		const before = await stack.host.lastExecutionId('aeBookingBatch01');
		try {
			const { json } = await stack.trigger('booking-batch', { contacts });
			expect(
				json.map((item: { contact: { first_name: string } }) => item.contact.first_name),
			).toEqual(contacts.map((c) => c.first_name));
			json.forEach(
				(
					item: { email?: { status: string; to: string }; error?: { message: string } },
					i: number,
				) => {
					if (i % 4 === 1)
						expect(item.error?.message).toBe(
							`The contact's email "bad${i}@" has no domain after the @`,
						);
					else
						expect(item.email).toMatchObject({ status: 'accepted', to: `guest${i}@example.com` });
				},
			);
		} finally {
			stack.smtp.options.latencyMs = 0;
		}
		expect(stack.smtp.messages).toHaveLength(9);
		// The credential's pool size is 2: two emails were in flight together, never more.
		expect(stack.smtp.peakInFlight).toBe(2);
		const execution = await stack.host.lastExecution('aeBookingBatch01', { after: before });
		const output = execution.data.resultData.runData[EMAIL][0].data.main[0];
		expect(output.map((item: { pairedItem: { item: number } }) => item.pairedItem.item)).toEqual([
			...contacts.keys(),
		]);
	});

	it('does not send an item twice when n8n retries the node', async () => {
		stack.smtp.refuseRecipient('flaky@example.com', '4.2.1 Try again later', 1);
		const { status, json } = await stack.trigger('booking-retry', {
			contacts: [
				{ first_name: 'Ana', email: 'ana@example.com' },
				{ first_name: 'Flaky', email: 'flaky@example.com' },
			],
		});
		expect(status).toBe(200);
		await stack.smtp.waitForMessages(2);
		await new Promise((r) => setTimeout(r, 500));
		const recipients = stack.smtp.messages.map(
			(m: { envelope: { to: string[] } }) => m.envelope.to[0],
		);
		expect(recipients.sort()).toEqual(['ana@example.com', 'flaky@example.com']);
		expect(json[0].email.already_sent).toBe(true);
		expect(json[1].email.status).toBe('accepted');
	});
});
