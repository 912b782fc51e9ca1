/**
 * Send SMS and the workspace endpoint in a real n8n host against the Twilio double: the spec's
 * multi-stage reminder (waits shortened), STOP between the texts, delivery reports and clicks as
 * statistics, forged callbacks refused, bursts of callbacks. What one Send SMS step does with its
 * fields, Twilio's errors and Send Test SMS runs in process: test/inprocess/sendSms.test.ts.
 */
import type { WorkspaceStore } from '../../core/store/workspaceStore';
import { expectTextDelivered } from '../support/textDelivered';

const { startStack, exampleWorkflow, variant } = require('../support/stack');
const { reminders, FIRST, firstText, singleText, booked } = require('../support/reminderText');
const { twilioSignature } = require('../support/twilioDouble');
const { eventually } = require('../support/workflows');

jest.setTimeout(300_000);

type Stack = Awaited<ReturnType<typeof startStack>>;
type Text = { sid: string; to: string; body: string };
let stack: Stack;
let store: WorkspaceStore;

const endpoint = exampleWorkflow('workspace-endpoint.json');
const SECOND = '1-Hour Reminder SMS';
const shortWait = (seconds: number) => ({
	parameters: { resume: 'timeInterval', amount: seconds, unit: 'seconds' },
});

// The endpoint also starts its own workflow with each event, so tests can read what it recorded.
endpoint.nodes[0].parameters.emitEvents = true;

const workflows = [
	endpoint,
	variant(reminders, {
		id: 'aeReminderQuick1',
		path: 'reminders-quick',
		nodes: { 'Until 24 Hours Before': shortWait(1), 'Until 1 Hour Before': shortWait(4) },
	}),
	singleText('aeSingleText0001', 'single-text', {
		parameters: { ...firstText.parameters, message: '={{ $json.body.message }}' },
	}),
];

const textsTo = (to: string): Text[] => stack.twilio.messages.filter((m: Text) => m.to === to);

beforeAll(async () => {
	stack = await startStack({ name: 'send-sms', port: 5721, workflows });
	store = await stack.openWorkspace();
});

afterAll(async () => {
	await store?.close();
	await stack?.stop();
});

const inboundUrl = () => `${stack.host.baseUrl}/webhook/aesthetix/twilio/inbound`;
const statusUrl = () => `${stack.host.baseUrl}/webhook/aesthetix/twilio/status`;

describe('the multi-stage reminder', () => {
	it('texts the contact twice, after each wait, and counts both Delivered', async () => {
		await stack.trigger('reminders-quick', booked('+15551110001'));
		const [first] = await eventually(() => {
			const texts = textsTo('+15551110001');
			expect(texts).toHaveLength(1);
			return texts;
		});
		expect(first.from).toBe('+15550009999');
		expect(first.body).toBe(
			'Hi Jane, this is a reminder for your appointment tomorrow at 10:00 AM. Looking forward to seeing you!',
		);
		const texts = await eventually(() => {
			const all = textsTo('+15551110001');
			expect(all).toHaveLength(2);
			return all;
		}, 15_000);
		expect(
			texts[1].body.startsWith(
				`Hi Jane, see you in an hour at Glow Med Spa! Directions: ${stack.host.baseUrl}/webhook/aesthetix/c?t=`,
			),
		).toBe(true);
		await eventually(async () => {
			expect(
				await store.deliveries.statisticsByActionName('aeReminderQuick1', FIRST),
			).toMatchObject({ delivered: 1 });
			expect(
				await store.deliveries.statisticsByActionName('aeReminderQuick1', SECOND),
			).toMatchObject({ delivered: 1 });
		});
		const contact = await store.contacts.findByEmailOrPhone(null, '+15551110001');
		const log = await store.conversations.forContact(contact!.id);
		expect(log.map((m) => [m.channel, m.direction, m.action_name, m.status])).toEqual([
			['sms', 'outbound', FIRST, 'delivered'],
			['sms', 'outbound', SECOND, 'delivered'],
		]);
	});

	it('does not send the second text after the contact replies STOP', async () => {
		await stack.trigger('reminders-quick', booked('+15551110002'));
		await eventually(() => expect(textsTo('+15551110002')).toHaveLength(1));
		const reply = await stack.twilio.inbound(inboundUrl(), { from: '+15551110002', body: 'Stop' });
		expect(reply.status).toBe(200);
		expect(reply.body).toContain('<Response></Response>');
		const contact = await store.contacts.findByEmailOrPhone(null, '+15551110002');
		expect(contact?.sms_opted_out).toBe(true);
		expect(await store.consent.trail(contact!.id)).toEqual([
			expect.objectContaining({
				channel: 'sms',
				flag: 'sms_opted_out',
				opted_out: true,
				source: 'text_reply',
				detail: 'replied STOP',
			}),
		]);
		const before = await stack.host.lastExecutionId('aeReminderQuick1');
		await new Promise((r) => setTimeout(r, 6000));
		expect(textsTo('+15551110002')).toHaveLength(1);
		const execution = await stack.host.lastExecution('aeReminderQuick1', { after: before - 1 });
		const second = execution.data.resultData.runData[SECOND][0].data.main[0][0].json.sms;
		expect(second).toMatchObject({
			status: 'skipped',
			reason: 'The contact replied STOP and has opted out of texts',
		});
		const log = await store.conversations.forContact(contact!.id);
		expect(log.map((m) => [m.direction, m.body])).toContainEqual(['inbound', 'Stop']);
	});

	it('opts a contact back in on START and emits each event into the endpoint workflow', async () => {
		const before = await stack.host.lastExecutionId('aeWorkspaceEndpt');
		await stack.twilio.inbound(inboundUrl(), { from: '+15551110002', body: 'START' });
		const optedIn = (await store.contacts.findByEmailOrPhone(null, '+15551110002'))!;
		expect(optedIn.sms_opted_out).toBe(false);
		expect((await store.consent.trail(optedIn.id))[0]).toMatchObject({
			opted_out: false,
			source: 'text_reply',
			detail: 'replied START',
		});
		const execution = await stack.host.lastExecution('aeWorkspaceEndpt', { after: before });
		const events = execution.data.resultData.runData['Workspace Endpoint'][0].data.main[0].map(
			(i: { json: { event: string } }) => i.json.event,
		);
		expect(events).toEqual(['message.inbound', 'contact.opted_in']);
	});
});

describe('statistics from the workspace endpoint', () => {
	it('counts Failed from an undelivered report and Clicked from a tracked link', async () => {
		stack.twilio.deliverTo('+15551110003', 'undelivered', 30003);
		const failed = await stack.trigger('single-text', {
			...booked('+15551110003'),
			message: 'Hello',
		});
		expect(failed.json.sms.status).toBe('sent');
		const clicked = await stack.trigger('single-text', {
			...booked('+15551110004'),
			message: 'Your aftercare guide: https://glowmedspa.test/aftercare?x=1.',
		});
		const [text] = textsTo('+15551110004');
		const tracked = text.body.match(/http:\/\/\S+\?t=[0-9a-z]+\.[\w-]{12}/)![0];
		expect(text.body).toBe(`Your aftercare guide: ${tracked}.`);
		expect(clicked.json.sms.tracked_links).toEqual(['https://glowmedspa.test/aftercare?x=1']);
		const visit = await fetch(tracked, { redirect: 'manual' });
		expect(visit.status).toBe(302);
		expect(visit.headers.get('location')).toBe('https://glowmedspa.test/aftercare?x=1');
		const forged = await fetch(
			tracked.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
			{ redirect: 'manual' },
		);
		expect(forged.status).toBe(404);
		await eventually(async () => {
			const stats = await store.deliveries.statisticsByActionName('aeSingleText0001', FIRST);
			expect(stats).toMatchObject({ failed: 1, delivered: 1, clicked: 1 });
		});
		const record = await store.deliveries.byProviderId(textsTo('+15551110003')[0].sid);
		expect(record).toMatchObject({
			status: 'failed',
			provider_status: 'undelivered',
			error: 'Twilio error 30003',
		});
	});

	it('refuses forged or unsigned callbacks and changes nothing', async () => {
		const sent = await stack.trigger('single-text', {
			...booked('+15551110005'),
			message: 'Hello',
		});
		const sid = sent.json.sms.message_sid;
		await eventually(async () =>
			expect((await store.deliveries.byProviderId(sid))?.status).toBe('delivered'),
		);
		const params = {
			MessageSid: sid,
			MessageStatus: 'failed',
			AccountSid: stack.twilio.accountSid,
		};
		const post = (headers: Record<string, string>, url = statusUrl()) =>
			fetch(url, {
				method: 'POST',
				headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
				body: new URLSearchParams(params).toString(),
			});
		expect((await post({})).status).toBe(403);
		expect(
			(await post({ 'x-twilio-signature': twilioSignature('not-the-token', statusUrl(), params) }))
				.status,
		).toBe(403);
		const optOut = { From: '+15551110005', Body: 'STOP' };
		const forgedStop = await fetch(inboundUrl(), {
			method: 'POST',
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				'x-twilio-signature': twilioSignature('wrong', inboundUrl(), optOut),
			},
			body: new URLSearchParams(optOut).toString(),
		});
		expect(forgedStop.status).toBe(403);
		expect((await store.deliveries.byProviderId(sid))?.status).toBe('delivered');
		expect((await store.contacts.findByEmailOrPhone(null, '+15551110005'))?.sms_opted_out).toBe(
			false,
		);
	});
});

/** An inbound text as Twilio posts it, with the message id a retry of it carries again. */
const inboundText = (from: string, body: string, sid: string) => ({
	AccountSid: stack.twilio.accountSid,
	MessageSid: sid,
	SmsSid: sid,
	From: from,
	To: '+15550009999',
	Body: body,
	NumMedia: '0',
	ApiVersion: '2010-04-01',
});

/**
 * A callback posted as Twilio posts it, again while n8n answers 503 (its database check failing on a
 * busy machine, before the endpoint sees the request): Twilio retries those.
 */
async function delivered(post: () => Promise<{ status: number }>) {
	for (let attempt = 1; ; attempt++) {
		const answer = await post();
		if (answer.status !== 503 || attempt === 10) return answer;
		await new Promise((resolve) => setTimeout(resolve, 1000));
	}
}

describe('the workspace endpoint under a burst of callbacks at the same moment', () => {
	it('records every text once, honours every STOP and makes one contact per new number when its Hi and STOP arrive together, retried', async () => {
		const numbers = Array.from({ length: 30 }, (_, i) => `+1555333${String(i).padStart(4, '0')}`);
		const texts = numbers.flatMap((from, i) => [
			inboundText(from, 'Hi', `SM${'a'.repeat(26)}${String(i).padStart(6, '0')}`),
			inboundText(from, 'STOP', `SM${'b'.repeat(26)}${String(i).padStart(6, '0')}`),
		]);
		// Twilio posts a callback again when it got no answer in time: every fourth text comes twice.
		const retries = texts.filter((_, i) => i % 4 === 0);
		const answers = await Promise.all(
			[...texts, ...retries].map((params) =>
				delivered(() => stack.twilio.postSigned(inboundUrl(), params)),
			),
		);
		expect(answers.map((a: { status: number }) => a.status)).toEqual(answers.map(() => 200));

		const contacts = await store.db.all<{ phone: string; n: unknown; opted_out: unknown }>(
			`SELECT phone, COUNT(*) AS n, MIN(sms_opted_out) AS opted_out FROM contacts
			 WHERE phone LIKE '+1555333%' GROUP BY phone ORDER BY phone`,
		);
		expect(contacts.map((c) => [c.phone, Number(c.n), Number(c.opted_out)])).toEqual(
			numbers.map((phone) => [phone, 1, 1]),
		);
		const logged = await store.db.all<{ from_address: string; body: string; n: unknown }>(
			`SELECT from_address, body, COUNT(*) AS n FROM conversation_messages
			 WHERE direction = 'inbound' AND from_address LIKE '+1555333%'
			 GROUP BY from_address, body ORDER BY from_address, body`,
		);
		expect(logged.map((m) => [m.from_address, m.body, Number(m.n)])).toEqual(
			numbers.flatMap((from) => [
				[from, 'Hi', 1],
				[from, 'STOP', 1],
			]),
		);
	});

	it('moves each text to Delivered once when its sent and delivered reports arrive together, retried', async () => {
		stack.twilio.autoDeliver = false;
		const sids: string[] = [];
		try {
			for (let i = 0; i < 10; i++) {
				const sent = await stack.trigger('single-text', {
					...booked(`+1555444${String(i).padStart(4, '0')}`),
					message: 'See you soon',
				});
				sids.push(sent.json.sms.message_sid);
			}
			// Delivered first, sent late, and delivered again as Twilio retries it.
			const answers = await Promise.all(
				sids.flatMap((sid) =>
					['delivered', 'sent', 'delivered'].map((status) =>
						delivered(() => stack.twilio.statusCallback(sid, status)),
					),
				),
			);
			expect(answers.map((a: { status: number }) => a.status)).toEqual(answers.map(() => 204));
		} finally {
			stack.twilio.autoDeliver = true;
		}
		for (const sid of sids) await expectTextDelivered(store, sid);
	});
});
