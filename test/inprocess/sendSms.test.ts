/**
 * Send SMS through n8n's engine in process against the Twilio double: custom values beside n8n
 * expressions, a 429 survived, a Messaging Service as the sender, the errors a bad number gets,
 * a contact Twilio reported unsubscribed, and Send Test SMS. The multi-stage reminder (its waits),
 * the workspace endpoint's callbacks and STOP replies run in a real host: test/e2e/sendSms.test.ts.
 */
import type { WorkspaceStore } from '../../core/store/workspaceStore';

const { twilioCredential } = require('../support/stack');
const { startDoubles } = require('../support/inProcess');
const { manualWorkflow } = require('../support/workflows');
const { FIRST, firstText, singleText, booked } = require('../support/reminderText');

type Stack = Awaited<ReturnType<typeof startDoubles>>;
type Text = {
	sid: string;
	to: string;
	from: string | null;
	body: string;
	messaging_service_sid: string | null;
};
let stack: Stack;
let store: WorkspaceStore;

const SERVICE = 'MG' + 'a'.repeat(32);

const manualText = manualWorkflow('aeManualTestText', {
	...firstText,
	parameters: {
		...firstText.parameters,
		contact: '={{ {"first_name": "Jane", "phone": "+15551119999"} }}',
		message: 'Hi {{contact.first_name}}! Menu: https://glowmedspa.test/menu',
		attachments: { url: [{ url: 'https://files.glowmedspa.test/aftercare.pdf' }] },
	},
});

const workflows = [
	singleText('aeSingleText0001', 'single-text', {
		parameters: { ...firstText.parameters, message: '={{ $json.body.message }}' },
	}),
	singleText('aeMixedText00001', 'mixed-text', {
		parameters: {
			...firstText.parameters,
			// What the editor makes of a field once a value is dragged in: an expression, beside custom values.
			message:
				'=Hi {{ $json.body.contact.first_name }}{{contact.last_name}}, see you at {{appointment.only_start_time}}. Ref {{ $json.body.ref }}',
		},
	}),
	singleText('aeServiceText001', 'service-text', {
		credentials: {
			...firstText.credentials,
			aesthetixTwilioApi: { id: 'aeTwilioService1', name: 'Twilio via Messaging Service' },
		},
	}),
];

/** Bookings, each confirmed by email, then texted: the SMS reads the contact from the booking its item came from. */
const afterEmail = {
	id: 'aeAfterEmail0001',
	name: 'Text after the email',
	active: false,
	settings: { executionOrder: 'v1' },
	nodes: [
		{
			id: 'bookings',
			name: 'Bookings',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: 'email',
			name: 'Confirmation Email',
			type: 'n8n-nodes-aesthetix.sendEmail',
			typeVersion: 1,
			position: [200, 0],
			parameters: {
				contact: '={{ $json.contact }}',
				fromEmail: 'hello@glowmedspa.test',
				subject: 'Booked',
				message: '<p>See you, {{contact.first_name}}.</p>',
			},
			credentials: {
				aesthetixSmtpApi: { id: 'aeSmtpLocal00001', name: 'Local SMTP' },
				aesthetixWorkspaceApi: firstText.credentials.aesthetixWorkspaceApi,
			},
		},
		{
			...firstText,
			id: 'text',
			position: [400, 0],
			parameters: {
				...firstText.parameters,
				contact: "={{ $('Bookings').item.json.contact }}",
				message: 'Hi {{contact.first_name}}, see you tomorrow.',
			},
		},
	],
	connections: {
		Bookings: { main: [[{ node: 'Confirmation Email', type: 'main', index: 0 }]] },
		'Confirmation Email': { main: [[{ node: FIRST, type: 'main', index: 0 }]] },
	},
};

const textsTo = (to: string): Text[] => stack.twilio.messages.filter((m: Text) => m.to === to);

beforeAll(async () => {
	stack = await startDoubles({
		workflows,
		extraCredentials: ({ twilio }: { twilio: { accountSid: string } }) => [
			twilioCredential(twilio, {
				id: 'aeTwilioService1',
				name: 'Twilio via Messaging Service',
				data: {
					...twilioCredential(twilio).data,
					senderType: 'messagingService',
					messagingServiceSid: SERVICE,
				},
			}),
		],
	});
	store = await stack.openWorkspace();
});

afterAll(async () => {
	await stack?.stop();
});

describe('Send Test SMS (a run started from the editor)', () => {
	it('texts the Test Phone Number instead of the contact, with the attachment link, and counts nothing', async () => {
		// The editor's run is n8n's manual mode, the mode Send Test SMS reads.
		const run = await stack.run(manualText, { mode: 'manual' });
		expect(run.status).toBe('success');
		const [text] = await stack.twilio.waitForMessages(1);
		expect(text).toMatchObject({
			to: '+15550001000',
			body: 'Hi Jane! Menu: https://glowmedspa.test/menu\nhttps://files.glowmedspa.test/aftercare.pdf',
		});
		expect(textsTo('+15551119999')).toHaveLength(0);
		expect(run.output(FIRST)[0].sms).toMatchObject({
			test: true,
			status: 'sent',
			to: '+15550001000',
		});
		expect(await store.deliveries.statisticsByActionName('aeManualTestText', FIRST)).toEqual({});
	});
});

describe('sending', () => {
	it('renders custom values and n8n expressions mixed in one expression field, listing the blank ones', async () => {
		const { json } = await stack.trigger('mixed-text', {
			...booked('+15551110042'),
			ref: 'A{{contact.phone}}',
		});
		const [text] = textsTo('+15551110042');
		expect(text.body).toMatch(
			/^Hi Jane, see you at \d{1,2}:\d{2} [AP]M\. Ref A\{\{contact\.phone\}\}$/,
		);
		expect(json.sms.blank_merge_fields).toEqual(['contact.last_name']);
	});

	it("reads the contact from an earlier node's item, as n8n pairs items, and leaves a node that is not there to n8n", async () => {
		const guests = ['Ada', 'Bo', 'Cy'].map((first_name, n) => ({
			first_name,
			email: `${first_name.toLowerCase()}@example.com`,
			phone: `+1555111020${n}`,
		}));
		const run = await stack.run(afterEmail, {
			items: guests.map((contact) => ({ json: { contact } })),
		});
		expect(run.status).toBe('success');
		expect(run.output(FIRST).map((o: { sms: { to: string } }) => o.sms.to)).toEqual(
			guests.map((g) => g.phone),
		);
		for (const guest of guests)
			expect(textsTo(guest.phone).map((t) => t.body)).toEqual([
				`Hi ${guest.first_name}, see you tomorrow.`,
			]);
		const nowhere = JSON.parse(JSON.stringify(afterEmail));
		nowhere.nodes[2].parameters.contact = "={{ $('Nowhere').item.json.contact }}";
		const failed = await stack.run(nowhere, { items: [{ json: { contact: guests[0] } }] });
		expect(failed.status).toBe('error');
		expect(failed.error.message).toBe("Referenced node doesn't exist");
	});

	it('retries a 429 with backoff and sends once', async () => {
		stack.twilio.rateLimitNext(2);
		const { json } = await stack.trigger('single-text', {
			...booked('+15551110006'),
			message: 'Hello',
		});
		expect(json.sms.status).toBe('sent');
		expect(textsTo('+15551110006')).toHaveLength(1);
		expect(stack.twilio.rejections.filter((r: { code: number }) => r.code === 20429)).toHaveLength(
			2,
		);
	});

	it('sends through a Messaging Service SID as well as through a number', async () => {
		const { json } = await stack.trigger('service-text', booked('+15551110007'));
		const [text] = textsTo('+15551110007');
		expect(text).toMatchObject({ from: null, messaging_service_sid: SERVICE });
		expect(json.sms).toMatchObject({ status: 'sent', from: `Messaging Service ${SERVICE}` });
	});

	it.each([
		['555-123-456', 'The contact\'s phone "555-123-456" has the wrong number of digits for US'],
		[
			'+44 20 7946 0958',
			'The contact\'s phone "+44 20 7946 0958" is a landline, which cannot receive texts',
		],
		['+15005550001', '+15005550001 is not a valid phone number (Twilio error 21211)'],
		[
			'+15005550009',
			'+15005550009 cannot receive texts: it is a landline or not SMS-capable (Twilio error 21614)',
		],
		[
			'+15005550003',
			"Sending to +15005550003 needs its region enabled in the Twilio console's Messaging Geo Permissions (Twilio error 21408)",
		],
		[
			'+15005550004',
			'+15005550004 has opted out of texts from this sender by replying STOP (Twilio error 21610)',
		],
	])('explains a bad number %s', async (phone, message) => {
		const { status, run } = await stack.trigger('single-text', {
			...booked(phone),
			message: 'Hello',
		});
		expect(status).toBe('error');
		expect(run.error.message).toBe(message);
		expect(textsTo(phone)).toHaveLength(0);
	});

	it('skips, and never texts, a contact Twilio reported as unsubscribed', async () => {
		// The 21610 above told the workspace this number replied STOP.
		const { json } = await stack.trigger('single-text', {
			...booked('+15005550004'),
			message: 'Hello again',
		});
		expect(json.sms).toMatchObject({
			status: 'skipped',
			reason: 'The contact replied STOP and has opted out of texts',
		});
		expect(stack.twilio.rejections.filter((r: { code: number }) => r.code === 21610)).toHaveLength(
			1,
		);
	});
});
