/**
 * Manual Action SMS and Call queue their task through n8n's engine in process: the prefilled
 * Message, who the task is assigned to, the Manual Actions list by contact, and an outcome the call
 * report does not know. The run stops waiting as a host's would; waiting, completing and resuming
 * run in a real host: test/e2e/manualActions.test.ts.
 */
import type { WorkspaceStore } from '../../core/store/workspaceStore';

const { startDoubles } = require('../support/inProcess');
const { variant } = require('../support/stack');
const { pendingTaskFor: pendingIn } = require('../support/workflows');
const {
	consultation,
	followUpCall,
	SMS,
	queueWorkflow,
	queueComplete,
	consultationSaying,
	addCoordinators,
} = require('../support/manualActionFlows');

type Stack = Awaited<ReturnType<typeof startDoubles>>;
let stack: Stack;
let store: WorkspaceStore;
let ids: Record<string, number>;

const workflows = [
	consultation,
	followUpCall,
	variant(consultation, {
		id: 'aeConsultAssign1',
		path: 'consultation-assign',
		nodes: {
			[SMS]: {
				parameters: {
					...consultation.nodes[1].parameters,
					advancedSettings: { assignTo: '={{ $json.body.assignTo }}' },
				},
			},
		},
	}),
	consultationSaying(
		'aeConsultMixed01',
		'consultation-mixed',
		'=Hi {{contact.first_name}}, {{ $json.body.offer }}',
	),
	queueComplete(),
	queueWorkflow('aeQueueListByWho', 'queue-list-contact', 'getAll', {
		filters: { contact: '={{ $json.body.contact }}' },
	}),
];

/** Starts a workflow whose Manual Action puts the run to wait for its task, as a host's would. */
async function queue(path: string, body: unknown) {
	const { status } = await stack.trigger(path, body);
	expect(status).toBe('waiting');
}

beforeAll(async () => {
	stack = await startDoubles({ workflows });
	store = await stack.openWorkspace();
	ids = await addCoordinators(store);
});

afterAll(async () => {
	await stack?.stop();
});

beforeEach(() => stack.twilio.reset());

describe('the consultation-form example (Manual Action SMS)', () => {
	it('prefills a Message that mixes custom values and an n8n expression', async () => {
		await queue('consultation-mixed', {
			contact: { first_name: 'Uma', phone: '+15558880019' },
			offer: 'your first HydraFacial is 20% off',
		});
		const task = await pendingIn(store, '+15558880019');
		expect(task.message).toBe('Hi Uma, your first HydraFacial is 20% off');
		expect(stack.twilio.messages).toHaveLength(0);
	});
});

describe('Assign To', () => {
	it.each([
		['a selected user with access to all contacts', () => ids.ivy, () => ids.ivy, 'selected'],
		[
			'a selected user without access falls back to the contact owner',
			() => ids.sam,
			() => ids.maya,
			'contact_owner',
		],
		['no user selected: the contact owner', () => '', () => ids.maya, 'contact_owner'],
	])('%s', async (_case, assignTo, expected, rule) => {
		const phone = `+1555888${String(Math.floor(Math.random() * 9000) + 1000)}`;
		await queue('consultation-assign', {
			contact: { first_name: 'Cy', phone, assigned_user: 'maya@glowmedspa.test' },
			assignTo: assignTo(),
		});
		const task = await pendingIn(store, phone);
		expect(task).toMatchObject({ assignee_user_id: expected(), assignment: rule });
	});

	it('a user given by email, as an expression would', async () => {
		await queue('consultation-assign', {
			contact: { first_name: 'Em', phone: '+15558889998' },
			assignTo: 'ivy@glowmedspa.test',
		});
		expect(await pendingIn(store, '+15558889998')).toMatchObject({
			assignee_user_id: ids.ivy,
			assignment: 'selected',
		});
	});

	it('neither a user with access nor an owner: Unassigned', async () => {
		await queue('consultation-assign', {
			contact: { first_name: 'Di', phone: '+15558889999' },
			assignTo: ids.sam,
		});
		expect(await pendingIn(store, '+15558889999')).toMatchObject({
			assignee_user_id: null,
			assignment: 'unassigned',
		});
	});
});

describe('the lead follow-up call example (Manual Action Call)', () => {
	it('refuses an outcome the call report does not know', async () => {
		await queue('contact-created', { contact: { first_name: 'Fay', phone: '+15558880004' } });
		const task = await pendingIn(store, '+15558880004');
		const { status, run } = await stack.trigger('queue-complete', {
			taskId: task.id,
			by: 'Maya',
			outcome: 'teleported',
		});
		expect(status).toBe('error');
		expect(run.error.message).toBe(
			'Outcome "teleported" is not one of connected, no_answer, left_voicemail, busy, wrong_number, callback_requested',
		);
		expect((await store.manualTasks.get(task.id))?.status).toBe('pending');
	});
});

describe('the Manual Actions list', () => {
	it("finds a contact's tasks by their email or phone number", async () => {
		await queue('consultation-form', {
			contact: { first_name: 'Pia', phone: '+15558880018', email: 'pia@example.com' },
		});
		const task = await pendingIn(store, '+15558880018');
		for (const contact of ['pia@example.com', '+1 555 888 0018']) {
			const listed = await stack.trigger('queue-list-contact', { contact });
			expect(listed.json.map((t: { id: number }) => t.id)).toEqual([task.id]);
		}
		const nobody = await stack.trigger('queue-list-contact', { contact: 'nobody@example.com' });
		expect(JSON.stringify(nobody.json)).not.toContain('"id"');
	});
});
