/**
 * Runs started from n8n's editor, through the editor's own run endpoint (POST /rest/workflows/:id/run
 * as the logged-in owner) in a real n8n host: an editor run that reaches a real contact says so in
 * its output and as a warning in the execution, while the Test Phone Number keeps it to the tester;
 * and a field that is an n8n expression (a value dragged in from the input panel) still renders the
 * spec's custom values beside it, in every node that takes text.
 */
import type { WorkspaceStore } from '../../core/store/workspaceStore';
import { Visitor } from '../support/inboxVisitor';

const { startStack, exampleWorkflow, CREDENTIAL_IDS } = require('../support/stack');
const {
	editorWorkflow,
	runFromEditor,
	webhookWorkflow,
	eventually,
	pendingTaskFor,
} = require('../support/workflows');
const { zoneAtLocalHour } = require('../support/timeZones');
const { setPassword } = require('../../dist/core/inbox/auth');

jest.setTimeout(300_000);

type Stack = Awaited<ReturnType<typeof startStack>>;
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
let stack: Stack;
let store: WorkspaceStore;

const workspace = {
	aesthetixWorkspaceApi: { id: CREDENTIAL_IDS.workspace, name: 'Glow Med Spa workspace' },
};
const twilio = {
	aesthetixTwilioApi: { id: CREDENTIAL_IDS.twilio, name: 'Local Twilio' },
	...workspace,
};
const smtp = { aesthetixSmtpApi: { id: CREDENTIAL_IDS.smtp, name: 'Local SMTP' }, ...workspace };
const slack = {
	aesthetixSlackApi: { id: CREDENTIAL_IDS.slack, name: 'Local Slack' },
	...workspace,
};

const TESTER = '+15550001000';
const MAYA = '+15550002001';
/** 15:00 UTC is 10:00 AM in the workspace's America/New_York. */
const person = (phone: string, extra: Json = {}) => ({
	first_name: 'Jane',
	phone,
	email: `${phone.slice(1)}@example.com`,
	appointment: { start_time: '2026-12-01T15:00:00Z' },
	...extra,
});
/** The Contact field as a user maps it from the pinned trigger output. */
const contactFromInput =
	'={{ { first_name: $json.first_name, phone: $json.phone, email: $json.email, assigned_user: $json.assigned_user } }}';
/** A dragged field and custom values in one expression: one custom value known, one blank. */
const DRAGGED =
	'=Hi {{ $json.first_name }}{{contact.last_name}}, see you at {{appointment.only_start_time}}.';
const RENDERED = 'Hi Jane, see you at 10:00 AM.';

const sms = (testPhoneNumber: string) => ({
	name: 'Send SMS',
	type: 'n8n-nodes-aesthetix.sendSms',
	parameters: { contact: contactFromInput, message: DRAGGED, testPhoneNumber },
	credentials: twilio,
});
const email = (testEmail: string) => ({
	name: 'Send Email',
	type: 'n8n-nodes-aesthetix.sendEmail',
	parameters: {
		contact: contactFromInput,
		fromEmail: 'hello@glowmedspa.test',
		subject: '=Your visit, {{ $json.first_name }}, at {{appointment.only_start_time}}',
		message: `=<p>${DRAGGED.slice(1)}</p>`,
		testEmail,
	},
	credentials: smtp,
});

const workflows = [
	exampleWorkflow('workspace-endpoint.json'),
	editorWorkflow('aeEdSmsNoTest01', sms(''), [person('+15553330001'), person('+15553330002')]),
	editorWorkflow('aeEdSmsTester01', sms(TESTER), [person('+15553330003')]),
	editorWorkflow('aeEdMailNoTest1', email(''), [person('+15553330004')]),
	editorWorkflow('aeEdMailTester1', email('you@glowmedspa.test'), [person('+15553330005')]),
	editorWorkflow(
		'aeEdReviewSms01',
		{
			name: 'Send Review Request',
			type: 'n8n-nodes-aesthetix.reviewRequest',
			parameters: { contact: contactFromInput, reviewType: 'sms' },
			credentials: twilio,
		},
		[person('+15553330012')],
	),
	webhookWorkflow('aeLiveSmsNoTest', 'live-sms', {
		...sms(''),
		parameters: {
			...sms('').parameters,
			contact: '={{ $json.body }}',
			message: 'Hello {{contact.first_name}}',
		},
	}),
	editorWorkflow(
		'aeEdSlack000001',
		{
			name: 'Slack',
			type: 'n8n-nodes-aesthetix.slack',
			parameters: {
				contact: contactFromInput,
				event: 'publicChannel',
				channel: { __rl: true, mode: 'id', value: 'CFRONTDESK' },
				message: DRAGGED,
			},
			credentials: slack,
		},
		[person('+15553330006')],
	),
	editorWorkflow(
		'aeEdNotifySms01',
		{
			name: 'Internal Notification',
			type: 'n8n-nodes-aesthetix.internalNotification',
			parameters: {
				type: 'sms',
				contact: contactFromInput,
				toUserType: ['roles'],
				roles: 'owner',
				message: DRAGGED,
				testPhoneNumber: TESTER,
			},
			credentials: twilio,
		},
		[person('+15553330007')],
	),
	editorWorkflow(
		'aeEdNotifyApp01',
		{
			name: 'Internal Notification',
			type: 'n8n-nodes-aesthetix.internalNotification',
			parameters: {
				type: 'inApp',
				contact: contactFromInput,
				toUserType: ['roles'],
				roles: 'owner',
				title: '={{ $json.first_name }} at {{appointment.only_start_time}}',
				message: DRAGGED,
			},
			credentials: workspace,
		},
		[person('+15553330008')],
	),
	editorWorkflow(
		'aeEdManualSms01',
		{
			name: 'Manual Action SMS',
			type: 'n8n-nodes-aesthetix.manualActionSms',
			webhookId: '3c1d2e4f-5a6b-4c7d-8e9f-aeedmanualsms',
			parameters: {
				contact: contactFromInput,
				message: DRAGGED,
				testPhoneNumber: TESTER,
				advancedSettings: {},
			},
			credentials: workspace,
		},
		[person('+15553330009')],
	),
	editorWorkflow(
		'aeEdManualSmsNo',
		{
			name: 'Manual Action SMS',
			type: 'n8n-nodes-aesthetix.manualActionSms',
			webhookId: '5e2f3a4b-6c7d-4e8f-9a0b-aeedmanualno1',
			parameters: {
				contact: contactFromInput,
				message: DRAGGED,
				testPhoneNumber: '',
				advancedSettings: {},
			},
			credentials: workspace,
		},
		[person('+15553330013')],
	),
	webhookWorkflow('aeEdQueueGet001', 'queue-get', {
		name: 'Queue',
		type: 'n8n-nodes-aesthetix.manualActions',
		parameters: { operation: 'get', taskId: '={{ $json.body.taskId }}' },
		credentials: twilio,
	}),
	editorWorkflow(
		'aeEdCallTwoZone',
		{
			name: 'Call',
			type: 'n8n-nodes-aesthetix.call',
			typeVersion: 1.1,
			webhookId: '6f3a4b5c-7d8e-4f9a-8b1c-aeedcalltwoz1',
			parameters: {
				contact: '={{ $json }}',
				callTimeout: 30,
				disableVoicemailDetect: true,
				connectAfterKeypress: true,
				callingHours: 'wait',
			},
			credentials: twilio,
		},
		[
			person('+15553330014', {
				assigned_user: 'maya@glowmedspa.test',
				timezone: zoneAtLocalHour(12),
			}),
			person('+15553330015', {
				assigned_user: 'maya@glowmedspa.test',
				timezone: zoneAtLocalHour(3),
			}),
		],
	),
	editorWorkflow(
		'aeEdCallWhisper',
		{
			name: 'Call',
			type: 'n8n-nodes-aesthetix.call',
			webhookId: '4d2e3f5a-6b7c-4d8e-9f0a-aeedcallwhisp',
			parameters: {
				contact: contactFromInput,
				whisper: DRAGGED,
				callTimeout: 30,
				disableVoicemailDetect: true,
				connectAfterKeypress: true,
				callingHours: false,
			},
			credentials: twilio,
		},
		[person('+15553330010', { assigned_user: 'maya@glowmedspa.test' })],
	),
];

/** A node's run in an execution: its output items and the hints (warnings) the editor shows with them. */
async function nodeRun(
	executionId: string,
	node: string,
): Promise<{ items: Json[]; hints: Json[] }> {
	const execution = await eventually(async () => {
		const done = await stack.host.finishedExecution(executionId);
		expect(done.data.resultData.runData[node]).toBeDefined();
		return done;
	});
	const [run] = execution.data.resultData.runData[node];
	return {
		items: (run.data?.main[0] ?? []).map((item: { json: Json }) => item.json),
		hints: run.hints ?? [],
	};
}

/** The node's run while its execution waits (n8n replaces that run, hints and all, when the node resumes). */
async function waitingRun(
	executionId: string,
	node: string,
): Promise<{ items: Json[]; hints: Json[] }> {
	const execution = await eventually(async () => {
		const waiting = await stack.host.finishedExecution(executionId);
		expect(waiting.status).toBe('waiting');
		return waiting;
	}, 30_000);
	const run = execution.data.resultData.runData[node].at(-1);
	return {
		items: (run.data?.main[0] ?? []).map((item: { json: Json }) => item.json),
		hints: run.hints ?? [],
	};
}

/** The node's last run once the execution has finished (after any wait). */
async function finalRun(
	executionId: string,
	node: string,
): Promise<{ items: Json[]; hints: Json[] }> {
	const execution = await eventually(async () => {
		const done = await stack.host.finishedExecution(executionId);
		expect(done.status).toBe('success');
		return done;
	}, 60_000);
	const run = execution.data.resultData.runData[node].at(-1);
	return {
		items: (run.data?.main[0] ?? []).map((item: { json: Json }) => item.json),
		hints: run.hints ?? [],
	};
}

const inbox = () => `${stack.host.baseUrl}/webhook/aesthetix/inbox`;
const INBOX_PASSWORD = 'editor-run inbox password';

const textsTo = (number: string) =>
	stack.twilio.messages.filter((m: { to: string }) => m.to === number);

beforeAll(async () => {
	stack = await startStack({ name: 'editor-run', port: 5811, workflows });
	store = await stack.openWorkspace();
	await store.settings.set('premium_actions', { enabled: true });
	await store.settings.set('reputation', {
		enabled: true,
		review_link: 'https://g.page/r/glow-med-spa/review',
		sms_body: 'Hi {{contact.first_name}}, mind leaving a review? {{reputation.review_link}}',
	});
	const owner = await store.teamUsers.create({
		name: 'Olivia Owner',
		email: 'owner@glowmedspa.test',
		phone: '+15550001999',
		role: 'owner',
	});
	await setPassword(store, owner.id, INBOX_PASSWORD);
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
});

beforeEach(() => {
	stack.twilio.reset();
	stack.smtp.reset();
	stack.slack.reset();
});

describe('an editor run that reaches real contacts', () => {
	it('with Test Phone Number empty, texts the contacts, flags each item and warns in the execution', async () => {
		const executionId = await runFromEditor(stack.host, 'aeEdSmsNoTest01');
		const { items, hints } = await nodeRun(executionId, 'Send SMS');
		expect(textsTo('+15553330001')).toHaveLength(1);
		expect(textsTo('+15553330002')).toHaveLength(1);
		expect(items.map((json) => [json.sms.to, json.sms.test, json.reached_real_contact])).toEqual([
			['+15553330001', false, true],
			['+15553330002', false, true],
		]);
		expect(hints).toEqual([
			{
				message:
					'This run from the editor reached 2 real contacts (+15553330001, +15553330002). Fill in Test Phone Number to text yourself instead.',
				type: 'warning',
				location: 'outputPane',
			},
		]);
	});

	it('with Test Phone Number set, texts only the test number, with no flag and no warning', async () => {
		const executionId = await runFromEditor(stack.host, 'aeEdSmsTester01');
		const { items, hints } = await nodeRun(executionId, 'Send SMS');
		expect(stack.twilio.messages.map((m: { to: string }) => m.to)).toEqual([TESTER]);
		expect(items[0].sms).toMatchObject({ test: true, to: TESTER });
		expect(items[0]).not.toHaveProperty('reached_real_contact');
		expect(hints).toEqual([]);
	});

	it('with Test Email empty, emails the contact, flags the item and warns; with Test Email set, only the tester gets it', async () => {
		const reached = await nodeRun(await runFromEditor(stack.host, 'aeEdMailNoTest1'), 'Send Email');
		expect((await stack.smtp.waitForMessages(1))[0].envelope.to).toEqual([
			'15553330004@example.com',
		]);
		expect(reached.items[0].reached_real_contact).toBe(true);
		expect(reached.hints.map((h) => h.message)).toEqual([
			'This run from the editor reached 1 real contact (15553330004@example.com). Fill in Test Email to send to yourself instead.',
		]);

		stack.smtp.reset();
		const tested = await nodeRun(await runFromEditor(stack.host, 'aeEdMailTester1'), 'Send Email');
		expect((await stack.smtp.waitForMessages(1))[0].envelope.to).toEqual(['you@glowmedspa.test']);
		expect(tested.items[0]).not.toHaveProperty('reached_real_contact');
		expect(tested.hints).toEqual([]);
	});

	it('asks a real contact for a review, since review requests have no test recipient, and says so', async () => {
		const { items, hints } = await nodeRun(
			await runFromEditor(stack.host, 'aeEdReviewSms01'),
			'Send Review Request',
		);
		const [text] = textsTo('+15553330012');
		expect(text.body).toMatch(/^Hi Jane, mind leaving a review\? http\S+$/);
		expect(items[0].reached_real_contact).toBe(true);
		expect(hints.map((h) => h.message)).toEqual([
			'This run from the editor reached 1 real contact (+15553330012). Review requests have no test recipient: try this step with a contact of your own.',
		]);
	});

	it('Manual Action SMS with Test Phone Number empty: warns while the task waits, and once it is sent the output is flagged', async () => {
		const executionId = await runFromEditor(stack.host, 'aeEdManualSmsNo');
		const queued = await waitingRun(executionId, 'Manual Action SMS');
		expect(queued.items[0].manual_action).toMatchObject({
			status: 'pending',
			blank_merge_fields: ['contact.last_name'],
		});
		expect(queued.items[0]).not.toHaveProperty('reached_real_contact');
		expect(queued.hints.map((h) => [h.type ?? 'info', h.message])).toEqual([
			['info', 'Manual SMS added to the manual queue.'],
			[
				'warning',
				'This run from the editor queued texts to 1 real contact (+15553330013). Fill in Test Phone Number to text yourself instead.',
			],
		]);
		expect(stack.twilio.messages).toHaveLength(0);

		const task = await pendingTaskFor(store, '+15553330013');
		const visitor = new Visitor(inbox);
		await visitor.signIn('owner@glowmedspa.test', INBOX_PASSWORD);
		const page = await visitor.fetch(`${inbox()}/task?id=${task.id}`);
		await visitor.fetch(`${inbox()}/task`, {
			form: {
				csrf: Visitor.csrf(page.text),
				id: String(task.id),
				action: 'send',
				message: task.message,
			},
		});
		expect(textsTo('+15553330013').map((m: { body: string }) => m.body)).toEqual([RENDERED]);

		const done = await finalRun(executionId, 'Manual Action SMS');
		expect(done.items[0].reached_real_contact).toBe(true);
		expect(done.items[0].manual_action).toMatchObject({
			message: RENDERED,
			message_edited: false,
			blank_merge_fields: ['contact.last_name'],
		});
		// n8n replaces the waiting run when the node resumes and keeps no hints from a resume webhook:
		// after the task is sent, the flag on the item is what says it.
		expect(done.hints).toEqual([]);
	});

	it('Call: warns while the calls ring, naming the contacts it is calling', async () => {
		// The second contact is outside calling hours, so the execution waits for their window and the warning stays visible.
		const executionId = await runFromEditor(stack.host, 'aeEdCallTwoZone');
		const { items, hints }: { items: Json[]; hints: Json[] } = await eventually(async () => {
			const waiting = await waitingRun(executionId, 'Call');
			expect(waiting.hints.length).toBe(2);
			return waiting;
		});
		expect(hints.map((h) => [h.type ?? 'info', h.message])).toEqual([
			[
				'info',
				"Calling Hours: 1 item(s) wait for the contact's calling window; the workflow continues when every call has ended.",
			],
			[
				'warning',
				'This run from the editor is calling 1 real contact (+15553330014). Calls have no test number: try this step with a contact of your own.',
			],
		]);
		expect(items[1].call).toMatchObject({ status: 'waiting' });
		await eventually(async () =>
			expect(stack.twilio.voice.calls.some((c: { to: string }) => c.to === '+15553330014')).toBe(
				true,
			),
		);
		expect(stack.twilio.voice.calls.some((c: { to: string }) => c.to === '+15553330015')).toBe(
			false,
		);
	});

	it('Call: the item that reaches the next node is flagged once the contact was dialled', async () => {
		const executionId = await runFromEditor(stack.host, 'aeEdCallWhisper');
		const { items, hints } = await finalRun(executionId, 'Call');
		expect(items[0].call).toMatchObject({
			outcome: 'connected',
			contact: { number: '+15553330010' },
		});
		expect(items[0].reached_real_contact).toBe(true);
		expect(hints).toEqual([]);
	});

	it('leaves live runs as they were: no flag, no warning', async () => {
		const before = await stack.host.lastExecutionId('aeLiveSmsNoTest');
		const {
			json: [item],
		} = await stack.trigger('live-sms', { first_name: 'Lee', phone: '+15553330011' });
		expect(item.sms).toMatchObject({ status: 'sent', to: '+15553330011', test: false });
		expect(item).not.toHaveProperty('reached_real_contact');
		const execution = await stack.host.lastExecution('aeLiveSmsNoTest', { after: before });
		expect(execution.data.resultData.runData['Send SMS'][0].hints ?? []).toEqual([]);
	});
});

describe('a dragged field and custom values in one expression, run from the editor', () => {
	it('Send SMS', async () => {
		const { items } = await nodeRun(await runFromEditor(stack.host, 'aeEdSmsTester01'), 'Send SMS');
		expect(stack.twilio.messages.map((m: { body: string }) => m.body)).toEqual([RENDERED]);
		expect(items[0].sms.blank_merge_fields).toEqual(['contact.last_name']);
	});

	it('Send Email, subject and body', async () => {
		const { items } = await nodeRun(
			await runFromEditor(stack.host, 'aeEdMailTester1'),
			'Send Email',
		);
		const [mail] = await stack.smtp.waitForMessages(1);
		expect(mail.subject).toBe('Your visit, Jane, at 10:00 AM');
		expect(mail.html).toContain(`<p>${RENDERED}</p>`);
		expect(items[0].email.blank_merge_fields).toEqual(['contact.last_name']);
	});

	it('Slack', async () => {
		const { items } = await nodeRun(await runFromEditor(stack.host, 'aeEdSlack000001'), 'Slack');
		expect(
			stack.slack.posts.map((p: { channel: string; text: string }) => [p.channel, p.text]),
		).toEqual([['CFRONTDESK', RENDERED]]);
		expect(items[0].slack.blank_merge_fields).toEqual(['contact.last_name']);
	});

	it('Internal Notification by SMS', async () => {
		const { items } = await nodeRun(
			await runFromEditor(stack.host, 'aeEdNotifySms01'),
			'Internal Notification',
		);
		expect(stack.twilio.messages.map((m: { to: string; body: string }) => [m.to, m.body])).toEqual([
			[TESTER, RENDERED],
		]);
		expect(items[0].notification.blank_merge_fields).toEqual(['contact.last_name']);
	});

	it('Internal Notification in the app, title and message', async () => {
		const { items } = await nodeRun(
			await runFromEditor(stack.host, 'aeEdNotifyApp01'),
			'Internal Notification',
		);
		const owner = await store.teamUsers.find('owner@glowmedspa.test');
		const [bell] = await store.notifications.forUser(owner!.id);
		expect(bell).toMatchObject({ title: 'Jane at 10:00 AM', message: RENDERED });
		expect(items[0].notification.blank_merge_fields).toEqual(['contact.last_name']);
	});

	it('Manual Action SMS (the prefilled text of the task, and what came out blank)', async () => {
		const executionId = await runFromEditor(stack.host, 'aeEdManualSms01');
		const task = await pendingTaskFor(store, '+15553330009');
		expect(task).toMatchObject({
			message: RENDERED,
			send_to: TESTER,
			blank_merge_fields: ['contact.last_name'],
		});
		const queued = await waitingRun(executionId, 'Manual Action SMS');
		expect(queued.items[0].manual_action.blank_merge_fields).toEqual(['contact.last_name']);
		// The Test Phone Number keeps the run to the tester: no warning.
		expect(queued.hints.map((h) => h.message)).toEqual(['Manual SMS added to the manual queue.']);

		const {
			json: [got],
		} = await stack.trigger('queue-get', { taskId: task.id });
		expect(got).toMatchObject({
			id: task.id,
			status: 'pending',
			blank_merge_fields: ['contact.last_name'],
		});

		const visitor = new Visitor(inbox);
		await visitor.signIn('owner@glowmedspa.test', INBOX_PASSWORD);
		const queue = await visitor.fetch(inbox());
		expect(queue.text).toContain('Blank custom values: {{contact.last_name}}');
		const page = await visitor.fetch(`${inbox()}/task?id=${task.id}`);
		expect(page.text).toMatch(
			/<div class="error" id="blank-fields"><strong>Blank for this contact<\/strong>[^<]*<ul><li><code>\{\{contact\.last_name\}\}<\/code>: needs The trigger&#39;s contact, or the contact record the workspace keeps<\/li><\/ul><\/div>/,
		);
	});

	it('Call (the whisper the assigned user hears)', async () => {
		stack.twilio.voice.answerAs(MAYA, { pressAfter: 1, talkSeconds: 5 });
		const executionId = await runFromEditor(stack.host, 'aeEdCallWhisper');
		const call = await eventually(async () => {
			const [placed] = stack.twilio.voice.calls.filter((c: { to: string }) => c.to === MAYA);
			expect(placed?.heard.some((h: { verb: string }) => h.verb === 'Say')).toBe(true);
			return placed;
		});
		expect(call.heard.find((h: { verb: string }) => h.verb === 'Say').text).toBe(RENDERED);
		const { items } = await finalRun(executionId, 'Call');
		expect(items[0].call.blank_merge_fields).toEqual(['contact.last_name']);
	});
});
