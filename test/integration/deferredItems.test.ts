import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from '../../core/store/migrations';
import { PostgresDatabase } from '../../core/store/postgresDatabase';
import { SqliteDatabase } from '../../core/store/sqliteDatabase';
import { WorkspaceStore } from '../../core/store/workspaceStore';
import type { DeferredItem, DeferredItemInput } from '../../core/store/deferredItems';
import { wakeDueItems } from '../../core/run/wakeDueItems';
import {
	keepDecidedItems,
	sendWokenItems,
	takeItemOutputs,
	type DecidedItem,
	type ItemStep,
} from '../../core/run/waitForWindow';
import type { RunIdentity } from '../../core/run/actionRun';

const { startPostgres } = require('../support/postgres');

jest.setTimeout(60_000);

let pg: {
	createDatabase: (n: string) => Promise<Record<string, unknown>>;
	stop: () => Promise<void>;
};
const dir = mkdtempSync(join(tmpdir(), 'aesthetix-deferred-'));
let counter = 0;

beforeAll(async () => {
	pg = await startPostgres();
});

afterAll(async () => {
	await pg?.stop();
	rmSync(dir, { recursive: true, force: true });
});

/** Two processes' connections to one store. */
const backends = [
	{
		name: 'SQLite',
		open: async () => {
			const file = join(dir, `store-${++counter}.sqlite`);
			return [new SqliteDatabase(file), new SqliteDatabase(file)];
		},
	},
	{
		name: 'PostgreSQL',
		open: async () => {
			const config = await pg.createDatabase(`deferred_${++counter}`);
			return [new PostgresDatabase(config), new PostgresDatabase(config)];
		},
	},
];

const HOUR = 3_600_000;
const at = (offsetMs: number) => new Date(Date.UTC(2026, 11, 1, 12) + offsetMs).toISOString();

const item = (
	executionId: string,
	itemIndex: number,
	opensAt: string | null,
	status: DeferredItemInput['status'] = 'waiting',
): DeferredItemInput => ({
	execution_id: executionId,
	node_id: 'node-1',
	item_index: itemIndex,
	action: 'sms',
	status,
	opens_at: opensAt,
	resume_url: `http://n8n.test/webhook-waiting/${executionId}/node-1?signature=t`,
	identity: { executionId },
	input: { message: 'Hi' },
	item: { n: itemIndex },
});

describe.each(backends)('items waiting for their calling window, on $name', (backend) => {
	let a: WorkspaceStore;
	let b: WorkspaceStore;

	beforeEach(async () => {
		const [one, two] = await backend.open();
		await migrate(one);
		a = new WorkspaceStore(one);
		b = new WorkspaceStore(two);
	});

	afterEach(async () => {
		await a.close();
		await b.close();
	});

	it('keeps one row per item of a node run: a retried node finds the first one', async () => {
		const first = await a.deferredItems.keep(item('1', 0, at(HOUR)));
		const again = await a.deferredItems.keep({
			...item('1', 0, at(2 * HOUR)),
			input: { message: 'changed' },
		});
		expect(again).toMatchObject({
			id: first.id,
			opens_at: at(HOUR),
			input: { message: 'Hi' },
			item: { n: 0 },
		});
	});

	it('wakes only the items whose window has opened, each by one of two concurrent wakers', async () => {
		for (let i = 0; i < 20; i++)
			await a.deferredItems.keep(item(String(i % 4), Math.floor(i / 4), at(i < 15 ? -1 : HOUR)));
		const stale = new Date(Date.now() - HOUR).toISOString();
		const [x, y] = await Promise.all([
			a.deferredItems.claimDue(at(0), stale),
			b.deferredItems.claimDue(at(0), stale),
		]);
		const ids = [...x, ...y].map((r) => r.id);
		expect(ids).toHaveLength(15);
		expect(new Set(ids).size).toBe(15);
		expect(await a.deferredItems.claimDue(at(0), stale)).toEqual([]);
	});

	it('lets the node take a woken item once, and outputs the node run once every item is done', async () => {
		const waiting = await a.deferredItems.keep(item('9', 0, at(-1)));
		await a.deferredItems.keep({
			...item('9', 1, null, 'done'),
			output: { n: 1, sms: { status: 'sent' } },
		});
		expect(await a.deferredItems.takeOutput('9', 'node-1')).toBeUndefined();
		await a.deferredItems.claimDue(at(0), new Date(Date.now() - HOUR).toISOString());
		expect(await a.deferredItems.claimForSending(waiting.id, '8', 'node-1')).toBeUndefined();
		const [x, y] = await Promise.all([
			a.deferredItems.claimForSending(waiting.id, '9', 'node-1'),
			b.deferredItems.claimForSending(waiting.id, '9', 'node-1'),
		]);
		expect([x, y].filter(Boolean)).toHaveLength(1);
		await a.deferredItems.update(waiting.id, { status: 'done', output: null });
		const [p, q] = await Promise.all([
			a.deferredItems.takeOutput('9', 'node-1'),
			b.deferredItems.takeOutput('9', 'node-1'),
		]);
		const taken = [p, q].filter(Boolean);
		expect(taken).toHaveLength(1);
		expect(taken[0]!.map((r) => [r.item_index, r.output])).toEqual([
			[0, null],
			[1, { n: 1, sms: { status: 'sent' } }],
		]);
	});

	it("resumes each waiting node once with its items' ids; an execution that moved on is not tried again, a busy n8n is", async () => {
		await a.deferredItems.keep(item('20', 0, at(-1)));
		await a.deferredItems.keep(item('20', 1, at(-1)));
		await a.deferredItems.keep(item('21', 0, at(-1)));
		await a.deferredItems.keep(item('22', 0, at(-1)));
		const posts: Array<[string, unknown]> = [];
		const post = async (url: string, body: unknown) => {
			posts.push([url, body]);
			if (url.includes('/21/'))
				throw Object.assign(new Error('The execution "21" has finished already.'), {
					httpCode: '409',
				});
			if (url.includes('/22/'))
				throw Object.assign(new Error('Service unavailable'), { httpCode: '503' });
		};
		expect(await wakeDueItems(a, post, new Date(at(0)), () => {})).toBe(4);
		const byExecution = Object.fromEntries(
			posts.map(([url, body]) => [url.split('/')[4], (body as { wake: number[] }).wake.length]),
		);
		expect(byExecution).toEqual({ '20': 2, '21': 1, '22': 1 });
		expect((await a.deferredItems.forNode('21', 'node-1'))[0].status).toBe('moved_on');
		expect((await a.deferredItems.forNode('22', 'node-1'))[0].status).toBe('waiting');
		posts.length = 0;
		await wakeDueItems(b, post, new Date(at(0)), () => {});
		expect(posts.map(([url]) => url.split('/')[4])).toEqual(['22']);
	});

	it('sends each woken item once across two concurrent requests, keeps a moved window waiting, and outputs every item in order once', async () => {
		const identity = {
			executionId: '40',
			nodeId: 'node-1',
			actionName: 'Reminder SMS',
		} as RunIdentity;
		const rows: DeferredItem[] = [];
		for (const n of [0, 2, 3, 4])
			rows.push(
				await a.deferredItems.keep({
					...item('40', n, at(-1)),
					identity: { ...identity },
					input: { to: `+1555000000${n}` },
				}),
			);
		await keepDecidedItems({ store: a, identity }, rows[0].resume_url, [
			{ itemIndex: 1, output: { n: 1, sms: { status: 'sent' } } },
		]);
		await a.deferredItems.claimDue(at(0), new Date(Date.now() - HOUR).toISOString());

		const sent: string[] = [];
		let moved = false;
		/** Item 2 replied overnight, item 3's window moved once, item 4's send fails. */
		const send = async (row: {
			item_index: number;
			input: Record<string, unknown>;
		}): Promise<ItemStep> => {
			if (row.item_index === 2) return { kind: 'stopped', reason: 'The contact replied by text' };
			if (row.item_index === 3 && !moved) {
				moved = true;
				return { kind: 'waiting', opensAt: at(HOUR), contactId: null, result: {}, late: {} };
			}
			if (row.item_index === 4) throw new Error('Twilio refused the number');
			sent.push(String(row.input.to));
			return { kind: 'result', result: { status: 'sent' } };
		};
		const logged: string[] = [];
		const wake = (store: WorkspaceStore) =>
			sendWokenItems(
				store,
				rows.map((r) => r.id),
				{ executionId: '40', nodeId: 'node-1' },
				{
					key: 'sms',
					open: async (kept) => {
						expect(kept).toEqual(identity);
						return send;
					},
					settle: () => () => takeItemOutputs(store, '40', 'node-1'),
					log: (message) => logged.push(message),
				},
			);
		const [x, y] = await Promise.all([wake(a), wake(b)]);
		expect([...x.woken, ...y.woken].sort()).toEqual(rows.map((r) => r.id).sort());
		expect(sent).toEqual(['+15550000000']);
		expect(logged).toEqual([
			'Stop on Response: item 2 of "Reminder SMS" ended its run. The contact replied by text.',
		]);
		// Item 3 waits again for its new opening, so no request outputs the node yet.
		expect(x.outputs ?? y.outputs).toBeUndefined();
		expect(
			(await a.deferredItems.forNode('40', 'node-1')).map((r) => [
				r.item_index,
				r.status,
				r.opens_at,
			]),
		).toEqual([
			[0, 'done', at(-1)],
			[1, 'done', null],
			[2, 'done', at(-1)],
			[3, 'waiting', at(HOUR)],
			[4, 'done', at(-1)],
		]);

		await a.deferredItems.claimDue(at(HOUR), new Date(Date.now() - HOUR).toISOString());
		const last = await wake(b);
		expect(last.woken).toEqual([rows[2].id]);
		expect(last.outputs!.map((o: DecidedItem) => [o.itemIndex, o.output])).toEqual([
			[0, { n: 0, sms: { status: 'sent' } }],
			[1, { n: 1, sms: { status: 'sent' } }],
			[2, null],
			[3, { n: 3, sms: { status: 'sent' } }],
			[
				4,
				{
					n: 4,
					sms: {
						status: 'failed',
						action_name: 'Reminder SMS',
						error: 'Twilio refused the number',
					},
				},
			],
		]);
		expect(sent).toEqual(['+15550000000', '+15550000003']);
		expect(await takeItemOutputs(a, '40', 'node-1')).toBeUndefined();
	});

	it('is erased with the contact: the item holds the contact as the trigger sent it', async () => {
		const jane = await a.contacts.findOrCreate({ first_name: 'Jane', phone: '+15550100001' });
		await a.deferredItems.keep({ ...item('30', 0, at(HOUR)), contact_id: jane.id });
		const report = await a.erasure.contact(jane.id);
		expect(report!.removed).toMatchObject({ deferred_items: 1 });
		expect(await a.deferredItems.forNode('30', 'node-1')).toEqual([]);
	});
});
