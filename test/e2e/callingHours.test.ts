/**
 * Calling Hours in a real n8n host against the Twilio double. Outside 8 AM to 9 PM for the contact,
 * Call, Voicemail and Send SMS set to wait keep the item and the execution waits in n8n, dialing and
 * texting nobody; the workspace endpoint's waker resumes the node when the window opens, the checks
 * run again (a STOP overnight counts), and the execution finishes with the outcome. Skip With the
 * Reason, which waits for nothing, runs in process: test/inprocess/call.test.ts.
 *
 * The host reads the time Calling Hours decides by from a clock file (AESTHETIX_CLOCK_FILE, the
 * stack's `clockFile`): with no file it is the real time; each test that needs the window to open
 * writes the moment it opens.
 */
import { rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WorkspaceStore } from '../../core/store/workspaceStore';
import { serveAudioFiles } from '../support/audioFiles';

const { startStack, exampleWorkflow, variant } = require('../support/stack');
const { eventually } = require('../support/workflows');
const { zoneAtLocalHour } = require('../support/timeZones');

jest.setTimeout(300_000);

type Stack = Awaited<ReturnType<typeof startStack>>;
type DoubleCall = {
	sid: string;
	to: string;
	status: string;
	answered_by?: string | null;
	heard: Array<{ verb: string }>;
};
type Text = { sid: string; to: string; body: string };
type Execution = {
	id: string;
	status: string;
	data: {
		resultData: {
			lastNodeExecuted: string;
			runData: Record<
				string,
				Array<{ data: { main: Array<Array<{ json: Record<string, unknown> }>> } }>
			>;
		};
	};
};

let stack: Stack;
let store: WorkspaceStore;
let files: Awaited<ReturnType<typeof serveAudioFiles>> | undefined;
let filesBase: string;
let markers: http.Server | undefined;

const MAYA = '+15550002001';
const CALL = 'Appointment Call Reminder';
const VOICEMAIL = 'No-Show Voicemail';
const SMS = 'Reminder SMS';

const reminder = exampleWorkflow('appointment-call-reminder.json');
const noShow = exampleWorkflow('no-show-voicemail.json');

/** The Call step at version 1.1, whose Calling Hours waits by default. */
const callAt11 = (id: string, path: string, parameters: Record<string, unknown> = {}) =>
	variant(reminder, {
		id,
		path,
		nodes: {
			[CALL]: { typeVersion: 1.1, parameters: { ...reminder.nodes[1].parameters, ...parameters } },
		},
	});

/** Webhook → Split Out (one item per contact) → Send SMS 1.1 set to wait → Done. */
function smsWorkflow(id: string, path: string) {
	const workflow = variant(reminder, { id, path });
	const [hook, , done] = workflow.nodes;
	workflow.nodes = [
		hook,
		{
			id: `${id}-split`,
			name: 'One Item per Contact',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			position: [120, 0],
			parameters: { fieldToSplitOut: 'body.contacts', options: {} },
		},
		{
			id: `${id}-sms`,
			name: SMS,
			type: 'n8n-nodes-aesthetix.sendSms',
			typeVersion: 1.1,
			position: [240, 0],
			webhookId: `0c1d2e3f-4a5b-4c6d-8e7f-${id.slice(-12).toLowerCase()}`,
			parameters: {
				contact: '={{ $json.contact }}',
				message: 'See you tomorrow, {{contact.first_name}}!',
				callingHours: 'wait',
			},
			credentials: reminder.nodes[1].credentials,
		},
		{ ...done, position: [360, 0] },
	];
	workflow.connections = {
		[hook.name]: { main: [[{ node: 'One Item per Contact', type: 'main', index: 0 }]] },
		'One Item per Contact': { main: [[{ node: SMS, type: 'main', index: 0 }]] },
		[SMS]: { main: [[{ node: done.name, type: 'main', index: 0 }]] },
	};
	return workflow;
}

const workflows = [
	exampleWorkflow('workspace-endpoint.json'),
	callAt11('aeHoursCallWait1', 'hours-call-wait'),
	callAt11('aeHoursCallStop1', 'hours-call-stop', { stopOnResponse: true }),
	variant(noShow, {
		id: 'aeHoursVoicemai1',
		path: 'hours-voicemail',
		nodes: { [VOICEMAIL]: { typeVersion: 1.1 } },
	}),
	smsWorkflow('aeHoursSmsWait01', 'hours-sms-wait'),
];

const output = (execution: Execution, node: string) =>
	execution.data.resultData.runData[node].at(-1)!.data.main[0];
const callsTo = (number: string): DoubleCall[] =>
	stack.twilio.voice.calls.filter((c: DoubleCall) => c.to === number);
const textsTo = (to: string): Text[] => stack.twilio.messages.filter((m: Text) => m.to === to);
const inboundUrl = () => `${stack.host.baseUrl}/webhook/aesthetix/twilio/inbound`;

let seq = 0;
const nextPhone = () => `+1555888${String(1000 + seq++)}`;
/** A contact for whom it is 3 AM now: the window opens at 8 AM, five hours or less away. */
const atNight = (contact: Record<string, unknown>) => ({
	timezone: zoneAtLocalHour(3),
	...contact,
});
const atMidday = (contact: Record<string, unknown>) => ({
	timezone: zoneAtLocalHour(12),
	...contact,
});

/** Triggers a workflow and returns its execution once n8n has put it to wait. */
async function startWaiting(workflowId: string, path: string, body: unknown): Promise<Execution> {
	const before = await stack.host.lastExecutionId(workflowId);
	expect((await stack.trigger(path, body)).status).toBe(200);
	return eventually(async () => {
		const execution = await stack.host.lastExecution(workflowId, { after: before });
		expect(execution.status).toBe('waiting');
		return execution;
	}, 60_000);
}

async function finished(execution: Execution): Promise<Execution> {
	return eventually(async () => {
		const done = await stack.host.finishedExecution(execution.id);
		expect(done.status).toBe('success');
		return done;
	}, 90_000);
}

/** The item the node keeps while the execution waits. */
async function kept(execution: Execution) {
	const rows = await store.db.all<{
		id: number;
		node_id: string;
		status: string;
		opens_at: string;
		item_index: number;
		resume_url: string;
	}>('SELECT * FROM deferred_items WHERE execution_id = ? ORDER BY item_index', [execution.id]);
	return rows;
}

function expectOpensAtEightLocal(opensAt: string, timeZone: string) {
	const at = new Date(opensAt);
	expect(
		new Intl.DateTimeFormat('en-US', {
			timeZone,
			hour: '2-digit',
			minute: '2-digit',
			hourCycle: 'h23',
		}).format(at),
	).toBe('08:00');
	expect(at.getTime()).toBeGreaterThan(Date.now());
	expect(at.getTime() - Date.now()).toBeLessThanOrEqual(5 * 3_600_000);
}

/** The moment the contact's window opens, as the host's clock. */
const openWindow = (opensAt: string) =>
	writeFileSync(stack.clockFile, new Date(Date.parse(opensAt) + 1000).toISOString());

/** The waker looks every 500 ms: three looks without a call show that nothing goes out early. */
const severalWakerTicks = () => new Promise((r) => setTimeout(r, 1500));

/** Resume URLs of marker items, called by the waker when it claims them: one waiter per marker. */
const markerPosts = new Map<string, () => void>();
let markerSeq = 0;

/**
 * Resolves when the endpoint's waker claims and posts an item kept after this call: a marker that is
 * due at once, whose resume URL is this test's listener. The tick that takes it began after the call.
 */
async function wakerTakesMarker(): Promise<void> {
	const id = `waker-marker-${++markerSeq}`;
	const posted = new Promise<void>((resolve) => markerPosts.set(`/${id}`, resolve));
	const { port } = markers!.address() as AddressInfo;
	const marker = await store.deferredItems.keep({
		execution_id: id,
		node_id: 'marker',
		item_index: 0,
		action: 'sms',
		status: 'waiting',
		opens_at: '2000-01-01T00:00:00.000Z',
		resume_url: `http://127.0.0.1:${port}/${id}`,
		identity: {},
		input: {},
		item: {},
	});
	await posted;
	// Nothing resumes the marker: it is set aside so no later tick takes it again.
	await store.deferredItems.update(marker.id, { status: 'moved_on' });
}

/**
 * One whole waker tick that began after this call has run: ticks never overlap, so the tick that
 * takes a second marker starts only after the one that took the first (and posted every item it
 * claimed with it) has finished.
 */
async function aWholeWakerTick(): Promise<void> {
	await wakerTakesMarker();
	await wakerTakesMarker();
}

beforeAll(async () => {
	files = await serveAudioFiles();
	filesBase = files.base;
	markers = http.createServer((req, res) => {
		markerPosts.get(req.url ?? '')?.();
		res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
	});
	await new Promise<void>((r) => markers!.listen(0, '127.0.0.1', r));
	stack = await startStack({
		name: 'calling-hours',
		port: 5801,
		workflows,
		clock: true,
	});
	store = await stack.openWorkspace();
	await store.teamUsers.create({
		name: 'Maya Lopez',
		email: 'maya@glowmedspa.test',
		phone: MAYA,
		role: 'provider',
	});
});

afterAll(async () => {
	await store?.close();
	await stack?.stop();
	await files?.close();
	await new Promise((r) => (markers ? markers.close(r) : r(undefined)));
});

beforeEach(() => stack.twilio.reset());
afterEach(() => rmSync(stack.clockFile, { force: true }));

describe('Calling Hours: Wait Until the Window Opens (the default of Call and Voicemail 1.1)', () => {
	it('Call: the execution waits dialing nobody, then calls when the window opens and finishes with the outcome', async () => {
		const phone = nextPhone();
		const contact = atNight({ first_name: 'Nia', phone, assigned_user: 'maya@glowmedspa.test' });
		stack.twilio.voice.answerAs(MAYA, { pressAfter: 1, talkSeconds: 300 });
		stack.twilio.voice.answerAs(phone, { talkSeconds: 30 });
		const execution = await startWaiting('aeHoursCallWait1', 'hours-call-wait', {
			contact,
			appointment: { start_time: '2026-12-01T15:00:00Z' },
		});

		const [item] = output(execution, CALL);
		expect(item.json.call).toMatchObject({
			status: 'waiting',
			reason: expect.stringMatching(
				/^Outside calling hours \(8 AM to 9 PM\): it is 3:\d\d AM for the contact .*waiting until the window opens$/,
			),
		});
		const [row] = await kept(execution);
		expect(row.status).toBe('waiting');
		expectOpensAtEightLocal(row.opens_at, contact.timezone);
		await severalWakerTicks();
		expect(stack.twilio.voice.calls).toHaveLength(0);
		expect((await stack.host.finishedExecution(execution.id)).status).toBe('waiting');

		openWindow(row.opens_at);
		const done = await finished(execution);
		expect(done.data.resultData.lastNodeExecuted).toBe('Call Finished');
		expect(callsTo(MAYA)).toHaveLength(1);
		expect(callsTo(phone)).toHaveLength(1);
		expect(output(done, CALL)[0].json.call).toMatchObject({
			outcome: 'connected',
			routed_to: 'assigned_user',
			contact: { number: phone, duration: 30 },
		});
		expect((await kept(execution))[0].status).toBe('done');
	});

	it('Call: a contact who texts STOP while the call waits is not called (Stop on Response), with the reason on the contact', async () => {
		const phone = nextPhone();
		const contact = atNight({ first_name: 'Ode', phone, assigned_user: 'maya@glowmedspa.test' });
		const execution = await startWaiting('aeHoursCallStop1', 'hours-call-stop', {
			contact,
			appointment: { start_time: '2026-12-01T15:00:00Z' },
		});
		const [row] = await kept(execution);
		expect((await stack.twilio.inbound(inboundUrl(), { from: phone, body: 'STOP' })).status).toBe(
			200,
		);

		openWindow(row.opens_at);
		const done = await finished(execution);
		expect(stack.twilio.voice.calls).toHaveLength(0);
		// Stop on Response ends the contact's run: no item goes on.
		expect(output(done, CALL)).toEqual([]);
		const record = await store.contacts.findByEmailOrPhone(null, phone);
		const log = await store.conversations.forContact(record!.id);
		expect(log.at(-1)).toMatchObject({
			status: 'stopped_on_response',
			body: expect.stringMatching(
				/^Appointment Call Reminder: the workflow stopped for this contact\. The contact replied by text at /,
			),
		});
	});

	it('Voicemail: waits, then leaves the voicemail when the window opens', async () => {
		const phone = nextPhone();
		const contact = atNight({ first_name: 'Pax', phone });
		stack.twilio.voice.answerAs(phone, { answer: 'machine' });
		const execution = await startWaiting('aeHoursVoicemai1', 'hours-voicemail', {
			contact,
			recording_url: `${filesBase}/reschedule-128k.mp3`,
		});
		expect(output(execution, VOICEMAIL)[0].json.voicemail).toMatchObject({ status: 'waiting' });
		const [row] = await kept(execution);
		expectOpensAtEightLocal(row.opens_at, contact.timezone);
		await severalWakerTicks();
		expect(stack.twilio.voice.calls).toHaveLength(0);

		openWindow(row.opens_at);
		const done = await finished(execution);
		const [call] = callsTo(phone);
		expect(call).toMatchObject({ answered_by: 'machine_end_beep', status: 'completed' });
		expect(call.heard.map((h) => h.verb)).toEqual(['Play', 'Hangup']);
		expect(output(done, VOICEMAIL)[0].json.voicemail).toMatchObject({
			outcome: 'left_voicemail',
			to: phone,
			audio: { file_name: 'reschedule-128k.mp3' },
		});
	});

	it('Send SMS: texts the contact inside the window at once, keeps the other until their window opens, and outputs both in input order', async () => {
		const night = nextPhone();
		const day = nextPhone();
		const contacts = [
			{ contact: atNight({ first_name: 'Quin', phone: night }) },
			{ contact: atMidday({ first_name: 'Rae', phone: day }) },
		];
		const execution = await startWaiting('aeHoursSmsWait01', 'hours-sms-wait', { contacts });
		expect(textsTo(day)).toHaveLength(1);
		expect(textsTo(night)).toHaveLength(0);
		const rows = await kept(execution);
		expect(rows.map((r) => [r.item_index, r.status])).toEqual([
			[0, 'waiting'],
			[1, 'done'],
		]);
		expectOpensAtEightLocal(rows[0].opens_at, contacts[0].contact.timezone);
		await severalWakerTicks();
		expect(textsTo(night)).toHaveLength(0);

		openWindow(rows[0].opens_at);
		const done = await finished(execution);
		expect(textsTo(night).map((t) => t.body)).toEqual(['See you tomorrow, Quin!']);
		expect(textsTo(day)).toHaveLength(1);
		const items = output(done, SMS);
		expect(
			items.map((i) => [
				(i.json.contact as { first_name: string }).first_name,
				(i.json.sms as { status: string }).status,
			]),
		).toEqual([
			['Quin', 'sent'],
			['Rae', 'sent'],
		]);
		expect((items[0].json.sms as { message_sid: string }).message_sid).toBe(textsTo(night)[0].sid);
		expect((items[1].json.sms as { message_sid: string }).message_sid).toBe(textsTo(day)[0].sid);
		expect(done.data.resultData.lastNodeExecuted).toBe('Call Finished');
	});

	it('Send SMS: a contact who replies STOP while the text waits is skipped with the reason', async () => {
		const phone = nextPhone();
		const contacts = [{ contact: atNight({ first_name: 'Sam', phone }) }];
		const execution = await startWaiting('aeHoursSmsWait01', 'hours-sms-wait', { contacts });
		const [row] = await kept(execution);
		expect((await stack.twilio.inbound(inboundUrl(), { from: phone, body: 'Stop' })).status).toBe(
			200,
		);

		openWindow(row.opens_at);
		const done = await finished(execution);
		expect(textsTo(phone)).toHaveLength(0);
		expect(output(done, SMS)[0].json.sms).toMatchObject({
			status: 'skipped',
			reason: 'The contact replied STOP and has opted out of texts',
		});
	});
});

describe('Calling Hours: what the waiting survives and refuses', () => {
	it('the resume URL alone sends nothing: only items the waker claimed when their window opened go out', async () => {
		const phone = nextPhone();
		const execution = await startWaiting('aeHoursSmsWait01', 'hours-sms-wait', {
			contacts: [{ contact: atNight({ first_name: 'Uma', phone }) }],
		});
		const [row] = await kept(execution);
		const post = (body: unknown) =>
			fetch(row.resume_url, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(body),
			});
		expect((await post({})).status).toBe(409);
		expect((await post({ wake: [row.id] })).status).toBe(200);
		expect(textsTo(phone)).toHaveLength(0);
		expect((await stack.host.finishedExecution(execution.id)).status).toBe('waiting');
		expect((await kept(execution))[0].status).toBe('waiting');

		openWindow(row.opens_at);
		await finished(execution);
		expect(textsTo(phone)).toHaveLength(1);
	});

	it("one execution's resume URL cannot resume it with another execution's calls", async () => {
		// Execution B calls at once and finishes; execution A waits for the night to end.
		const day = nextPhone();
		stack.twilio.voice.answerAs(MAYA, { pressAfter: 1, talkSeconds: 60 });
		stack.twilio.voice.answerAs(day, { talkSeconds: 20 });
		const beforeB = await stack.host.lastExecutionId('aeHoursCallWait1');
		expect(
			(
				await stack.trigger('hours-call-wait', {
					contact: atMidday({
						first_name: 'Bea',
						phone: day,
						assigned_user: 'maya@glowmedspa.test',
					}),
					appointment: { start_time: '2026-12-01T15:00:00Z' },
				})
			).status,
		).toBe(200);
		const b = await finished(
			await stack.host.lastExecution('aeHoursCallWait1', { after: beforeB }),
		);
		const [bCall] = await store.db.all<{ id: number }>(
			'SELECT id FROM voice_calls WHERE execution_id = ?',
			[b.id],
		);
		const night = nextPhone();
		const a = await startWaiting('aeHoursCallWait1', 'hours-call-wait', {
			contact: atNight({ first_name: 'Ada', phone: night, assigned_user: 'maya@glowmedspa.test' }),
			appointment: { start_time: '2026-12-01T15:00:00Z' },
		});
		const [row] = await kept(a);

		const res = await fetch(row.resume_url, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ calls: [Number(bCall.id)] }),
		});
		expect(res.status).toBe(409);
		expect(await res.json()).toEqual({
			resumed: false,
			error: 'the calls named are not the calls of this execution at this node',
		});
		expect((await stack.host.finishedExecution(a.id)).status).toBe('waiting');

		// A goes on to call its own contact when the window opens.
		stack.twilio.voice.answerAs(night, { talkSeconds: 25 });
		openWindow(row.opens_at);
		const done = await finished(a);
		expect(output(done, CALL)[0].json.call).toMatchObject({ contact: { number: night } });
	});

	it('an n8n restart while a text waits loses nothing: the text goes out once when the window opens', async () => {
		const phone = nextPhone();
		const execution = await startWaiting('aeHoursSmsWait01', 'hours-sms-wait', {
			contacts: [{ contact: atNight({ first_name: 'Val', phone }) }],
		});
		const [row] = await kept(execution);
		await stack.host.stop();
		await stack.host.start();

		openWindow(row.opens_at);
		const done = await finished(execution);
		// A duplicate would come after the execution finished, from a later tick waking the item again:
		// the count is read once the item is settled and a whole tick has run since.
		await eventually(
			async () => expect((await kept(execution)).map((r) => r.status)).toEqual(['resumed']),
			30_000,
		);
		await aWholeWakerTick();
		expect(textsTo(phone)).toHaveLength(1);
		expect(output(done, SMS)[0].json.sms).toMatchObject({
			status: 'sent',
			message_sid: textsTo(phone)[0].sid,
		});
	});
});
