/**
 * Retry from n8n's executions list in a real n8n host, for the actions that reach a person without
 * a plain send: Review Request, Call and Voicemail (which wait in n8n for Twilio's reports), and
 * Manual Action SMS (which waits for its tasks). A batch stops at a broken contact, the user retries
 * it as it was, then fixes the workflow and retries with the saved one: nobody gets a second review
 * request, nobody is rung or dropped twice, the retry takes over the manual tasks of the run it
 * retries instead of queueing more, and a manual SMS completed in the first run is not sent again.
 * A retry whose manual tasks were all completed goes on without waiting. A sub-workflow's own failed
 * execution, retried, sends only what never went out.
 */
import { REPUTATION_SETTING } from '../../core/reviews/reputation';
import type { WorkspaceStore } from '../../core/store/workspaceStore';
import { serveAudioFiles } from '../support/audioFiles';

const { startStack, exampleWorkflow } = require('../support/stack');
const { webhookWorkflow } = require('../support/workflows');
const {
	retry: retryIn,
	settledExecution,
	saveNodeParameters,
	failedBatch: failedIn,
	count,
} = require('../support/retries');
const { zoneAtLocalHour } = require('../support/timeZones');

jest.setTimeout(400_000);

type Json = Record<string, unknown>;
type NodeRun = { data: { main: Array<Array<{ json: Json }>> }; error: { message: string } };
type Execution = {
	id: string;
	status: string;
	mode: string;
	data: { resultData: { runData: Record<string, NodeRun[]> } };
};
type Mail = { envelope: { to: string[] }; messageId: string; subject: string };
type DoubleCall = { sid: string; to: string; status: string };
type Text = { to: string; body: string; sid: string };

let stack: Awaited<ReturnType<typeof startStack>>;
let store: WorkspaceStore;
let files: Awaited<ReturnType<typeof serveAudioFiles>> | undefined;
let filesBase: string;

const WORKSPACE = {
	aesthetixWorkspaceApi: { id: 'aeWorkspace00001', name: 'Glow Med Spa workspace' },
};
const SMTP = { aesthetixSmtpApi: { id: 'aeSmtpLocal00001', name: 'Local SMTP' } };
const TWILIO = { aesthetixTwilioApi: { id: 'aeTwilioLocal001', name: 'Local Twilio' } };
const ACTION = 'Action';
const COMPANY = '+15550001111';

const REVIEW_FLOW = 'aeRetryReview001';
const CALL_FLOW = 'aeRetryCall00001';
const VOICEMAIL_FLOW = 'aeRetryVoicemail';
const MANUAL_FLOW = 'aeRetryManualSms';
const MANUAL_CALL_FLOW = 'aeRetryManualCal';
const PARENT_FLOW = 'aeRetryParent001';
const SUB_FLOW = 'aeRetrySubEmail1';

/** A sub-workflow that emails each contact it is handed, and a parent that hands it its items (n8n's Execute Workflow). The sub-workflow is published first, as n8n requires. */
const parentAndSub = [
	{
		id: SUB_FLOW,
		name: SUB_FLOW,
		active: false,
		settings: { executionOrder: 'v1', callerPolicy: 'any' },
		nodes: [
			{
				id: `${SUB_FLOW}-start`,
				name: 'Start',
				type: 'n8n-nodes-base.executeWorkflowTrigger',
				typeVersion: 1.1,
				position: [0, 0],
				parameters: { inputSource: 'passthrough' },
			},
			{
				id: `${SUB_FLOW}-node`,
				name: ACTION,
				type: 'n8n-nodes-aesthetix.sendEmail',
				typeVersion: 1,
				position: [300, 0],
				credentials: { ...SMTP, ...WORKSPACE },
				parameters: {
					contact: '={{ $json.contact }}',
					fromEmail: 'hello@glowmedspa.test',
					subject: 'Your aftercare guide',
					message: '<p>Hi {{contact.first_name}}</p>',
				},
			},
		],
		connections: { Start: { main: [[{ node: ACTION, type: 'main', index: 0 }]] } },
	},
	webhookWorkflow(
		PARENT_FLOW,
		'retry-parent',
		{
			name: 'Run Sub-workflow',
			type: 'n8n-nodes-base.executeWorkflow',
			typeVersion: 1.2,
			parameters: {
				source: 'database',
				workflowId: { __rl: true, mode: 'id', value: SUB_FLOW },
				mode: 'once',
				workflowInputs: {
					mappingMode: 'defineBelow',
					value: {},
					matchingColumns: [],
					schema: [],
					attemptToConvertTypes: false,
					convertFieldsToString: true,
				},
				options: { waitForSubWorkflow: true },
			},
		},
		{ split: true },
	),
];

const workflows = [
	exampleWorkflow('workspace-endpoint.json'),
	...parentAndSub,
	webhookWorkflow(
		REVIEW_FLOW,
		'retry-review',
		{
			name: ACTION,
			type: 'n8n-nodes-aesthetix.reviewRequest',
			credentials: { ...SMTP, ...WORKSPACE },
			parameters: { contact: '={{ $json.contact }}', reviewType: 'email' },
		},
		{ split: true },
	),
	webhookWorkflow(
		CALL_FLOW,
		'retry-call',
		{
			name: ACTION,
			type: 'n8n-nodes-aesthetix.call',
			webhookId: '9b1c2d3e-4f5a-4b6c-8d7e-0f1a2b3c4d01',
			credentials: { ...TWILIO, ...WORKSPACE },
			parameters: {
				contact: '={{ $json.contact }}',
				whisper: 'Calling {{contact.first_name}} about tomorrow.',
				callTimeout: 30,
				disableVoicemailDetect: true,
				connectAfterKeypress: false,
				stopOnResponse: false,
			},
		},
		{ split: true },
	),
	webhookWorkflow(
		VOICEMAIL_FLOW,
		'retry-voicemail',
		{
			name: ACTION,
			type: 'n8n-nodes-aesthetix.voicemail',
			webhookId: '9b1c2d3e-4f5a-4b6c-8d7e-0f1a2b3c4d02',
			credentials: { ...TWILIO, ...WORKSPACE },
			parameters: {
				contact: '={{ $json.contact }}',
				audioSource: 'url',
				audioUrl: '={{ $json.recording_url }}',
				onHuman: 'hang_up',
				stopOnResponse: false,
			},
		},
		{ split: true },
	),
	webhookWorkflow(
		MANUAL_FLOW,
		'retry-manual-sms',
		{
			name: ACTION,
			type: 'n8n-nodes-aesthetix.manualActionSms',
			webhookId: '9b1c2d3e-4f5a-4b6c-8d7e-0f1a2b3c4d03',
			credentials: WORKSPACE,
			parameters: {
				contact: '={{ $json.contact }}',
				message: 'Hi {{contact.first_name}}, book your consultation at Glow Med Spa.',
				advancedSettings: {},
			},
		},
		{ split: true },
	),
	webhookWorkflow(
		MANUAL_CALL_FLOW,
		'retry-manual-call',
		{
			name: ACTION,
			type: 'n8n-nodes-aesthetix.manualActionCall',
			webhookId: '9b1c2d3e-4f5a-4b6c-8d7e-0f1a2b3c4d04',
			credentials: WORKSPACE,
			parameters: { contact: '={{ $json.contact }}', advancedSettings: {} },
		},
		{ split: true },
	),
	webhookWorkflow('aeRetryQueueDone', 'retry-queue-complete', {
		name: 'Queue',
		type: 'n8n-nodes-aesthetix.manualActions',
		credentials: { ...WORKSPACE, ...TWILIO },
		parameters: {
			operation: 'complete',
			taskId: '={{ $json.body.taskId }}',
			completedBy: '={{ $json.body.by }}',
			message: '',
			outcome: 'connected',
			notes: '',
		},
	}),
];

beforeAll(async () => {
	files = await serveAudioFiles();
	filesBase = files.base;
	stack = await startStack({ name: 'retry-waiting', port: 5867, workflows });
	store = await stack.openWorkspace();
	await store.settings.set(REPUTATION_SETTING, {
		review_link: 'https://g.page/r/glow-med-spa/review',
		enabled: true,
		email_subject: 'How was your visit, {{contact.first_name}}?',
		email_body: 'Hi {{contact.first_name}}, please review us: {{reputation.review_link}}',
		sender_email: 'hello@glowmedspa.test',
	});
});

afterAll(async () => {
	await store?.close();
	await stack?.stop();
	await files?.close();
});

beforeEach(() => {
	stack.smtp.reset();
	stack.twilio.reset();
});

const retry = (id: string, loadWorkflow: boolean): Promise<Execution> =>
	retryIn(stack, id, loadWorkflow);
/** A retry that waits (for calls or tasks) until it has finished. */
const finished = (id: string): Promise<Execution> =>
	settledExecution(stack, id, ['success', 'error'], 120_000);
const fixAction = (workflowId: string, parameters: Json, settings: Json = {}) =>
	saveNodeParameters(stack, workflowId, ACTION, parameters, settings);
const failedBatch = (workflowId: string, path: string, items: unknown[]): Promise<Execution> =>
	failedIn(stack, workflowId, path, items);
const actionOutput = (execution: Execution): Json[] =>
	execution.data.resultData.runData[ACTION].at(-1)!.data.main[0].map((item) => item.json);
const actionError = (execution: Execution): string =>
	execution.data.resultData.runData[ACTION].at(-1)!.error.message;

let phoneSeq = 0;
const nextPhone = () => `+1555888${String(1000 + phoneSeq++)}`;
/** Contacts live where it is midday, so Calling Hours (on by default for calls) lets them ring at any hour. */
const midday = (contact: Json) => ({ timezone: zoneAtLocalHour(12), ...contact });
const fixPhone =
	"={{ $json.contact.phone === '12' ? { ...$json.contact, phone: $json.fixed_phone } : $json.contact }}";

describe('Retry from the executions list, for actions that wait', () => {
	it('Review Request: nobody gets a second review request, and after the address is fixed only the rest are asked', async () => {
		const contacts = Array.from({ length: 5 }, (_, i) => ({
			first_name: `Rae${i + 1}`,
			email: `rae${i + 1}@example.com`,
		}));
		contacts[2].email = 'rae3@example,com';
		const original = await failedBatch(
			REVIEW_FLOW,
			'retry-review',
			contacts.map((contact) => ({ contact })),
		);
		expect(actionError(original)).toContain('rae3@example,com');
		const first = (await stack.smtp.waitForMessages(2)).map((m: Mail) => m.envelope.to[0]);
		expect(first).toEqual(['rae1@example.com', 'rae2@example.com']);

		const asItWas = await retry(original.id, false);
		expect(asItWas).toMatchObject({ mode: 'retry', status: 'error' });
		expect(actionError(asItWas)).toContain('rae3@example,com');
		expect(stack.smtp.messages.map((m: Mail) => m.envelope.to[0])).toEqual(first);

		await fixAction(REVIEW_FLOW, {
			contact: "={{ { ...$json.contact, email: $json.contact.email.replace(',', '.') } }}",
		});
		const fixed = await retry(asItWas.id, true);
		expect(fixed).toMatchObject({ mode: 'retry', status: 'success' });
		const mails = await stack.smtp.waitForMessages(5);
		expect(mails.map((m: Mail) => m.envelope.to[0])).toEqual(
			contacts.map((c) => c.email.replace(',', '.')),
		);
		expect(mails.map((m: Mail) => m.subject)).toEqual(
			contacts.map((c) => `How was your visit, ${c.first_name}?`),
		);

		const output = actionOutput(fixed).map((o) => o.review_request as Json);
		expect(output.map((o) => o.already_sent ?? false)).toEqual([true, true, false, false, false]);
		expect(output.map((o) => o.message_id)).toEqual(mails.map((m: Mail) => m.messageId));
		expect(output.map((o) => o.status)).toEqual(Array(5).fill('Sent'));
	});

	it('Call: nobody is rung twice, the retry says which items were already called, and after the number is fixed the rest are called', async () => {
		const phones = [nextPhone(), nextPhone(), nextPhone()];
		const leads = phones.map((phone, i) => ({
			contact: midday({ first_name: `Cole${i + 1}`, phone: i === 1 ? '12' : phone }),
			fixed_phone: phone,
		}));
		const original = await failedBatch(CALL_FLOW, 'retry-call', leads);
		expect(actionError(original)).toContain('"12"');
		// The company line answers, then the contact is dialed and bridged: both legs end.
		await stack.twilio.voice.waitForEnded(2);
		const callsTo = (number: string): DoubleCall[] =>
			stack.twilio.voice.calls.filter((c: DoubleCall) => c.to === number);
		expect(callsTo(phones[0])).toHaveLength(1);
		const firstLegSid = callsTo(COMPANY)[0].sid;

		const asItWas = await retry(original.id, false);
		expect(asItWas).toMatchObject({ mode: 'retry', status: 'error' });
		expect(actionError(asItWas)).toContain('"12"');
		expect(callsTo(COMPANY)).toHaveLength(1);
		expect(callsTo(phones[0])).toHaveLength(1);

		await fixAction(CALL_FLOW, { contact: fixPhone });
		const fixed = await finished((await retry(asItWas.id, true)).id);
		expect(fixed).toMatchObject({ mode: 'retry', status: 'success' });
		await stack.twilio.voice.waitForEnded(6);
		for (const phone of phones) expect(callsTo(phone)).toHaveLength(1);
		// Each item rings the company line first (the contacts are unassigned), once per item.
		expect(callsTo(COMPANY)).toHaveLength(3);

		const calls = actionOutput(fixed).map((o) => o.call as Json);
		expect(calls[0]).toMatchObject({
			status: 'already_called',
			already_sent: true,
			call_sid: firstLegSid,
		});
		expect(calls.slice(1).map((c) => c.outcome)).toEqual(['connected', 'connected']);
		expect(calls.slice(1).map((c) => c.already_sent ?? false)).toEqual([false, false]);
	});

	it('Voicemail: nobody gets the voicemail twice, and after the number is fixed the rest get it', async () => {
		const phones = [nextPhone(), nextPhone(), nextPhone()];
		for (const phone of phones) stack.twilio.voice.answerAs(phone, { answer: 'machine' });
		const recording_url = `${filesBase}/reschedule-128k.mp3`;
		const noShows = phones.map((phone, i) => ({
			contact: midday({ first_name: `Vera${i + 1}`, phone: i === 1 ? '12' : phone }),
			fixed_phone: phone,
			recording_url,
		}));
		const original = await failedBatch(VOICEMAIL_FLOW, 'retry-voicemail', noShows);
		expect(actionError(original)).toContain('"12"');
		await stack.twilio.voice.waitForEnded(1);
		const callsTo = (number: string): DoubleCall[] =>
			stack.twilio.voice.calls.filter((c: DoubleCall) => c.to === number);
		expect(callsTo(phones[0])).toHaveLength(1);
		const dropSid = callsTo(phones[0])[0].sid;

		const asItWas = await retry(original.id, false);
		expect(asItWas).toMatchObject({ mode: 'retry', status: 'error' });
		expect(actionError(asItWas)).toContain('"12"');
		expect(stack.twilio.voice.calls).toHaveLength(1);

		await fixAction(VOICEMAIL_FLOW, { contact: fixPhone });
		const fixed = await finished((await retry(asItWas.id, true)).id);
		expect(fixed).toMatchObject({ mode: 'retry', status: 'success' });
		expect(stack.twilio.voice.calls.map((c: DoubleCall) => c.to).sort()).toEqual(
			[...phones].sort(),
		);

		const drops = actionOutput(fixed).map((o) => o.voicemail as Json);
		expect(drops[0]).toMatchObject({
			status: 'already_called',
			already_sent: true,
			call_sid: dropSid,
		});
		expect(drops.slice(1).map((d) => d.already_sent ?? false)).toEqual([false, false]);
		expect(drops.slice(1).map((d) => d.call_sid)).toEqual([
			callsTo(phones[1])[0].sid,
			callsTo(phones[2])[0].sid,
		]);
	});

	it('Manual Action SMS: a retry takes over the tasks of the run it retries, and a task completed there is not texted again', async () => {
		const phones = [nextPhone(), nextPhone(), nextPhone(), nextPhone()];
		const leads = phones.map((phone, i) => ({
			contact: { first_name: `Mia${i + 1}`, phone: i === 2 ? '12' : phone },
			fixed_phone: phone,
		}));
		const original = await failedBatch(MANUAL_FLOW, 'retry-manual-sms', leads);
		expect(actionError(original)).toContain('"12"');
		const tasks = () =>
			store.db.all<{ id: number; execution_id: string; item_index: number; status: string }>(
				'SELECT id, execution_id, item_index, status FROM manual_tasks WHERE workflow_id = ? ORDER BY item_index',
				[MANUAL_FLOW],
			);
		const queued = await tasks();
		expect(queued.map((t) => t.item_index)).toEqual([0, 1]);
		const complete = async (taskId: number, by = 'Maya Lopez') => {
			const res = await stack.trigger('retry-queue-complete', { taskId, by });
			expect(res.status).toBe(200);
			return (res.json as Json[])[0] ?? res.json;
		};
		// Worked from the queue while the first run had already failed: texted, and nothing to resume.
		expect(await complete(queued[0].id)).toMatchObject({ completed_now: true });
		await stack.twilio.waitForMessages(1);

		const asItWas = await retry(original.id, false);
		expect(asItWas).toMatchObject({ mode: 'retry', status: 'error' });
		const adopted = await tasks();
		expect(adopted.map((t) => [t.id, t.item_index, t.status])).toEqual([
			[queued[0].id, 0, 'completed'],
			[queued[1].id, 1, 'pending'],
		]);
		expect(adopted.map((t) => t.execution_id)).toEqual([asItWas.id, asItWas.id]);

		await fixAction(MANUAL_FLOW, { contact: fixPhone });
		const waiting = await retry(asItWas.id, true);
		expect(waiting).toMatchObject({ mode: 'retry', status: 'waiting' });
		const open = await tasks();
		expect(open.map((t) => t.item_index)).toEqual([0, 1, 2, 3]);
		expect(open.slice(0, 2).map((t) => t.id)).toEqual(queued.map((t) => t.id));
		expect(open.every((t) => t.execution_id === waiting.id)).toBe(true);

		// Completing the first run's task again sends nothing; the others, one completed twice, text once each.
		expect(await complete(open[0].id, 'Sam Reyes')).toMatchObject({ completed_now: false });
		for (const task of open.slice(1)) await complete(task.id);
		expect(await complete(open[1].id, 'Sam Reyes')).toMatchObject({ completed_now: false });
		const resumed = await finished(waiting.id);
		expect(resumed.status).toBe('success');
		const texts = await stack.twilio.waitForMessages(4);
		expect(Object.values(count(texts.map((t: Text) => t.to)))).toEqual([1, 1, 1, 1]);
		expect([...texts.map((t: Text) => t.to)].sort()).toEqual([...phones].sort());

		const outcomes = actionOutput(resumed).map((o) => o.manual_action as Json);
		expect(outcomes.map((o) => o.task_id)).toEqual(open.map((t) => t.id));
		expect(outcomes[0]).toMatchObject({
			status: 'completed',
			already_sent: true,
			completed_in_execution: original.id,
			message_sid: texts[0].sid,
		});
		expect(outcomes.slice(1).map((o) => o.already_sent ?? false)).toEqual([false, false, false]);
		expect(await store.manualTasks.list({ status: 'pending' })).toEqual([]);
	});

	it('Manual Action Call: a retry whose tasks were all completed for the run it retries goes on without waiting', async () => {
		const phones = [nextPhone(), nextPhone()];
		const leads = phones.map((phone, i) => ({
			contact: { first_name: `Noa${i + 1}`, phone: i === 1 ? '12' : phone },
		}));
		const original = await failedBatch(MANUAL_CALL_FLOW, 'retry-manual-call', leads);
		expect(actionError(original)).toContain('"12"');
		const [task] = await store.manualTasks.list({
			contactId: (await store.contacts.findByEmailOrPhone(null, phones[0]))!.id,
		});
		const res = await stack.trigger('retry-queue-complete', { taskId: task.id, by: 'Maya Lopez' });
		expect((res.json as Json[])[0]).toMatchObject({ completed_now: true });

		// The broken lead is let through with its error: the one task left was already completed.
		await fixAction(MANUAL_CALL_FLOW, {}, { onError: 'continueRegularOutput' });
		const retried = await retry(original.id, true);
		expect(retried).toMatchObject({ mode: 'retry', status: 'success' });
		const outcomes = actionOutput(retried).map((o) => o.manual_action as Json);
		expect(outcomes).toEqual([
			expect.objectContaining({
				task_id: task.id,
				outcome: 'connected',
				already_sent: true,
				completed_in_execution: original.id,
			}),
		]);
		expect((await store.manualTasks.get(task.id))!.execution_id).toBe(retried.id);
	});
});

describe('Retry of a sub-workflow', () => {
	it("retrying the sub-workflow's own failed execution emails only the contacts who never got it", async () => {
		const contacts = Array.from({ length: 5 }, (_, i) => ({
			first_name: `Sia${i + 1}`,
			email: `sia${i + 1}@example.com`,
		}));
		contacts[2].email = 'sia3@example,com';
		const before = await stack.host.lastExecutionId(SUB_FLOW);
		const parent = await failedBatch(
			PARENT_FLOW,
			'retry-parent',
			contacts.map((contact) => ({ contact })),
		);
		expect(parent.status).toBe('error');
		const sub = await stack.host.finishedExecution(
			String(await stack.host.lastExecutionId(SUB_FLOW)),
		);
		expect(Number(sub.id)).toBeGreaterThan(before);
		expect(sub.status).toBe('error');
		expect(actionError(sub)).toContain('sia3@example,com');
		const accepted = await store.db.all<{ recipient: string }>(
			`SELECT recipient FROM delivery_records WHERE workflow_id = ? AND status = 'accepted'`,
			[SUB_FLOW],
		);
		const first = (await stack.smtp.waitForMessages(accepted.length)).map(
			(m: Mail) => m.envelope.to[0],
		);
		expect(first).toEqual(expect.arrayContaining(['sia1@example.com', 'sia2@example.com']));

		await fixAction(SUB_FLOW, {
			contact: "={{ { ...$json.contact, email: $json.contact.email.replace(',', '.') } }}",
		});
		const fixed = await retry(sub.id, true);
		expect(fixed).toMatchObject({ mode: 'retry', status: 'success' });
		const mails = await stack.smtp.waitForMessages(5);
		expect(Object.values(count(mails.map((m: Mail) => m.envelope.to[0])))).toEqual(
			Array(5).fill(1),
		);
		const output = actionOutput(fixed).map((o) => o.email as Json);
		expect(output.map((e) => e.already_sent ?? false)).toEqual(
			output.map((e) => first.includes(e.to as string)),
		);
	});
});
