/**
 * The Call action in a real n8n host against the Twilio double: the assigned user (or the Company
 * Phone) is called first with the whisper, the contact is called as its own leg with voicemail
 * detection and both legs meet in a conference; the workflow waits in n8n for the outcome, which
 * Twilio's signed status callbacks deliver through the workspace endpoint. Stop on Response follows
 * the spec's four-row table, and the shared check also stops Send SMS. Calling Hours' skips and the
 * problems named before any call run in process: test/inprocess/call.test.ts.
 */
import type { WorkspaceStore } from '../../core/store/workspaceStore';

const { startStack, exampleWorkflow } = require('../support/stack');
const { eventually } = require('../support/workflows');
const callReminder = require('../support/callReminder');

jest.setTimeout(300_000);

type Stack = Awaited<ReturnType<typeof startStack>>;
type DoubleCall = {
	sid: string;
	to: string;
	from: string;
	timeout: number;
	machine_detection: string | null;
	status: string;
	heard: Array<{ verb: string; text?: string }>;
	bridged?: boolean;
};
let stack: Stack;
let store: WorkspaceStore;

// This suite tests version 1 (Calling Hours a switch, on by default); the example is saved at the current version.
const { reminder, CALL, DONE, MAYA, callVariant, reminderSms, confirmed, addCallTeam } =
	callReminder;
const endpoint = exampleWorkflow('workspace-endpoint.json');
const COMPANY = '+15550001111';

/** Workflows made by afterWait, whose runs the test resumes from their Wait. */
const AFTER_WAIT = new Set<string>();

/**
 * Trigger → Wait → the given step → Done: a run during which the contact can respond before the step.
 * The trigger answers with the run's resume URL, and the test resumes the Wait (posting the trigger's
 * body again) once the contact's response is recorded: a timed Wait was outrun by the response on a
 * loaded machine.
 */
function afterWait(id: string, path: string, step: Record<string, unknown>) {
	AFTER_WAIT.add(id);
	const workflow = callVariant(id, path, {});
	const trigger = {
		...workflow.nodes[0],
		parameters: { ...workflow.nodes[0].parameters, responseMode: 'responseNode' },
	};
	workflow.nodes = [
		trigger,
		{
			id: `${id}-respond`,
			name: 'Respond',
			type: 'n8n-nodes-base.respondToWebhook',
			typeVersion: 1.1,
			position: [60, 0],
			parameters: {
				respondWith: 'json',
				responseBody: '={{ JSON.stringify({ resumeUrl: $execution.resumeUrl }) }}',
				options: {},
			},
		},
		{
			id: `${id}-wait`,
			name: 'Wait',
			type: 'n8n-nodes-base.wait',
			typeVersion: 1.1,
			position: [120, 0],
			webhookId: `7a1b2c3d-4e5f-4a6b-8c7d-${id.slice(-12).toLowerCase()}`,
			parameters: { resume: 'webhook', httpMethod: 'POST', options: {} },
		},
		{ ...step, id: `${id}-step`, position: [240, 0] },
		workflow.nodes[2],
	];
	const name = (step as { name: string }).name;
	workflow.connections = {
		'Appointment Confirmed': { main: [[{ node: 'Respond', type: 'main', index: 0 }]] },
		Respond: { main: [[{ node: 'Wait', type: 'main', index: 0 }]] },
		Wait: { main: [[{ node: name, type: 'main', index: 0 }]] },
		[name]: { main: [[{ node: DONE, type: 'main', index: 0 }]] },
	};
	return workflow;
}

const rows = {
	'ON/ON': { stopOnResponse: true, disableVoicemailDetect: true },
	'ON/OFF': { stopOnResponse: true, disableVoicemailDetect: false },
	'OFF/OFF': { stopOnResponse: false, disableVoicemailDetect: false },
	'OFF/ON': { stopOnResponse: false, disableVoicemailDetect: true },
};
const rowId = (row: string) => `aeCallRow${row.replace('/', '').padEnd(7, '0')}`;

const workflows = [
	endpoint,
	reminder,
	callVariant('aeCallDetectOn01', 'call-detect', {
		disableVoicemailDetect: false,
		callTimeout: 20,
	}),
	callVariant('aeCallNoKeypress', 'call-no-keypress', { connectAfterKeypress: false }),
	...Object.entries(rows).map(([row, parameters]) =>
		callVariant(rowId(row), `call-row-${row.replace('/', '-').toLowerCase()}`, parameters),
	),
	afterWait('aeCallAfterWait1', 'call-after-wait', {
		...reminder.nodes[1],
		name: CALL,
		webhookId: '5d8f2b04-3c6e-4a7b-8d9f-2e3f4a5b6c99',
		parameters: { ...reminder.nodes[1].parameters, stopOnResponse: true },
	}),
	afterWait('aeEmailAfterWait', 'email-after-wait', {
		name: 'Follow-Up Email',
		type: 'n8n-nodes-aesthetix.sendEmail',
		typeVersion: 1,
		parameters: {
			contact: '={{ $json.body.contact }}',
			fromEmail: 'hello@glowmedspa.test',
			subject: 'See you soon',
			message: 'Hi {{contact.first_name}}!',
			stopOnResponse: true,
		},
		credentials: {
			aesthetixSmtpApi: { id: 'aeSmtpLocal00001', name: 'Local SMTP' },
			aesthetixWorkspaceApi: reminder.nodes[1].credentials.aesthetixWorkspaceApi,
		},
	}),
	afterWait('aeReviewAfterWait', 'review-after-wait', {
		name: 'Review Request',
		type: 'n8n-nodes-aesthetix.reviewRequest',
		typeVersion: 1,
		parameters: { contact: '={{ $json.body.contact }}', reviewType: 'email', stopOnResponse: true },
		credentials: {
			aesthetixSmtpApi: { id: 'aeSmtpLocal00001', name: 'Local SMTP' },
			aesthetixWorkspaceApi: reminder.nodes[1].credentials.aesthetixWorkspaceApi,
		},
	}),
	afterWait('aeSmsAfterWait01', 'sms-after-wait', reminderSms({ stopOnResponse: true })),
];

const inboundUrl = () => `${stack.host.baseUrl}/webhook/aesthetix/twilio/inbound`;

/** Starts an afterWait workflow's run; `resume()` lets it go on past its Wait and returns it once finished. */
async function startAfterWait(workflowId: string, path: string, body: unknown) {
	const before = await stack.host.lastExecutionId(workflowId);
	const { status, json } = await stack.trigger(path, body);
	expect([status, json]).toEqual([
		200,
		{ resumeUrl: expect.stringContaining('/webhook-waiting/') },
	]);
	return {
		async resume() {
			// The trigger answers before the run reaches its Wait.
			await eventually(
				async () =>
					expect((await stack.host.lastExecution(workflowId, { after: before })).status).toBe(
						'waiting',
					),
				30_000,
			);
			// The Wait outputs the request that resumes it: the trigger's body again, for the step's expressions.
			const res = await fetch(json.resumeUrl, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(body),
			});
			expect(res.status).toBe(200);
			return eventually(async () => {
				const execution = await stack.host.lastExecution(workflowId, { after: before });
				expect(['success', 'error']).toContain(execution.status);
				return execution;
			}, 30_000);
		},
	};
}

/** Triggers a workflow and returns its execution once it has finished (waiting through the call). */
async function run(workflowId: string, path: string, body: unknown, timeoutMs = 30_000) {
	if (AFTER_WAIT.has(workflowId)) return (await startAfterWait(workflowId, path, body)).resume();
	const before = await stack.host.lastExecutionId(workflowId);
	const { status } = await stack.trigger(path, body);
	expect(status).toBe(200);
	return eventually(async () => {
		const execution = await stack.host.lastExecution(workflowId, { after: before });
		expect(['success', 'error']).toContain(execution.status);
		return execution;
	}, timeoutMs);
}

const callOutput = (
	execution: {
		data: {
			resultData: {
				runData: Record<
					string,
					Array<{ data: { main: Array<Array<{ json: Record<string, unknown> }>> } }>
				>;
			};
		};
	},
	node = CALL,
) => execution.data.resultData.runData[node].at(-1)!.data.main[0];
const callsTo = (number: string): DoubleCall[] =>
	stack.twilio.voice.calls.filter((c: DoubleCall) => c.to === number);
const says = (call: DoubleCall) => call.heard.filter((h) => h.verb === 'Say').map((h) => h.text);

let phoneSeq = 0;
const nextPhone = () => `+1555444${String(1000 + phoneSeq++)}`;

beforeAll(async () => {
	stack = await startStack({ name: 'call', port: 5771, workflows });
	store = await stack.openWorkspace();
	await addCallTeam(store);
});

afterAll(async () => {
	await store?.close();
	await stack?.stop();
});

beforeEach(() => stack.twilio.reset());

describe('the Appointment Call Reminder example', () => {
	it('calls the assigned user with the whisper, dials the contact after the key press, bridges them, and logs the call', async () => {
		const phone = nextPhone();
		stack.twilio.voice.answerAs(MAYA, { pressAfter: 1, talkSeconds: 300 });
		stack.twilio.voice.answerAs(phone, { talkSeconds: 42 });
		const execution = await run(
			'aeApptCallRemind',
			'appointment-confirmed',
			confirmed({
				first_name: 'Jane',
				last_name: 'Doe',
				phone,
				assigned_user: 'maya@glowmedspa.test',
			}),
		);
		expect(execution.status).toBe('success');
		expect(execution.data.resultData.lastNodeExecuted).toBe(DONE);

		const [user] = callsTo(MAYA);
		const [contact] = callsTo(phone);
		expect(user).toMatchObject({
			from: '+15550009999',
			timeout: 30,
			machine_detection: null,
			status: 'completed',
			bridged: true,
		});
		expect(says(user)[0]).toBe(
			'You have an appointment with Jane Doe at 10:00 AM. Press any key to confirm.',
		);
		expect(contact).toMatchObject({
			from: '+15550009999',
			timeout: 30,
			machine_detection: null,
			status: 'completed',
			bridged: true,
		});
		expect(stack.twilio.rejections).toEqual([]);

		const [item] = callOutput(execution);
		expect(item.json.call).toMatchObject({
			action_name: CALL,
			outcome: 'connected',
			routed_to: 'assigned_user',
			user: {
				number: MAYA,
				call_sid: user.sid,
				answered: 'human',
				pressed_key: true,
				status: 'completed',
			},
			contact: {
				number: phone,
				call_sid: contact.sid,
				answered: 'answered',
				bridged: true,
				status: 'completed',
				duration: 42,
			},
			// The user's leg: the whisper, "Connecting you now." and the conversation.
			duration: 48,
			voicemail_detection: false,
			blank_merge_fields: [],
			counts_as_response: true,
		});
		// A live run: no editor-run flag.
		expect(item.json).not.toHaveProperty('reached_real_contact');
		const contactRecord = await store.contacts.findByEmailOrPhone(null, phone);
		const log = await store.conversations.forContact(contactRecord!.id);
		expect(log.at(-1)).toMatchObject({
			channel: 'call',
			direction: 'outbound',
			status: 'connected',
			from_address: MAYA,
			to_address: phone,
			provider_message_id: user.sid,
			action_name: CALL,
			body: 'Called Maya Lopez (+15550002001) first: connected to the contact for 42 s.',
		});
		const stats = await store.deliveries.forAction('aeApptCallRemind', reminder.nodes[1].id);
		expect(stats.at(-1)).toMatchObject({
			channel: 'call',
			recipient: phone,
			status: 'delivered',
			provider_message_id: user.sid,
		});
	});

	it("reads a national number with the workspace's Default Country", async () => {
		const phone = nextPhone();
		const national = `(${phone.slice(2, 5)}) ${phone.slice(5, 8)}-${phone.slice(8)}`;
		const execution = await run(
			'aeApptCallRemind',
			'appointment-confirmed',
			confirmed({ first_name: 'Lia', phone: national, assigned_user: 'maya@glowmedspa.test' }),
		);
		expect(callsTo(phone)).toHaveLength(1);
		expect(callOutput(execution)[0].json.call).toMatchObject({ contact: { number: phone } });
		expect(await store.contacts.findByEmailOrPhone(null, phone)).toMatchObject({
			first_name: 'Lia',
		});
	});

	it('an unassigned contact rings the Company Phone', async () => {
		const phone = nextPhone();
		const execution = await run(
			'aeApptCallRemind',
			'appointment-confirmed',
			confirmed({ first_name: 'Ola', phone }),
		);
		expect(callsTo(COMPANY)).toHaveLength(1);
		expect(callOutput(execution)[0].json.call).toMatchObject({
			routed_to: 'company_phone',
			outcome: 'connected',
			user: { number: COMPANY },
		});
	});
});

describe('the whisper and Connect Call After Keypress', () => {
	it('repeats the whisper until the key press, up to three times', async () => {
		const phone = nextPhone();
		stack.twilio.voice.answerAs(MAYA, { pressAfter: 3 });
		const execution = await run(
			'aeApptCallRemind',
			'appointment-confirmed',
			confirmed({ first_name: 'Pia', phone, assigned_user: 'maya@glowmedspa.test' }),
		);
		const [user] = callsTo(MAYA);
		expect(
			says(user).filter((s) => s?.startsWith('You have an appointment with Pia')),
		).toHaveLength(3);
		expect(callOutput(execution)[0].json.call).toMatchObject({
			outcome: 'connected',
			user: { pressed_key: true },
		});
	});

	it('nobody pressing a key ends the attempt without calling the contact', async () => {
		const phone = nextPhone();
		stack.twilio.voice.answerAs(MAYA, { pressAfter: null });
		const execution = await run(
			'aeApptCallRemind',
			'appointment-confirmed',
			confirmed({ first_name: 'Rex', phone, assigned_user: 'maya@glowmedspa.test' }),
		);
		expect(callsTo(phone)).toHaveLength(0);
		const [user] = callsTo(MAYA);
		expect(says(user)).toHaveLength(4);
		expect(says(user).at(-1)).toBe('No key was pressed. Goodbye.');
		expect(callOutput(execution)[0].json.call).toMatchObject({
			outcome: 'no_keypress',
			user: { pressed_key: false },
			contact: { answered: 'not_called', call_sid: null },
			counts_as_response: false,
		});
		const contact = await store.contacts.findByEmailOrPhone(null, phone);
		expect((await store.conversations.forContact(contact!.id)).at(-1)).toMatchObject({
			channel: 'call',
			status: 'no_keypress',
		});
	});

	it('with the option off, the contact is dialed right after one whisper', async () => {
		const phone = nextPhone();
		stack.twilio.voice.answerAs(MAYA, { pressAfter: null });
		const execution = await run(
			'aeCallNoKeypress',
			'call-no-keypress',
			confirmed({ first_name: 'Sol', phone, assigned_user: 'maya@glowmedspa.test' }),
		);
		expect(
			says(callsTo(MAYA)[0]).filter((s) => s?.startsWith('You have an appointment')),
		).toHaveLength(1);
		expect(callsTo(phone)).toHaveLength(1);
		expect(callOutput(execution)[0].json.call).toMatchObject({
			outcome: 'connected',
			user: { pressed_key: false },
		});
	});
});

describe("the contact's leg", () => {
	it('honours Call Timeout: a phone that rings longer is not answered', async () => {
		const phone = nextPhone();
		stack.twilio.voice.answerAs(phone, { ringSeconds: 25 });
		const execution = await run(
			'aeCallDetectOn01',
			'call-detect',
			confirmed({ first_name: 'Tam', phone, assigned_user: 'maya@glowmedspa.test' }),
		);
		expect(callsTo(phone)[0]).toMatchObject({ timeout: 20, status: 'no-answer' });
		expect(callsTo(MAYA)[0].status).toBe('completed');
		expect(callsTo(MAYA)[0].bridged).toBeUndefined();
		expect(callOutput(execution)[0].json.call).toMatchObject({
			outcome: 'contact_no_answer',
			contact: { answered: 'no_answer' },
		});
	});

	it('runs voicemail detection: a machine is never bridged to the user and is reported', async () => {
		const phone = nextPhone();
		stack.twilio.voice.answerAs(phone, { answer: 'machine' });
		const execution = await run(
			'aeCallDetectOn01',
			'call-detect',
			confirmed({ first_name: 'Uma', phone, assigned_user: 'maya@glowmedspa.test' }),
		);
		expect(callsTo(phone)[0]).toMatchObject({
			machine_detection: 'Enable',
			answered_by: 'machine_start',
			status: 'completed',
		});
		expect(callsTo(phone)[0].bridged).toBeUndefined();
		expect(callsTo(MAYA)[0].bridged).toBeUndefined();
		expect(callOutput(execution)[0].json.call).toMatchObject({
			outcome: 'contact_voicemail',
			contact: { answered: 'machine', answered_by: 'machine_start' },
			counts_as_response: false,
		});
	});

	it('a busy contact and a user who does not answer are reported', async () => {
		const busy = nextPhone();
		stack.twilio.voice.answerAs(busy, { answer: 'busy' });
		const first = await run(
			'aeCallDetectOn01',
			'call-detect',
			confirmed({ first_name: 'Val', phone: busy, assigned_user: 'maya@glowmedspa.test' }),
		);
		expect(callOutput(first)[0].json.call).toMatchObject({
			outcome: 'contact_busy',
			contact: { answered: 'busy' },
		});
		stack.twilio.reset();
		stack.twilio.voice.answerAs(MAYA, { answer: 'no-answer' });
		const phone = nextPhone();
		const second = await run(
			'aeCallDetectOn01',
			'call-detect',
			confirmed({ first_name: 'Wes', phone, assigned_user: 'maya@glowmedspa.test' }),
		);
		expect(callOutput(second)[0].json.call).toMatchObject({
			outcome: 'user_no_answer',
			user: { answered: 'no_answer' },
			contact: { answered: 'not_called' },
		});
		expect(callsTo(phone)).toHaveLength(0);
	});
});

describe("Stop on Response (the spec's table)", () => {
	const stoppedOn = async (row: string, phone: string) => {
		const execution = await run(
			rowId(row),
			`call-row-${row.replace('/', '-').toLowerCase()}`,
			confirmed({ first_name: 'Xia', phone, assigned_user: 'maya@glowmedspa.test' }),
		);
		expect(execution.status).toBe('success');
		return execution;
	};

	it("ON / Disable Voicemail Detect ON: the workflow stops when the contact's voicemail answers", async () => {
		const phone = nextPhone();
		stack.twilio.voice.answerAs(phone, { answer: 'machine' });
		const execution = await stoppedOn('ON/ON', phone);
		expect(callsTo(phone)[0]).toMatchObject({ machine_detection: null, bridged: true });
		expect(callOutput(execution)).toEqual([]);
		expect(execution.data.resultData.runData[DONE]).toBeUndefined();
		const contact = await store.contacts.findByEmailOrPhone(null, phone);
		const log = await store.conversations.forContact(contact!.id);
		expect(log.map((m) => [m.channel, m.status])).toEqual([
			['call', 'connected'],
			['workflow', 'stopped_on_response'],
		]);
		expect(log[1].body).toMatch(
			/^Appointment Call Reminder: the workflow stopped for this contact\. The contact answered a call at /,
		);
	});

	it('ON / Disable Voicemail Detect OFF: a detected voicemail does not count and the contact continues', async () => {
		const phone = nextPhone();
		stack.twilio.voice.answerAs(phone, { answer: 'machine' });
		const execution = await stoppedOn('ON/OFF', phone);
		expect(callsTo(phone)[0]).toMatchObject({
			machine_detection: 'Enable',
			answered_by: 'machine_start',
		});
		expect(execution.data.resultData.lastNodeExecuted).toBe(DONE);
		expect(callOutput(execution)[0].json.call).toMatchObject({
			outcome: 'contact_voicemail',
			counts_as_response: false,
			stop_on_response: true,
		});
	});

	it('OFF / Disable Voicemail Detect OFF: the workflow continues when the contact answers, with detection on', async () => {
		const phone = nextPhone();
		const execution = await stoppedOn('OFF/OFF', phone);
		expect(callsTo(phone)[0]).toMatchObject({
			machine_detection: 'Enable',
			answered_by: 'human',
			bridged: true,
		});
		expect(execution.data.resultData.lastNodeExecuted).toBe(DONE);
		expect(callOutput(execution)[0].json.call).toMatchObject({
			outcome: 'connected',
			counts_as_response: true,
			stop_on_response: false,
		});
	});

	it("OFF / Disable Voicemail Detect ON: the workflow continues when the contact's voicemail answers, without detection", async () => {
		const phone = nextPhone();
		stack.twilio.voice.answerAs(phone, { answer: 'machine' });
		const execution = await stoppedOn('OFF/ON', phone);
		expect(callsTo(phone)[0]).toMatchObject({ machine_detection: null });
		expect(execution.data.resultData.lastNodeExecuted).toBe(DONE);
		expect(callOutput(execution)[0].json.call).toMatchObject({
			outcome: 'connected',
			counts_as_response: true,
			stop_on_response: false,
		});
	});

	it('a contact who texted in since the run began is not called', async () => {
		const phone = nextPhone();
		const started = await startAfterWait(
			'aeCallAfterWait1',
			'call-after-wait',
			confirmed({ first_name: 'Yan', phone, assigned_user: 'maya@glowmedspa.test' }),
		);
		await stack.twilio.inbound(inboundUrl(), { from: phone, body: 'Running 10 min late' });
		const execution = await started.resume();
		expect(execution.status).toBe('success');
		expect(stack.twilio.voice.calls).toHaveLength(0);
		expect(callOutput(execution)).toEqual([]);
		expect(execution.data.resultData.runData[DONE]).toBeUndefined();
		const contact = await store.contacts.findByEmailOrPhone(null, phone);
		expect((await store.conversations.forContact(contact!.id)).at(-1)).toMatchObject({
			channel: 'workflow',
			status: 'stopped_on_response',
		});
	});

	it('a text from before the run began does not stop the call', async () => {
		const phone = nextPhone();
		await stack.twilio.inbound(inboundUrl(), { from: phone, body: 'Hello' });
		stack.twilio.voice.answerAs(MAYA, { pressAfter: null });
		await new Promise((r) => setTimeout(r, 50));
		const started = await startAfterWait(
			'aeCallAfterWait1',
			'call-after-wait',
			confirmed({ first_name: 'Zed', phone, assigned_user: 'maya@glowmedspa.test' }),
		);
		const execution = await started.resume();
		expect(execution.status).toBe('success');
		expect(callsTo(MAYA)).toHaveLength(1);
		expect(execution.data.resultData.lastNodeExecuted).toBe(DONE);
	});

	it('Send SMS with the option on sends nothing to a contact who replied since the run began', async () => {
		const phone = nextPhone();
		const started = await startAfterWait(
			'aeSmsAfterWait01',
			'sms-after-wait',
			confirmed({ first_name: 'Ada', phone }),
		);
		await stack.twilio.inbound(inboundUrl(), { from: phone, body: 'Already booked, thanks' });
		const execution = await started.resume();
		expect(execution.status).toBe('success');
		expect(stack.twilio.messages).toHaveLength(0);
		expect(callOutput(execution, 'Reminder SMS')).toEqual([]);
		expect(JSON.stringify(execution.data.resultData.runData['Reminder SMS'][0].hints)).toContain(
			'Stop on Response: item 0',
		);
		const silent = nextPhone();
		// Written nationally: the workspace's Default Country (US) makes it E.164.
		const again = await run(
			'aeSmsAfterWait01',
			'sms-after-wait',
			confirmed({ first_name: 'Bea', phone: silent.slice(2) }),
		);
		expect(again.data.resultData.lastNodeExecuted).toBe(DONE);
		expect((await stack.twilio.waitForMessages(1))[0]).toMatchObject({
			to: silent,
			body: 'See you soon, Bea!',
		});
	});
});

describe('Stop on Response on Send Email', () => {
	it('sends no email to a contact who texted in since the run began', async () => {
		const phone = nextPhone();
		const email = `${phone.slice(1)}@example.com`;
		const started = await startAfterWait(
			'aeEmailAfterWait',
			'email-after-wait',
			confirmed({ first_name: 'Eli', phone, email }),
		);
		await stack.twilio.inbound(inboundUrl(), { from: phone, body: 'Can we talk?' });
		const execution = await started.resume();
		expect(execution.status).toBe('success');
		expect(callOutput(execution, 'Follow-Up Email')).toEqual([]);
		expect(execution.data.resultData.runData[DONE]).toBeUndefined();
		const mailTo = (address: string) =>
			stack.smtp.messages.filter((m: { envelope: { to: string[] } }) =>
				m.envelope.to.includes(address),
			);
		expect(mailTo(email)).toHaveLength(0);
		const again = await run(
			'aeEmailAfterWait',
			'email-after-wait',
			confirmed({ first_name: 'Fen', phone: nextPhone(), email: 'fen@example.com' }),
		);
		expect(again.data.resultData.lastNodeExecuted).toBe(DONE);
		expect(callOutput(again, 'Follow-Up Email')[0].json.email).toMatchObject({
			status: 'accepted',
		});
		expect(mailTo('fen@example.com')).toHaveLength(1);
	});
});

describe('Stop on Response on Review Request', () => {
	it('sends no review request to a contact who texted in since the run began', async () => {
		await store.settings.set('reputation', {
			review_link: 'https://g.page/r/glow-med-spa/review',
			enabled: true,
			sender_email: 'hello@glowmedspa.test',
		});
		const phone = nextPhone();
		const email = `review${phone.slice(1)}@example.com`;
		const started = await startAfterWait(
			'aeReviewAfterWait',
			'review-after-wait',
			confirmed({ first_name: 'Rae', phone, email }),
		);
		await stack.twilio.inbound(inboundUrl(), { from: phone, body: 'Thanks for today!' });
		const execution = await started.resume();
		expect(execution.status).toBe('success');
		expect(callOutput(execution, 'Review Request')).toEqual([]);
		const mailTo = (address: string) =>
			stack.smtp.messages.filter((m: { envelope: { to: string[] } }) =>
				m.envelope.to.includes(address),
			);
		expect(mailTo(email)).toHaveLength(0);
		const contact = await store.contacts.findByEmailOrPhone(email);
		expect(
			(await store.conversations.forContact(contact!.id)).map((m) => [m.channel, m.status]),
		).toContainEqual(['workflow', 'stopped_on_response']);
		const again = await run(
			'aeReviewAfterWait',
			'review-after-wait',
			confirmed({ first_name: 'Sol', phone: nextPhone(), email: 'sol@example.com' }),
		);
		expect(callOutput(again, 'Review Request')[0].json.review_request).toMatchObject({
			status: 'Sent',
		});
		expect(mailTo('sol@example.com')).toHaveLength(1);
	});
});
