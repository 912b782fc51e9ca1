/** Inbound deliveries, logging once, the paged timeline and contact search, on SQLite and PostgreSQL. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from '../../core/store/migrations';
import { PostgresDatabase } from '../../core/store/postgresDatabase';
import { SqliteDatabase } from '../../core/store/sqliteDatabase';
import { WorkspaceStore } from '../../core/store/workspaceStore';
import type { SqlDatabase } from '../../core/store/database';
import type { ConversationInput } from '../../core/store/conversations';

const { startPostgres } = require('../support/postgres');

jest.setTimeout(60_000);

let pg: {
	createDatabase: (n: string) => Promise<Record<string, unknown>>;
	stop: () => Promise<void>;
};
const dir = mkdtempSync(join(tmpdir(), 'aesthetix-conversations-'));
let counter = 0;

beforeAll(async () => {
	pg = await startPostgres();
});

afterAll(async () => {
	await pg?.stop();
	rmSync(dir, { recursive: true, force: true });
});

const backends = [
	{
		name: 'SQLite',
		open: async (): Promise<SqlDatabase> =>
			new SqliteDatabase(join(dir, `store-${++counter}.sqlite`)),
	},
	{
		name: 'PostgreSQL',
		open: async (): Promise<SqlDatabase> =>
			new PostgresDatabase(await pg.createDatabase(`conversations_${++counter}`)),
	},
];

const entry = (contactId: number, body: string, created_at: string): ConversationInput => ({
	contact_id: contactId,
	channel: 'sms',
	direction: 'outbound',
	status: 'delivered',
	subject: null,
	body,
	from_address: null,
	to_address: null,
	provider_message_id: null,
	workflow_id: 'wf',
	action_name: 'Drip',
	execution_id: '1',
	created_at,
});

describe.each(backends)('conversations and inbound deliveries on $name', (backend) => {
	let store: WorkspaceStore;

	beforeEach(async () => {
		const db = await backend.open();
		await migrate(db);
		store = new WorkspaceStore(db);
	});

	afterEach(async () => store.close());

	it('records a delivery once per event id and counts the retries; deliveries without an id are all kept', async () => {
		const first = await store.inboundDeliveries.accept({
			source: 'wf:node',
			event_id: 'e-1',
			content_type: 'application/json',
			body: { a: 1 },
		});
		const again = await store.inboundDeliveries.accept({
			source: 'wf:node',
			event_id: 'e-1',
			content_type: 'application/json',
			body: { a: 2 },
		});
		const elsewhere = await store.inboundDeliveries.accept({
			source: 'wf:other',
			event_id: 'e-1',
			content_type: 'application/json',
			body: {},
		});
		expect(first.duplicate).toBe(false);
		expect(again).toMatchObject({
			duplicate: true,
			delivery: { id: first.delivery.id, duplicates: 1, body: { a: 1 } },
		});
		expect(elsewhere.duplicate).toBe(false);
		await store.inboundDeliveries.accept({
			source: 'wf:node',
			event_id: null,
			content_type: 'application/json',
			body: {},
		});
		await store.inboundDeliveries.accept({
			source: 'wf:node',
			event_id: null,
			content_type: 'application/json',
			body: {},
		});
		expect(await store.inboundDeliveries.list('wf:node')).toHaveLength(3);
	});

	it('logs an entry once per idempotency key', async () => {
		const contact = await store.contacts.findOrCreate({ phone: '+15550000001' });
		const first = await store.conversations.logOnce({
			...entry(contact.id, 'one', '2026-11-01T10:00:00.000Z'),
			idempotency_key: 'k-1',
		});
		const retried = await store.conversations.logOnce({
			...entry(contact.id, 'one again', '2026-11-01T10:00:00.000Z'),
			idempotency_key: 'k-1',
		});
		expect(retried).toEqual({ entry: first.entry, alreadyLogged: true });
		expect(await store.conversations.forContact(contact.id)).toHaveLength(1);
	});

	it('pages a timeline newest first by when each entry happened', async () => {
		const contact = await store.contacts.findOrCreate({ phone: '+15550000002' });
		for (const [body, at] of [
			['b', '2026-11-02'],
			['a', '2026-11-01'],
			['c', '2026-11-03'],
		])
			await store.conversations.log(entry(contact.id, body, `${at}T00:00:00.000Z`));
		expect(
			(await store.conversations.timeline(contact.id, 1, 2)).entries.map((e) => e.body),
		).toEqual(['c', 'b']);
		expect(await store.conversations.timeline(contact.id, 2, 2)).toMatchObject({
			entries: [{ body: 'a' }],
			page: 2,
			total: 3,
		});
	});

	it("searches contacts by name, email or a phone's digits, within one user's contacts when asked", async () => {
		const user = await store.teamUsers.create({ name: 'Maya' });
		const jane = await store.contacts.findOrCreate({
			first_name: 'Jane',
			last_name: 'Doe',
			email: 'jane@example.com',
			phone: '+15551234567',
		});
		await store.contacts.findOrCreate({ first_name: 'Joe_', email: 'joe@example.com' });
		await store.contacts.update(jane.id, { assigned_user_id: user.id });
		const names = async (q: string, assignedUserId?: number) =>
			(await store.contacts.search(q, { assignedUserId })).map((c) => c.first_name);
		expect(await names('jane doe')).toEqual(['Jane']);
		expect((await names('EXAMPLE.com')).sort()).toEqual(['Jane', 'Joe_']);
		expect(await names('(555) 123')).toEqual(['Jane']);
		expect(await names('_')).toEqual(['Joe_']);
		expect(await names('', user.id)).toEqual(['Jane']);
	});
});
