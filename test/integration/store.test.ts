import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATIONS, migrate } from '../../core/store/migrations';
import { PostgresDatabase } from '../../core/store/postgresDatabase';
import { SqliteDatabase } from '../../core/store/sqliteDatabase';
import { WorkspaceStore } from '../../core/store/workspaceStore';
import type { SqlDatabase } from '../../core/store/database';
import { takeNotificationSlot } from '../../core/notifications/rateLimit';

 
const { startPostgres } = require('../support/postgres');

jest.setTimeout(60_000);

type Backend = { name: string; open: () => Promise<SqlDatabase>; cleanup: () => Promise<void> };

let pg: { config: Record<string, unknown>; createDatabase: (n: string) => Promise<Record<string, unknown>>; stop: () => Promise<void> };
const dir = mkdtempSync(join(tmpdir(), 'aesthetix-store-'));
let counter = 0;

beforeAll(async () => {
	pg = await startPostgres();
});

afterAll(async () => {
	await pg?.stop();
	rmSync(dir, { recursive: true, force: true });
});

const backends: Backend[] = [
	{
		name: 'SQLite',
		open: async () => new SqliteDatabase(join(dir, `store-${++counter}.sqlite`)),
		cleanup: async () => {},
	},
	{
		name: 'PostgreSQL',
		open: async () => new PostgresDatabase(await pg.createDatabase(`store_${++counter}`)),
		cleanup: async () => {},
	},
];

describe.each(backends)('workspace store on $name', (backend) => {
	let db: SqlDatabase;
	let store: WorkspaceStore;

	beforeEach(async () => {
		db = await backend.open();
		await migrate(db);
		store = new WorkspaceStore(db);
	});

	afterEach(async () => {
		await store.close();
	});

	it('applies each migration once, even when two openers race', async () => {
		expect(await migrate(db)).toEqual([]);
		// On PostgreSQL the two calls take two pool connections and meet at the advisory lock.
		const results = await Promise.all([migrate(db), migrate(db)]);
		expect(results).toEqual([[], []]);
		const rows = await db.all<{ version: number }>('SELECT version FROM schema_migrations');
		expect(rows.map((r) => Number(r.version))).toEqual(MIGRATIONS.map((m) => m.version));
	});

	it('keeps team users and finds them by id, email or name', async () => {
		const maya = await store.teamUsers.create({ name: 'Maya Lopez', email: 'Maya@Glow.test', phone: '+1 (555) 010-2000', role: 'admin' });
		await store.teamUsers.create({ name: 'Ivy Chen', email: 'ivy@glow.test', active: false });
		expect(maya.email).toBe('maya@glow.test');
		expect(maya.phone).toBe('+15550102000');
		expect((await store.teamUsers.find('maya@glow.test'))?.id).toBe(maya.id);
		expect((await store.teamUsers.find('maya lopez'))?.id).toBe(maya.id);
		expect((await store.teamUsers.find(String(maya.id)))?.name).toBe('Maya Lopez');
		expect((await store.teamUsers.list()).map((u) => u.name)).toEqual(['Maya Lopez']);
		expect((await store.teamUsers.list({ includeInactive: true })).length).toBe(2);
	});

	it('finds or creates contacts by email, then by phone', async () => {
		const jane = await store.contacts.findOrCreate({ email: 'Jane@Example.com ', first_name: 'Jane' });
		const again = await store.contacts.findOrCreate({ email: 'jane@example.com', phone: '+1 555 123 4567', last_name: 'Doe' });
		expect(again.id).toBe(jane.id);
		expect(again).toMatchObject({ first_name: 'Jane', last_name: 'Doe', phone: '+15551234567' });
		const byPhone = await store.contacts.findOrCreate({ phone: '+15551234567' });
		expect(byPhone.id).toBe(jane.id);
		await expect(store.contacts.findOrCreate({ first_name: 'Nobody' })).rejects.toThrow(/email address or a phone number/);
	});

	it('creates one contact when many items name the same new contact at once', async () => {
		const created = await Promise.all(
			Array.from({ length: 8 }, () => store.contacts.findOrCreate({ email: 'rush@example.com', first_name: 'Rush' })),
		);
		expect(new Set(created.map((c) => c.id)).size).toBe(1);
	});

	it('keeps a phone with the contact that has it when another contact brings it', async () => {
		const parent = await store.contacts.findOrCreate({ email: 'parent@example.com', phone: '+15550101010' });
		const child = await store.contacts.findOrCreate({ email: 'child@example.com', phone: '+15550101010' });
		expect(child.id).toBe(parent.id);
		const other = await store.contacts.findOrCreate({ email: 'other@example.com' });
		const updated = await store.contacts.update(other.id, { phone: '+15550101010', first_name: 'Other' });
		expect(updated).toMatchObject({ phone: null, first_name: 'Other' });
	});

	it('records DND, assignment and custom fields', async () => {
		const maya = await store.teamUsers.create({ name: 'Maya Lopez', email: 'maya@glow.test' });
		const jane = await store.contacts.findOrCreate({ email: 'jane@example.com', custom_fields: { skin_type: 'dry' } });
		const updated = await store.contacts.update(jane.id, {
			assigned_user_id: maya.id,
			dnd_email: true,
			custom_fields: { membership: 'gold' },
		});
		expect(updated).toMatchObject({ assigned_user_id: maya.id, dnd_email: true, dnd_sms: false });
		expect(updated.custom_fields).toEqual({ skin_type: 'dry', membership: 'gold' });
	});

	it("logs the contact's conversation in order", async () => {
		const jane = await store.contacts.findOrCreate({ email: 'jane@example.com' });
		for (const subject of ['first', 'second']) {
			await store.conversations.log({
				contact_id: jane.id,
				channel: 'email',
				direction: 'outbound',
				status: 'accepted',
				subject,
				body: '<p>hi</p>',
				from_address: 'Glow <hello@glow.test>',
				to_address: 'jane@example.com',
				provider_message_id: `<${subject}@glow.test>`,
				workflow_id: 'wf1',
				action_name: 'Booking Confirmation Email',
				execution_id: '7',
				meta: { cc: ['desk@glow.test'] },
			});
		}
		const log = await store.conversations.forContact(jane.id);
		expect(log.map((m) => m.subject)).toEqual(['first', 'second']);
		expect(log[0].meta).toEqual({ cc: ['desk@glow.test'] });
	});

	it('saves templates and keeps an unsynced copy unchanged by later edits', async () => {
		const saved = await store.templates.save('email', 'Booking confirmation', '<p>v1</p>', 'Subject v1');
		const copy = await store.templates.copyFor('wf1', 'node1', saved);
		const edited = await store.templates.save('email', 'Booking confirmation', '<p>v2</p>', 'Subject v2');
		expect(edited.id).toBe(saved.id);
		expect((await store.templates.get(saved.id))?.body).toBe('<p>v2</p>');
		expect(await store.templates.copyFor('wf1', 'node1', edited)).toEqual(copy);
		expect(copy.body).toBe('<p>v1</p>');
		await store.templates.save('sms', 'Reminder', 'Hi {{contact.first_name}}');
		expect((await store.templates.list('email')).map((t) => t.name)).toEqual(['Booking confirmation']);
	});

	it('keeps one voice call per item, and lets only one callback move it on', async () => {
		const row = { workflow_id: 'wf', node_id: 'n1', action_name: 'Call', execution_id: '9', item_index: 0, item_count: 1, resume_url: 'http://n8n/r', status: 'calling_user' as const };
		const first = await store.voiceCalls.create({ ...row, detect_voicemail: false, item: { a: 1 } });
		const retried = await store.voiceCalls.create({ ...row, detect_voicemail: true });
		expect(first.existed).toBe(false);
		expect(retried).toMatchObject({ existed: true, call: { id: first.call.id, detect_voicemail: false, keypress: true, item: { a: 1 } } });
		const moves = await Promise.all([1, 2, 3].map(() => store.voiceCalls.advance(first.call.id, ['calling_user'], 'calling_contact', { keypressed: true })));
		expect(moves.filter(Boolean)).toHaveLength(1);
		const updated = await store.voiceCalls.update(first.call.id, { contact_duration: 12, result: { outcome: 'connected' } });
		expect(updated).toMatchObject({ status: 'calling_contact', keypressed: true, contact_duration: 12, result: { outcome: 'connected' } });
		expect((await store.voiceCalls.forWaitingNode('9', 'n1')).map((c) => c.id)).toEqual([first.call.id]);
	});

	it('lets one send claim an item, and tells a retry it already went out', async () => {
		const claim = {
			idempotency_key: 'wf1:n1:9:0:0:email',
			workflow_id: 'wf1',
			node_id: 'n1',
			action_name: 'Booking Confirmation Email',
			execution_id: '9',
			channel: 'email',
			contact_id: null,
			recipient: 'jane@example.com',
			is_test: false,
		};
		const first = await store.deliveries.claim(claim);
		expect(first.alreadySent).toBe(false);
		const concurrent = await store.deliveries.claim(claim);
		expect(concurrent.alreadySent).toBe(false);
		expect(concurrent.record.id).toBe(first.record.id);
		await store.deliveries.finish(first.record.id, { status: 'accepted', provider_message_id: '<m1>', result: { to: 'jane@example.com' } });
		const retry = await store.deliveries.claim(claim);
		expect(retry.alreadySent).toBe(true);
		expect(retry.record.result).toEqual({ to: 'jane@example.com' });
	});

	it('counts statistics per action, leaving test sends out', async () => {
		const base = { workflow_id: 'wf1', node_id: 'n1', action_name: 'A', execution_id: '1', channel: 'email', contact_id: null, recipient: 'x@y.z' };
		const outcomes: Array<['accepted' | 'rejected', boolean]> = [['accepted', false], ['accepted', false], ['rejected', false], ['accepted', true]];
		for (const [i, [status, isTest]] of outcomes.entries()) {
			const { record } = await store.deliveries.claim({ ...base, idempotency_key: `k${i}`, is_test: isTest });
			await store.deliveries.finish(record.id, { status });
		}
		expect(await store.deliveries.statistics('wf1', 'n1')).toEqual({ accepted: 2, rejected: 1 });
	});

	it('stores workspace settings', async () => {
		expect(await store.settings.get('reputation', {})).toEqual({});
		await store.settings.set('reputation', { review_link: 'https://g.page/glow/review' });
		await store.settings.set('reputation', { review_link: 'https://g.page/glow/review2' });
		expect(await store.settings.get('reputation', {})).toEqual({ review_link: 'https://g.page/glow/review2' });
	});

	it('keeps in-app notifications with their read state, for their user only', async () => {
		const owner = await store.teamUsers.create({ name: 'Olivia', email: 'o@glow.test' });
		const other = await store.teamUsers.create({ name: 'Sam', email: 's@glow.test' });
		const base = { redirect_page: '/contacts/1', contact_id: null, workflow_id: 'wf', action_name: 'Notify' };
		const first = await store.notifications.create({ ...base, user_id: owner.id, title: 'One', message: 'm1' });
		await store.notifications.create({ ...base, user_id: owner.id, title: 'Two', message: 'm2' });
		expect(await store.notifications.unreadCount(owner.id)).toBe(2);
		expect(await store.notifications.markRead(other.id, first.id)).toBe(false);
		expect(await store.notifications.markRead(owner.id, first.id)).toBe(true);
		expect(await store.notifications.markRead(owner.id, first.id)).toBe(false);
		expect((await store.notifications.forUser(owner.id, { unreadOnly: true })).map((n) => n.title)).toEqual(['Two']);
	});

	it('limits notifications per recipient and window: queued until the next window, or dropped', async () => {
		// A clock at today's scale: window numbers must fit PostgreSQL's INTEGER.
		let clock = 1_790_000_000_000;
		const policy = { limit: 2, windowMs: 1000, now: () => clock, sleep: async (ms: number) => void (clock += ms) };
		const take = (queueForMs: number) => takeNotificationSlot(store, 'user:1', { ...policy, queueForMs });
		expect([await take(0), await take(0), await take(0)]).toEqual(['sent', 'sent', 'dropped']);
		expect(await take(1000)).toBe('queued');
		expect(clock).toBe(1_790_000_001_000);
		expect(await takeNotificationSlot(store, 'user:2', { ...policy, queueForMs: 0 })).toBe('sent');
		const racing = await Promise.all(Array.from({ length: 6 }, () => takeNotificationSlot(store, 'user:3', { ...policy, queueForMs: 0 })));
		expect(racing.filter((r) => r === 'sent')).toHaveLength(2);
	});

	afterAll(async () => backend.cleanup());
});
