/**
 * Manual Action SMS and Call in a real n8n host: the execution waits in n8n's own database until the
 * task is completed from the queue (here through the Manual Actions node), then continues; a task
 * completed twice or by two people at once sends once and resumes once; tasks and waiting executions
 * survive an n8n restart.
 */
import type { WorkspaceStore } from '../../core/store/workspaceStore';

const { startStack, exampleWorkflow, variant } = require('../support/stack');
const { webhookWorkflow: hooked, eventually, pendingTaskFor: pendingIn } = require('../support/workflows');

jest.setTimeout(300_000);

type Stack = Awaited<ReturnType<typeof startStack>>;
let stack: Stack;
let store: WorkspaceStore;

const consultation = exampleWorkflow('consultation-follow-up-sms.json');
const followUpCall = exampleWorkflow('lead-follow-up-call.json');
const SMS = 'Consultation Follow-Up SMS';
const CALL = 'Lead Follow-Up Call';

const queueNode = (operation: string, parameters: Record<string, unknown>) => ({
	id: `queue-${operation}`,
	name: 'Queue',
	type: 'n8n-nodes-aesthetix.manualActions',
	typeVersion: 1,
	position: [240, 0],
	parameters: { operation, ...parameters },
	credentials: {
		aesthetixWorkspaceApi: { id: 'aeWorkspace00001', name: 'Glow Med Spa workspace' },
		aesthetixTwilioApi: { id: 'aeTwilioLocal001', name: 'Local Twilio' },
	},
});


/** Run from the editor: the SMS task texts the Test Phone Number. */
const editorRun = {
	id: 'aeManualSmsTest1',
	name: 'Manual SMS preview',
	active: false,
	settings: { executionOrder: 'v1' },
	nodes: [
		{ id: 'start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			...consultation.nodes[1],
			id: 'preview-sms',
			webhookId: '6d8f0b24-3c5e-4a7b-8d9f-0e1a2b3c4d99',
			parameters: { ...consultation.nodes[1].parameters, contact: '={{ {"first_name": "Ivo", "phone": "+15558880007"} }}', testPhoneNumber: '+15550001000' },
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
	variant(consultation, {
		id: 'aeConsultAssign1',
		path: 'consultation-assign',
		nodes: { [SMS]: { parameters: { ...consultation.nodes[1].parameters, advancedSettings: { assignTo: '={{ $json.body.assignTo }}' } } } },
	}),
	variant(followUpCall, {
		id: 'aeCallWaitLimit1',
		path: 'call-with-limit',
		nodes: { [CALL]: { parameters: { ...followUpCall.nodes[1].parameters, advancedSettings: { limitWaitTime: { limit: { amount: 3, unit: 'seconds' } } } } } },
	}),
	hooked('aeQueueComplete1', 'queue-complete', queueNode('complete', {
		taskId: '={{ $json.body.taskId }}',
		completedBy: '={{ $json.body.by }}',
		message: '={{ $json.body.message ?? "" }}',
		outcome: '={{ $json.body.outcome ?? "connected" }}',
		notes: '={{ $json.body.notes ?? "" }}',
	})),
	hooked('aeQueueDelete001', 'queue-delete', queueNode('delete', { taskId: '={{ $json.body.taskId }}', completedBy: '={{ $json.body.by }}' })),
	hooked('aeQueueList00001', 'queue-list', queueNode('getAll', { filters: { status: 'pending' } })),
];



let ids: Record<string, number>;

beforeAll(async () => {
	stack = await startStack({ name: 'manual-actions', port: 5751, workflows });
	store = await stack.openWorkspace();
	const maya = await store.teamUsers.create({ name: 'Maya Lopez', email: 'maya@glowmedspa.test', role: 'coordinator' });
	const sam = await store.teamUsers.create({ name: 'Sam Reyes', email: 'sam@glowmedspa.test', contact_access: 'assigned' });
	const ivy = await store.teamUsers.create({ name: 'Ivy Chen', email: 'ivy@glowmedspa.test', contact_access: 'all' });
	ids = { maya: maya.id, sam: sam.id, ivy: ivy.id };
});

afterAll(async () => {
	await store?.close();
	await stack?.stop();
});

beforeEach(() => stack.twilio.reset());

describe('the consultation-form example (Manual Action SMS)', () => {
	it('queues a prefilled task for the coordinator, waits, and continues once the edited SMS is sent', async () => {
		await stack.trigger('consultation-form', { contact: { first_name: 'Ana', phone: '+15558880001', assigned_user: 'maya@glowmedspa.test' } });
		const task = await pendingIn(store, '+15558880001');
		expect(task).toMatchObject({
			type: 'sms',
			assignee_user_id: ids.maya,
			assignment: 'contact_owner',
			action_name: SMS,
			message: 'Hi Ana, thanks for your interest. Click here to book your consultation: https://book.glowmedspa.test/consultation',
		});
		const waiting = await stack.host.lastExecution('aeConsultFormSms');
		expect(waiting.status).toBe('waiting');
		expect(stack.twilio.messages).toHaveLength(0);

		const personal = 'Hi Ana! Maya here. Book your consultation: https://book.glowmedspa.test/consultation';
		const done = await stack.trigger('queue-complete', { taskId: task.id, by: 'Maya Lopez', message: personal });
		expect(done.json[0]).toMatchObject({ status: 'completed', completed_now: true, workflow_resumed: true, final_message: personal });
		const [text] = await stack.twilio.waitForMessages(1);
		expect(text).toMatchObject({ to: '+15558880001', body: personal });

		const finished = await eventually(async () => {
			const execution = await stack.host.finishedExecution(waiting.id);
			expect(execution.status).toBe('success');
			return execution;
		});
		expect(finished.data.resultData.lastNodeExecuted).toBe('Follow-Up Sent');
		const output = finished.data.resultData.runData[SMS].at(-1).data.main[0][0].json;
		expect(output.manual_action).toMatchObject({ task_id: task.id, message: personal, completed_by: 'Maya Lopez', message_sid: text.sid });
		const log = await store.conversations.forContact(task.contact_id);
		expect(log.at(-1)).toMatchObject({ channel: 'sms', body: personal, action_name: SMS });
	});

	it('sends once and resumes once when the task is completed twice, or by two people at once', async () => {
		await stack.trigger('consultation-form', { contact: { first_name: 'Bo', phone: '+15558880002' } });
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
		const { executionId } = (await stack.host.rest('/workflows/aeManualSmsTest1/run', { method: 'POST', body: { triggerToStartFrom: { name: 'Start' } } })).data;
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

describe('Assign To', () => {
	it.each([
		['a selected user with access to all contacts', () => ids.ivy, () => ids.ivy, 'selected'],
		['a selected user without access falls back to the contact owner', () => ids.sam, () => ids.maya, 'contact_owner'],
		['no user selected: the contact owner', () => '', () => ids.maya, 'contact_owner'],
	])('%s', async (_case, assignTo, expected, rule) => {
		const phone = `+1555888${String(Math.floor(Math.random() * 9000) + 1000)}`;
		await stack.trigger('consultation-assign', { contact: { first_name: 'Cy', phone, assigned_user: 'maya@glowmedspa.test' }, assignTo: assignTo() });
		const task = await pendingIn(store, phone);
		expect(task).toMatchObject({ assignee_user_id: expected(), assignment: rule });
	});

	it('neither a user with access nor an owner: Unassigned', async () => {
		await stack.trigger('consultation-assign', { contact: { first_name: 'Di', phone: '+15558889999' }, assignTo: ids.sam });
		expect(await pendingIn(store, '+15558889999')).toMatchObject({ assignee_user_id: null, assignment: 'unassigned' });
	});
});

describe('the lead follow-up call example (Manual Action Call)', () => {
	it('waits until the outcome is recorded, logs it on the contact, and continues', async () => {
		await stack.trigger('contact-created', { contact: { first_name: 'Eve', phone: '+15558880003', assigned_user: 'maya@glowmedspa.test' } });
		const task = await pendingIn(store, '+15558880003');
		expect(task).toMatchObject({ type: 'call', action_name: CALL, assignee_user_id: ids.maya });
		const listed = await stack.trigger('queue-list', {});
		expect(listed.json.map((t: { id: number }) => t.id)).toContain(task.id);
		await stack.trigger('queue-complete', { taskId: task.id, by: 'Maya Lopez', outcome: 'left_voicemail', notes: 'Will try again Friday' });
		const execution = await eventually(async () => {
			const last = await stack.host.lastExecution('aeLeadFollowCall');
			expect(last.status).toBe('success');
			return last;
		});
		expect(execution.data.resultData.runData[CALL].at(-1).data.main[0][0].json.manual_action).toMatchObject({
			outcome: 'left_voicemail',
			notes: 'Will try again Friday',
			completed_by: 'Maya Lopez',
		});
		const log = await store.conversations.forContact(task.contact_id);
		expect(log.at(-1)).toMatchObject({ channel: 'call', status: 'left_voicemail', body: 'Will try again Friday' });
		expect(stack.twilio.messages).toHaveLength(0);
	});

	it('refuses an outcome the call report does not know', async () => {
		await stack.trigger('contact-created', { contact: { first_name: 'Fay', phone: '+15558880004' } });
		const task = await pendingIn(store, '+15558880004');
		const { status } = await stack.trigger('queue-complete', { taskId: task.id, by: 'Maya', outcome: 'teleported' });
		expect(status).toBe(500);
		expect((await store.manualTasks.get(task.id))?.status).toBe('pending');
	});
});

describe('the optional wait limit', () => {
	it('moves the workflow on when the task is not worked in time, and the output says so', async () => {
		await stack.trigger('call-with-limit', { contact: { first_name: 'Hal', phone: '+15558880006' } });
		const task = await pendingIn(store, '+15558880006');
		// n8n looks for expired waits once a minute.
		const execution = await eventually(async () => {
			const last = await stack.host.lastExecution('aeCallWaitLimit1');
			expect(last.status).toBe('success');
			return last;
		}, 90_000);
		expect(execution.data.resultData.lastNodeExecuted).toBe('Call Worked');
		const output = execution.data.resultData.runData['Call Worked'][0].data.main[0][0].json;
		expect(output.manual_action).toMatchObject({ task_id: task.id, status: 'not_completed_in_time' });
		const late = await stack.trigger('queue-complete', { taskId: task.id, by: 'Maya Lopez', outcome: 'connected', notes: 'Reached them the next day' });
		expect(late.json[0]).toMatchObject({ status: 'completed', completed_now: true, workflow_resumed: false });
		expect(late.json[0].note).toMatch(/^The workflow had already moved on/);
		expect((await store.conversations.forContact(task.contact_id)).at(-1)).toMatchObject({ channel: 'call', status: 'connected' });
	});
});

describe('a restart while tasks wait', () => {
	it('keeps the task and the waiting execution, and deleting the task (marking it complete) resumes it', async () => {
		await stack.trigger('contact-created', { contact: { first_name: 'Gus', phone: '+15558880005' } });
		const task = await pendingIn(store, '+15558880005');
		const waiting = await stack.host.lastExecution('aeLeadFollowCall');
		expect(waiting.status).toBe('waiting');
		await stack.host.stop();
		await stack.host.start();
		const deleted = await stack.trigger('queue-delete', { taskId: task.id, by: 'Maya Lopez' });
		expect(deleted.json[0]).toMatchObject({ status: 'completed', outcome: 'deleted', workflow_resumed: true });
		const resumed = await eventually(async () => {
			const execution = await stack.host.finishedExecution(waiting.id);
			expect(execution.status).toBe('success');
			return execution;
		});
		expect(resumed.data.resultData.lastNodeExecuted).toBe('Call Worked');
	});
});
