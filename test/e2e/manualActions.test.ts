/**
 * Manual Action SMS and Call in a real n8n host: the execution waits in n8n's own database until the
 * task is completed from the queue (here through the Manual Actions node), then continues; a task
 * completed twice or by two people at once sends once and resumes once; tasks and waiting executions
 * survive an n8n restart. What a queued task holds (its Message, its assignee) and the Manual Actions
 * list run in process: test/inprocess/manualActions.test.ts.
 */
import type { WorkspaceStore } from '../../core/store/workspaceStore';

const { startStack, variant } = require('../support/stack');
const { eventually, pendingTaskFor: pendingIn, taskFor } = require('../support/workflows');
const manualActionFlows = require('../support/manualActionFlows');

jest.setTimeout(300_000);

type Stack = Awaited<ReturnType<typeof startStack>>;
let stack: Stack;
let store: WorkspaceStore;

const {
	consultation,
	followUpCall,
	SMS,
	CALL,
	queueWorkflow,
	queueComplete,
	consultationSaying,
	addCoordinators,
} = manualActionFlows;

/** Run from the editor: the SMS task texts the Test Phone Number. */
const editorRun = {
	id: 'aeManualSmsTest1',
	name: 'Manual SMS preview',
	active: false,
	settings: { executionOrder: 'v1' },
	nodes: [
		{
			id: 'start',
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			...consultation.nodes[1],
			id: 'preview-sms',
			webhookId: '6d8f0b24-3c5e-4a7b-8d9f-0e1a2b3c4d99',
			parameters: {
				...consultation.nodes[1].parameters,
				contact: '={{ {"first_name": "Ivo", "phone": "+15558880007"} }}',
				testPhoneNumber: '+15550001000',
			},
		},
		{ ...consultation.nodes[2], id: 'preview-done' },
	],
	connections: {
		Start: { main: [[{ node: SMS, type: 'main', index: 0 }]] },
		[SMS]: { main: [[{ node: 'Follow-Up Sent', type: 'main', index: 0 }]] },
	},
};

const workflows = [
	editorRun,
	consultation,
	followUpCall,
	consultationSaying(
		'aeConsultBlank01',
		'consultation-blank',
		'Hi {{contact.first_name}}, your visit is on {{appointment.only_start_date}}.',
	),
	variant(followUpCall, {
		id: 'aeCallWaitLimit1',
		path: 'call-with-limit',
		nodes: {
			[CALL]: {
				parameters: {
					...followUpCall.nodes[1].parameters,
					limitWaitTime: true,
					waitAmount: 3,
					waitUnit: 'seconds',
				},
			},
		},
	}),
	// Version 1 kept the limit inside Advanced Settings; its saved workflows still move on in time.
	variant(followUpCall, {
		id: 'aeCallWaitLimV10',
		path: 'call-with-limit-v1',
		nodes: {
			[CALL]: {
				typeVersion: 1,
				parameters: {
					...followUpCall.nodes[1].parameters,
					advancedSettings: { limitWaitTime: { limit: { amount: 3, unit: 'seconds' } } },
				},
			},
		},
	}),
	queueComplete(),
	queueWorkflow('aeQueueDelete001', 'queue-delete', 'delete', {
		taskId: '={{ $json.body.taskId }}',
		completedBy: '={{ $json.body.by }}',
	}),
	queueWorkflow('aeQueueList00001', 'queue-list', 'getAll', { filters: { status: 'pending' } }),
];

let ids: Record<string, number>;

beforeAll(async () => {
	stack = await startStack({ name: 'manual-actions', port: 5751, workflows });
	store = await stack.openWorkspace();
	ids = await addCoordinators(store);
	// n8n looks for expired waits once a minute: the runs whose wait limit passes start first, so that
	// look comes while the other tests run rather than after the test that checks them.
	await stack.trigger('call-with-limit', { contact: { first_name: 'Hal', phone: '+15558880006' } });
	await stack.trigger('call-with-limit-v1', {
		contact: { first_name: 'Ivo', phone: '+15558880036' },
	});
});

afterAll(async () => {
	await store?.close();
	await stack?.stop();
});

beforeEach(() => stack.twilio.reset());

describe('the consultation-form example (Manual Action SMS)', () => {
	it('queues a prefilled task for the coordinator, waits, and continues once the edited SMS is sent', async () => {
		await stack.trigger('consultation-form', {
			contact: { first_name: 'Ana', phone: '+15558880001', assigned_user: 'maya@glowmedspa.test' },
		});
		const task = await pendingIn(store, '+15558880001');
		expect(task).toMatchObject({
			type: 'sms',
			assignee_user_id: ids.maya,
			assignment: 'contact_owner',
			action_name: SMS,
			message:
				'Hi Ana, thanks for your interest. Click here to book your consultation: https://book.glowmedspa.test/consultation',
		});
		const waiting = await stack.host.lastExecution('aeConsultFormSms');
		expect(waiting.status).toBe('waiting');
		expect(stack.twilio.messages).toHaveLength(0);

		const personal =
			'Hi Ana! Maya here. Book your consultation: https://book.glowmedspa.test/consultation';
		const done = await stack.trigger('queue-complete', {
			taskId: task.id,
			by: 'Maya Lopez',
			message: personal,
		});
		expect(done.json[0]).toMatchObject({
			status: 'completed',
			completed_now: true,
			workflow_resumed: true,
			final_message: personal,
		});
		const [text] = await stack.twilio.waitForMessages(1);
		expect(text).toMatchObject({ to: '+15558880001', body: personal });

		const finished = await eventually(async () => {
			const execution = await stack.host.finishedExecution(waiting.id);
			expect(execution.status).toBe('success');
			return execution;
		});
		expect(finished.data.resultData.lastNodeExecuted).toBe('Follow-Up Sent');
		const output = finished.data.resultData.runData[SMS].at(-1).data.main[0][0].json;
		expect(output.manual_action).toMatchObject({
			task_id: task.id,
			message: personal,
			completed_by: 'Maya Lopez',
			message_sid: text.sid,
		});
		const log = await store.conversations.forContact(task.contact_id);
		expect(log.at(-1)).toMatchObject({ channel: 'sms', body: personal, action_name: SMS });
	});

	it('says which custom values came out blank for the contact, while the task waits and after the coordinator fixed the text', async () => {
		await stack.trigger('consultation-blank', {
			contact: { first_name: 'Noa', phone: '+15558880020' },
		});
		const task = await pendingIn(store, '+15558880020');
		expect(task).toMatchObject({
			message: 'Hi Noa, your visit is on .',
			blank_merge_fields: ['appointment.only_start_date'],
		});
		const waiting = await eventually(async () => {
			const execution = await stack.host.lastExecution('aeConsultBlank01');
			expect(execution.status).toBe('waiting');
			return execution;
		});
		expect(
			waiting.data.resultData.runData[SMS].at(-1).data.main[0][0].json.manual_action,
		).toMatchObject({
			task_id: task.id,
			status: 'pending',
			blank_merge_fields: ['appointment.only_start_date'],
		});

		const fixed = 'Hi Noa, your visit is on Tuesday, December 1.';
		await stack.trigger('queue-complete', { taskId: task.id, by: 'Maya Lopez', message: fixed });
		expect((await stack.twilio.waitForMessages(1))[0]).toMatchObject({
			to: '+15558880020',
			body: fixed,
		});
		const finished = await eventually(async () => {
			const execution = await stack.host.finishedExecution(waiting.id);
			expect(execution.status).toBe('success');
			return execution;
		});
		const output = finished.data.resultData.runData[SMS].at(-1).data.main[0][0].json;
		expect(output.manual_action).toMatchObject({
			message: fixed,
			message_edited: true,
			blank_merge_fields: ['appointment.only_start_date'],
		});
		// A live run: nothing to warn about.
		expect(output).not.toHaveProperty('reached_real_contact');
	});

	it('sends once and resumes once when the task is completed twice, or by two people at once', async () => {
		await stack.trigger('consultation-form', {
			contact: { first_name: 'Bo', phone: '+15558880002' },
		});
		const task = await pendingIn(store, '+15558880002');
		const [first, second] = await Promise.all([
			stack.trigger('queue-complete', { taskId: task.id, by: 'Maya Lopez' }),
			stack.trigger('queue-complete', { taskId: task.id, by: 'Ivy Chen' }),
		]);
		const outcomes = [first.json[0], second.json[0]];
		expect(outcomes.filter((o) => o.completed_now)).toHaveLength(1);
		const again = await stack.trigger('queue-complete', { taskId: task.id, by: 'Sam Reyes' });
		expect(again.json[0]).toMatchObject({ completed_now: false, workflow_resumed: false });
		await new Promise((r) => setTimeout(r, 500));
		expect(stack.twilio.messages).toHaveLength(1);
		expect(task.assignment).toBe('unassigned');
	});
});

describe('the Test Phone Number (a run started from the editor)', () => {
	it('queues the task as usual, and sending it texts the Test Phone Number instead of the contact', async () => {
		const { executionId } = (
			await stack.host.rest('/workflows/aeManualSmsTest1/run', {
				method: 'POST',
				body: { triggerToStartFrom: { name: 'Start' } },
			})
		).data;
		const task = await pendingIn(store, '+15558880007');
		expect(task.send_to).toBe('+15550001000');
		await stack.trigger('queue-complete', { taskId: task.id, by: 'Maya Lopez' });
		const [text] = await stack.twilio.waitForMessages(1);
		expect(text.to).toBe('+15550001000');
		const execution = await eventually(async () => {
			const done = await stack.host.finishedExecution(executionId);
			expect(done.status).toBe('success');
			return done;
		});
		expect(execution.data.resultData.lastNodeExecuted).toBe('Follow-Up Sent');
	});
});

describe('the lead follow-up call example (Manual Action Call)', () => {
	it('waits until the outcome is recorded, logs it on the contact, and continues', async () => {
		await stack.trigger('contact-created', {
			contact: { first_name: 'Eve', phone: '+15558880003', assigned_user: 'maya@glowmedspa.test' },
		});
		const task = await pendingIn(store, '+15558880003');
		expect(task).toMatchObject({ type: 'call', action_name: CALL, assignee_user_id: ids.maya });
		const listed = await stack.trigger('queue-list', {});
		expect(listed.json.map((t: { id: number }) => t.id)).toContain(task.id);
		await stack.trigger('queue-complete', {
			taskId: task.id,
			by: 'Maya Lopez',
			outcome: 'left_voicemail',
			notes: 'Will try again Friday',
		});
		const execution = await eventually(async () => {
			const last = await stack.host.lastExecution('aeLeadFollowCall');
			expect(last.status).toBe('success');
			return last;
		});
		expect(
			execution.data.resultData.runData[CALL].at(-1).data.main[0][0].json.manual_action,
		).toMatchObject({
			outcome: 'left_voicemail',
			notes: 'Will try again Friday',
			completed_by: 'Maya Lopez',
		});
		const log = await store.conversations.forContact(task.contact_id);
		expect(log.at(-1)).toMatchObject({
			channel: 'call',
			status: 'left_voicemail',
			body: 'Will try again Friday',
		});
		expect(stack.twilio.messages).toHaveLength(0);
	});
});

describe('a restart while tasks wait', () => {
	it('keeps the task and the waiting execution, and deleting the task (marking it complete) resumes it', async () => {
		await stack.trigger('contact-created', {
			contact: { first_name: 'Gus', phone: '+15558880005' },
		});
		const task = await pendingIn(store, '+15558880005');
		const waiting = await stack.host.lastExecution('aeLeadFollowCall');
		expect(waiting.status).toBe('waiting');
		await stack.host.stop();
		await stack.host.start();
		const deleted = await stack.trigger('queue-delete', { taskId: task.id, by: 'Maya Lopez' });
		expect(deleted.json[0]).toMatchObject({
			status: 'completed',
			outcome: 'deleted',
			workflow_resumed: true,
		});
		const resumed = await eventually(async () => {
			const execution = await stack.host.finishedExecution(waiting.id);
			expect(execution.status).toBe('success');
			return execution;
		});
		expect(resumed.data.resultData.lastNodeExecuted).toBe('Call Worked');
	});
});

describe('the optional wait limit', () => {
	it('moves the workflow on when the task is not worked in time, and the output says so', async () => {
		// Started with the suite (see beforeAll): both tasks were queued, and no one works them. The
		// restart above made n8n look for expired waits at once, as it does when it starts.
		const task = await taskFor(store, '+15558880006');
		const taskAtV1 = await taskFor(store, '+15558880036');
		for (const [workflowId, waited] of [
			['aeCallWaitLimit1', task],
			['aeCallWaitLimV10', taskAtV1],
		] as const) {
			const execution = await eventually(async () => {
				const last = await stack.host.lastExecution(workflowId);
				expect(last.status).toBe('success');
				return last;
			}, 90_000);
			expect(execution.data.resultData.lastNodeExecuted).toBe('Call Worked');
			const output = execution.data.resultData.runData['Call Worked'][0].data.main[0][0].json;
			expect(output.manual_action).toMatchObject({
				task_id: waited.id,
				status: 'not_completed_in_time',
			});
		}
		const late = await stack.trigger('queue-complete', {
			taskId: task.id,
			by: 'Maya Lopez',
			outcome: 'connected',
			notes: 'Reached them the next day',
		});
		expect(late.json[0]).toMatchObject({
			status: 'completed',
			completed_now: true,
			workflow_resumed: false,
		});
		expect(late.json[0].note).toMatch(/^The workflow had already moved on/);
		expect((await store.conversations.forContact(task.contact_id)).at(-1)).toMatchObject({
			channel: 'call',
			status: 'connected',
		});
	});
});

describe('the resume URL (a bearer token for the waiting execution)', () => {
	const post = (url: string, body: unknown) =>
		fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});

	it('refuses a bare POST, or one naming tasks not yet done, and the execution goes on waiting', async () => {
		await stack.trigger('consultation-form', {
			contact: { first_name: 'Ida', phone: '+15558880011' },
		});
		const task = await pendingIn(store, '+15558880011');
		const waiting = await stack.host.lastExecution('aeConsultFormSms');
		const bare = await post(task.resume_url, {});
		expect(bare.status).toBe(409);
		expect(((await bare.json()) as { error: string }).error).toMatch(
			/1 of 1 tasks of this manual action are not completed yet/,
		);
		expect((await post(task.resume_url, { tasks: [task.id] })).status).toBe(409);
		expect((await stack.host.finishedExecution(waiting.id)).status).toBe('waiting');
		expect(stack.twilio.messages).toHaveLength(0);

		const done = await stack.trigger('queue-complete', { taskId: task.id, by: 'Maya Lopez' });
		expect(done.json[0]).toMatchObject({
			completed_now: true,
			workflow_resumed: true,
			workflow: 'resumed',
		});
		await eventually(async () =>
			expect((await stack.host.finishedExecution(waiting.id)).status).toBe('success'),
		);
	});

	it("refuses another execution's completed tasks", async () => {
		await stack.trigger('consultation-form', {
			contact: { first_name: 'Jo', phone: '+15558880012' },
		});
		const other = await pendingIn(store, '+15558880012');
		await stack.trigger('queue-complete', { taskId: other.id, by: 'Maya Lopez' });
		await stack.trigger('consultation-form', {
			contact: { first_name: 'Kit', phone: '+15558880013' },
		});
		const task = await pendingIn(store, '+15558880013');
		const waiting = await stack.host.lastExecution('aeConsultFormSms');
		// This execution's own task done, but the request names the other execution's task.
		await store.db.run(
			`UPDATE manual_tasks SET status = 'completed', completed_by = 'Maya Lopez', completed_at = ? WHERE id = ?`,
			[new Date().toISOString(), task.id],
		);
		const forged = await post(task.resume_url, { tasks: [other.id] });
		expect(forged.status).toBe(409);
		expect(((await forged.json()) as { error: string }).error).toMatch(/do not match/);
		expect((await stack.host.finishedExecution(waiting.id)).status).toBe('waiting');
		expect((await post(task.resume_url, { tasks: [task.id] })).status).toBe(200);
		const finished = await eventually(async () => {
			const execution = await stack.host.finishedExecution(waiting.id);
			expect(execution.status).toBe('success');
			return execution;
		});
		expect(
			finished.data.resultData.runData[SMS].at(-1).data.main[0].map(
				(i: { json: { manual_action: { task_id: number } } }) => i.json.manual_action.task_id,
			),
		).toEqual([task.id]);
	});

	it('is never in a Manual Actions output', async () => {
		await stack.trigger('consultation-form', {
			contact: { first_name: 'Lu', phone: '+15558880014' },
		});
		const task = await pendingIn(store, '+15558880014');
		const listed = await stack.trigger('queue-list', {});
		const mine = listed.json.find((t: { id: number }) => t.id === task.id);
		expect(mine).toMatchObject({ id: task.id, status: 'pending' });
		expect(JSON.stringify(listed.json)).not.toContain('webhook-waiting');
		const done = await stack.trigger('queue-complete', { taskId: task.id, by: 'Maya Lopez' });
		expect(done.json[0]).toMatchObject({ id: task.id, status: 'completed' });
		expect(JSON.stringify(done.json)).not.toContain('webhook-waiting');
		expect(done.json[0]).not.toHaveProperty('resume_url');
	});
});

describe('completions that could not finish', () => {
	/** Stands between the queue and n8n: answers 503 while n8n is "down", then passes requests on. */
	let proxy: import('node:http').Server;
	let proxyBase = '';
	let down = 0;
	let seen = 0;
	beforeAll(async () => {
		const http = await import('node:http');
		proxy = http.createServer(async (req, res) => {
			seen++;
			if (down > 0) {
				down--;
				res.writeHead(503, { 'content-type': 'text/plain' }).end('n8n is restarting');
				return;
			}
			const chunks: Buffer[] = [];
			for await (const chunk of req) chunks.push(chunk as Buffer);
			const upstream = await fetch(`${stack.host.baseUrl}${req.url}`, {
				method: req.method,
				headers: { 'content-type': String(req.headers['content-type'] ?? 'application/json') },
				body: req.method === 'GET' ? undefined : Buffer.concat(chunks),
			});
			res
				.writeHead(upstream.status, {
					'content-type': upstream.headers.get('content-type') ?? 'text/plain',
				})
				.end(Buffer.from(await upstream.arrayBuffer()));
		});
		await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
		proxyBase = `http://127.0.0.1:${(proxy.address() as import('node:net').AddressInfo).port}`;
	});
	afterAll(() => new Promise((resolve) => proxy.close(resolve)));

	const throughProxy = async (task: { id: number; resume_url: string }) => {
		const url = new URL(task.resume_url);
		await store.db.run('UPDATE manual_tasks SET resume_url = ? WHERE id = ?', [
			`${proxyBase}${url.pathname}${url.search}`,
			task.id,
		]);
	};

	it('retries a resume n8n refused while restarting, and resumes once', async () => {
		await stack.trigger('consultation-form', {
			contact: { first_name: 'Mo', phone: '+15558880015' },
		});
		const task = await pendingIn(store, '+15558880015');
		const waiting = await stack.host.lastExecution('aeConsultFormSms');
		await throughProxy(task);
		down = 2;
		seen = 0;
		const done = await stack.trigger('queue-complete', { taskId: task.id, by: 'Maya Lopez' });
		expect(done.json[0]).toMatchObject({
			completed_now: true,
			workflow_resumed: true,
			workflow: 'resumed',
		});
		expect(seen).toBe(3);
		await eventually(async () =>
			expect((await stack.host.finishedExecution(waiting.id)).status).toBe('success'),
		);
		expect(stack.twilio.messages).toHaveLength(1);
	});

	it('tells the person when n8n cannot take the resume, and resumes on the next visit once it can', async () => {
		await stack.trigger('consultation-form', {
			contact: { first_name: 'Ned', phone: '+15558880016' },
		});
		const task = await pendingIn(store, '+15558880016');
		const waiting = await stack.host.lastExecution('aeConsultFormSms');
		await throughProxy(task);
		down = 1_000;
		const done = await stack.trigger('queue-complete', { taskId: task.id, by: 'Maya Lopez' });
		expect(done.json[0]).toMatchObject({
			completed_now: true,
			workflow_resumed: false,
			workflow: 'retrying',
		});
		expect(done.json[0].note).toMatch(
			/The task is saved, but n8n did not take the resume of the workflow yet \(HTTP 503/,
		);
		expect((await stack.host.finishedExecution(waiting.id)).status).toBe('waiting');
		down = 0;
		// Any later use of the queue finishes it.
		await eventually(async () => {
			await stack.trigger('queue-list', {});
			expect((await stack.host.finishedExecution(waiting.id)).status).toBe('success');
		}, 30_000);
		expect((await store.manualTasks.get(task.id))?.resume_state).toBe('resumed');
		expect(stack.twilio.messages).toHaveLength(1);
	});

	it('returns a completion interrupted after its text went out to the queue, and never texts twice', async () => {
		await stack.trigger('consultation-form', {
			contact: { first_name: 'Oz', phone: '+15558880017' },
		});
		const task = await pendingIn(store, '+15558880017');
		const waiting = await stack.host.lastExecution('aeConsultFormSms');
		// What a process that died between the provider's answer and finishing the task leaves behind.
		const text = { sid: 'SM0123456789abcdef0123456789abcdef' };
		await store.db.run(
			`UPDATE manual_tasks SET status = 'completing', claimed_at = ?, claimed_by = 'Maya Lopez', sent_result = ? WHERE id = ?`,
			[
				new Date(Date.now() - 10 * 60_000).toISOString(),
				JSON.stringify({ sid: text.sid, status: 'queued', text: task.message, to: '+15558880017' }),
				task.id,
			],
		);
		const listed = await stack.trigger('queue-list', {});
		const back = listed.json.find((t: { id: number }) => t.id === task.id);
		expect(back).toMatchObject({ status: 'pending', claimed_by: null });
		expect(back.notice).toMatch(
			/A completion by Maya Lopez started at .* did not finish, so the task is back in the queue\. Its text had already gone out/,
		);
		const done = await stack.trigger('queue-complete', { taskId: task.id, by: 'Ivy Chen' });
		expect(done.json[0]).toMatchObject({
			completed_now: true,
			workflow_resumed: true,
			notice: null,
		});
		const finished = await eventually(async () => {
			const execution = await stack.host.finishedExecution(waiting.id);
			expect(execution.status).toBe('success');
			return execution;
		});
		expect(
			finished.data.resultData.runData[SMS].at(-1).data.main[0][0].json.manual_action,
		).toMatchObject({ message_sid: text.sid });
		expect(stack.twilio.messages).toHaveLength(0);
	});
});
