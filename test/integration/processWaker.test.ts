/**
 * The one waker of an n8n process: every Workspace Endpoint registers its workspace, and a single
 * timer wakes the items whose calling window has opened in each of them, through that workspace's
 * own resume, never another's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeAllStores, openStore, type StoreConfig } from '../../core/store';
import type { DeferredItemInput } from '../../core/store/deferredItems';
import type { WorkspaceStore } from '../../core/store/workspaceStore';
import { resumeWaitingNode, sweepNowAndThen } from '../../core/manualActions/resumeWorkflow';
import { ProcessWaker, type WakerWorkspace } from '../../core/run/processWaker';

const { startPostgres } = require('../support/postgres');
const { eventually } = require('../support/workflows');

jest.setTimeout(60_000);

let pg: {
	config: { host: string; port: number; user: string };
	createDatabase: (n: string) => Promise<{ database: string }>;
	stop: () => Promise<void>;
};
const dir = mkdtempSync(join(tmpdir(), 'aesthetix-waker-'));
const NOW = new Date(Date.UTC(2026, 11, 1, 15));
const HOUR = 3_600_000;
let counter = 0;

beforeAll(async () => {
	pg = await startPostgres();
});

afterAll(async () => {
	await closeAllStores();
	await pg?.stop();
	rmSync(dir, { recursive: true, force: true });
});

const waiting = (executionId: string, opensAt: Date): DeferredItemInput => ({
	execution_id: executionId,
	node_id: 'call-node',
	item_index: 0,
	action: 'call',
	status: 'waiting',
	opens_at: opensAt.toISOString(),
	resume_url: `http://n8n.test/webhook-waiting/${executionId}/call-node`,
	identity: { executionId },
	input: {},
	item: {},
});

interface Clinic {
	name: string;
	config: StoreConfig;
	store: WorkspaceStore;
	posts: Array<{ url: string; body: unknown }>;
	logs: string[];
}

async function clinics(): Promise<Clinic[]> {
	const { database } = await pg.createDatabase(`waker_${++counter}`);
	const server = { kind: 'postgres' as const, ...pg.config, database, sslMode: 'disable' as const };
	const configs: Array<[string, StoreConfig]> = [
		['A', { ...server, schema: 'clinic_a' }],
		['B', { ...server, schema: 'clinic_b' }],
		['C', { kind: 'sqlite', file: join(dir, `clinic-c-${counter}.sqlite`) }],
	];
	return Promise.all(
		configs.map(async ([name, config]) => ({
			name,
			config,
			store: await openStore(config),
			posts: [],
			logs: [],
		})),
	);
}

const registration = (clinic: Clinic): WakerWorkspace => ({
	key: JSON.stringify(clinic.config),
	store: () => openStore(clinic.config),
	post: async (url, body) => void clinic.posts.push({ url, body }),
	log: (message) => clinic.logs.push(message),
	// As the Workspace Endpoint registers it: through the clinic's own resume.
	sweep: (store) =>
		sweepNowAndThen(store, async (url, body) => void clinic.posts.push({ url, body })),
});

describe('one waker for every workspace of the process', () => {
	it("wakes the due items of three clinics, each through its own endpoint's resume, with one timer", async () => {
		const all = await clinics();
		for (const clinic of all) {
			await clinic.store.deferredItems.keep(waiting(`${clinic.name}-due`, new Date(+NOW - 1)));
			await clinic.store.deferredItems.keep(waiting(`${clinic.name}-later`, new Date(+NOW + HOUR)));
		}
		const waker = new ProcessWaker(() => ({ intervalMs: 60_000, now: () => NOW }));
		const leave = all.map((clinic) => waker.register(registration(clinic)));
		// The same workspace published twice (two endpoint workflows) is still looked at once.
		leave.push(waker.register(registration(all[0])));
		expect(waker.size).toEqual({ workspaces: 3, running: true });
		await waker.scan();

		for (const clinic of all) {
			expect(clinic.posts).toEqual([
				{
					url: `http://n8n.test/webhook-waiting/${clinic.name}-due/call-node`,
					body: { wake: [expect.any(Number)] },
				},
			]);
			expect(clinic.logs).toEqual([]);
		}
		for (const stop of leave) stop();
		expect(waker.size).toEqual({ workspaces: 0, running: false });
	});

	it('looks in a clinic published while it runs, and stops looking in one whose endpoint stopped', async () => {
		const [a, b] = await clinics();
		const waker = new ProcessWaker(() => ({ intervalMs: 60_000, now: () => NOW }));
		const leaveA = waker.register(registration(a));
		await waker.scan();
		await b.store.deferredItems.keep(waiting('B-new', new Date(+NOW - 1)));
		const leaveB = waker.register(registration(b));
		await waker.scan();
		expect(b.posts.map((p) => p.url)).toEqual(['http://n8n.test/webhook-waiting/B-new/call-node']);

		leaveB();
		await b.store.deferredItems.keep(waiting('B-after', new Date(+NOW - 1)));
		await waker.scan();
		expect(b.posts).toHaveLength(1);
		expect(waker.size).toEqual({ workspaces: 1, running: true });
		leaveA();
	});

	it("keeps waking the other clinics when one clinic's store cannot be opened", async () => {
		const [a, b] = await clinics();
		await a.store.deferredItems.keep(waiting('A-due', new Date(+NOW - 1)));
		const broken: Clinic = {
			...b,
			config: { kind: 'postgres', host: '127.0.0.1', port: 1, database: 'gone', user: 'x' },
			posts: [],
			logs: [],
		};
		const waker = new ProcessWaker(() => ({ intervalMs: 60_000, now: () => NOW }));
		const leave = [waker.register(registration(broken)), waker.register(registration(a))];
		await waker.scan();
		expect(a.posts.map((p) => p.url)).toEqual(['http://n8n.test/webhook-waiting/A-due/call-node']);
		expect(broken.logs.length).toBeGreaterThan(0);
		for (const line of broken.logs)
			expect(line).toMatch(/^Calling Hours: looking for items whose window opened failed: /);
		for (const stop of leave) stop();
	});

	/** A completed manual task whose resume n8n refused a minute ago (it was down), as the completion leaves it. */
	async function refusedResume(clinic: Clinic, executionId: string): Promise<number> {
		const contact = await clinic.store.contacts.findOrCreate({ phone: '+15550100077' });
		const resumeUrl = `http://n8n.test/webhook-waiting/${executionId}/sms-node`;
		const task = await clinic.store.manualTasks.create({
			type: 'sms',
			contact_id: contact.id,
			assignee_user_id: null,
			assignment: 'unassigned',
			action_name: 'Consultation Form SMS',
			workflow_id: 'wf1',
			node_id: 'sms-node',
			execution_id: executionId,
			original_execution_id: executionId,
			item_index: 0,
			resume_url: resumeUrl,
			message: 'Hi',
			send_to: null,
		});
		await clinic.store.manualTasks.finish(task.id, {
			final_message: 'Hi',
			outcome: null,
			notes: null,
			completed_by: 'Maya',
			result: {},
		});
		const refused = await resumeWaitingNode(
			clinic.store,
			{
				execution_id: executionId,
				node_id: 'sms-node',
				resume_url: resumeUrl,
				task_ids: [task.id],
			},
			async () => {
				throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
			},
			[],
		);
		expect(refused.state).toBe('retrying');
		await clinic.store.db.run('UPDATE manual_tasks SET resume_attempted_at = ? WHERE id = ?', [
			new Date(Date.now() - 60_000).toISOString(),
			task.id,
		]);
		return task.id;
	}

	it('tries again the resumes of completed manual tasks n8n did not take, in clinics no request reaches, each through its own resume', async () => {
		const [a, b, c] = await clinics();
		const taskA = await refusedResume(a, 'A-waiting');
		const taskB = await refusedResume(b, 'B-waiting');
		const waker = new ProcessWaker(() => ({ intervalMs: 60_000, now: () => NOW }));
		const leave = [a, b, c].map((clinic) => waker.register(registration(clinic)));
		await waker.scan();
		// The sweeps run beside the scan: their end is the tasks settling.
		await eventually(async () => {
			expect((await a.store.manualTasks.get(taskA))?.resume_state).toBe('resumed');
			expect((await b.store.manualTasks.get(taskB))?.resume_state).toBe('resumed');
		});
		expect(a.posts).toEqual([
			{ url: 'http://n8n.test/webhook-waiting/A-waiting/sms-node', body: { tasks: [taskA] } },
		]);
		expect(b.posts).toEqual([
			{ url: 'http://n8n.test/webhook-waiting/B-waiting/sms-node', body: { tasks: [taskB] } },
		]);
		expect(c.posts).toEqual([]);
		for (const stop of leave) stop();
	});

	it("wakes a clinic's due items while another clinic's resume still waits for n8n's answer", async () => {
		const [a, b] = await clinics();
		await refusedResume(a, 'A-slow');
		await b.store.deferredItems.keep(waiting('B-due', new Date(+NOW - 1)));
		let answer!: () => void;
		const answered = new Promise<void>((resolve) => (answer = resolve));
		const slowA: WakerWorkspace = {
			...registration(a),
			// n8n takes its time answering clinic A's resume.
			sweep: (store) =>
				sweepNowAndThen(store, async (url, body) => {
					a.posts.push({ url, body });
					await answered;
				}),
		};
		const waker = new ProcessWaker(() => ({ intervalMs: 60_000, now: () => NOW }));
		const leave = [waker.register(slowA), waker.register(registration(b))];
		await waker.scan();
		// B's window was woken while A's resume is still unanswered.
		expect(b.posts.map((p) => p.url)).toEqual(['http://n8n.test/webhook-waiting/B-due/call-node']);
		await eventually(() => expect(a.posts).toHaveLength(1));
		expect((await a.store.manualTasks.forWaitingNode('A-slow', 'sms-node'))[0].resume_state).toBe(
			'resuming',
		);
		answer();
		await eventually(async () =>
			expect((await a.store.manualTasks.forWaitingNode('A-slow', 'sms-node'))[0].resume_state).toBe(
				'resumed',
			),
		);
		for (const stop of leave) stop();
	});
});
