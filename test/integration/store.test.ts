import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATIONS, migrate } from '../../core/store/migrations';
import { PostgresDatabase } from '../../core/store/postgresDatabase';
import { SqliteDatabase } from '../../core/store/sqliteDatabase';
import { WorkspaceStore } from '../../core/store/workspaceStore';
import type { SqlDatabase } from '../../core/store/database';
import { takeNotificationSlot } from '../../core/notifications/rateLimit';
import { TeamUsers } from '../../core/store/teamUsers';

const { startPostgres } = require('../support/postgres');

jest.setTimeout(60_000);

type Backend = { name: string; open: () => Promise<SqlDatabase>; cleanup: () => Promise<void> };

let pg: {
	config: Record<string, unknown>;
	createDatabase: (n: string) => Promise<Record<string, unknown>>;
	stop: () => Promise<void>;
};
const dir = mkdtempSync(join(tmpdir(), 'aesthetix-store-'));
let counter = 0;
let shared: Record<string, unknown> | undefined;

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
	{
		// Every repository again, in a schema of its own in a database other workspaces share.
		name: 'PostgreSQL, a schema per workspace',
		open: async () => {
			if (!shared) shared = await pg.createDatabase('store_shared');
			return new PostgresDatabase(shared, { schema: `workspace_${++counter}` });
		},
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
		const maya = await store.teamUsers.create({
			name: 'Maya Lopez',
			email: 'Maya@Glow.test',
			phone: '+1 (555) 010-2000',
			role: 'admin',
		});
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
		const jane = await store.contacts.findOrCreate({
			email: 'Jane@Example.com ',
			first_name: 'Jane',
		});
		const again = await store.contacts.findOrCreate({
			email: 'jane@example.com',
			phone: '+1 555 123 4567',
			last_name: 'Doe',
		});
		expect(again.id).toBe(jane.id);
		expect(again).toMatchObject({ first_name: 'Jane', last_name: 'Doe', phone: '+15551234567' });
		const byPhone = await store.contacts.findOrCreate({ phone: '+15551234567' });
		expect(byPhone.id).toBe(jane.id);
		await expect(store.contacts.findOrCreate({ first_name: 'Nobody' })).rejects.toThrow(
			/email address or a phone number/,
		);
	});

	it('creates one contact when many items name the same new contact at once', async () => {
		const created = await Promise.all(
			Array.from({ length: 8 }, () =>
				store.contacts.findOrCreate({ email: 'rush@example.com', first_name: 'Rush' }),
			),
		);
		expect(new Set(created.map((c) => c.id)).size).toBe(1);
	});

	it('keeps a phone with the contact that has it when another contact brings it', async () => {
		const parent = await store.contacts.findOrCreate({
			email: 'parent@example.com',
			phone: '+15550101010',
		});
		const child = await store.contacts.findOrCreate({
			email: 'child@example.com',
			phone: '+15550101010',
		});
		expect(child.id).toBe(parent.id);
		const other = await store.contacts.findOrCreate({ email: 'other@example.com' });
		const updated = await store.contacts.update(other.id, {
			phone: '+15550101010',
			first_name: 'Other',
		});
		expect(updated).toMatchObject({ phone: null, first_name: 'Other' });
	});

	it('records DND, assignment and custom fields', async () => {
		const maya = await store.teamUsers.create({ name: 'Maya Lopez', email: 'maya@glow.test' });
		const jane = await store.contacts.findOrCreate({
			email: 'jane@example.com',
			custom_fields: { skin_type: 'dry' },
		});
		await store.consent.record({
			contactId: jane.id,
			flag: 'dnd_email',
			optedOut: true,
			source: 'workflow',
			detail: 'set by the "Update Contact" node of workflow wf1',
		});
		const updated = await store.contacts.update(jane.id, {
			assigned_user_id: maya.id,
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
		const saved = await store.templates.save(
			'email',
			'Booking confirmation',
			'<p>v1</p>',
			'Subject v1',
		);
		const copy = await store.templates.copyFor('wf1', 'node1', saved);
		const edited = await store.templates.save(
			'email',
			'Booking confirmation',
			'<p>v2</p>',
			'Subject v2',
		);
		expect(edited.id).toBe(saved.id);
		expect((await store.templates.get(saved.id))?.body).toBe('<p>v2</p>');
		expect(await store.templates.copyFor('wf1', 'node1', edited)).toEqual(copy);
		expect(copy.body).toBe('<p>v1</p>');
		await store.templates.save('sms', 'Reminder', 'Hi {{contact.first_name}}');
		expect((await store.templates.list('email')).map((t) => t.name)).toEqual([
			'Booking confirmation',
		]);
	});

	it('keeps one voice call per item, and lets only one callback move it on', async () => {
		const row = {
			workflow_id: 'wf',
			node_id: 'n1',
			action_name: 'Call',
			execution_id: '9',
			item_index: 0,
			item_count: 1,
			resume_url: 'http://n8n/r',
			status: 'calling_user' as const,
		};
		const first = await store.voiceCalls.create({
			...row,
			detect_voicemail: false,
			item: { a: 1 },
		});
		const retried = await store.voiceCalls.create({ ...row, detect_voicemail: true });
		expect(first.existed).toBe(false);
		expect(retried).toMatchObject({
			existed: true,
			call: { id: first.call.id, detect_voicemail: false, keypress: true, item: { a: 1 } },
		});
		const moves = await Promise.all(
			[1, 2, 3].map(() =>
				store.voiceCalls.advance(first.call.id, ['calling_user'], 'calling_contact', {
					keypressed: true,
				}),
			),
		);
		expect(moves.filter(Boolean)).toHaveLength(1);
		const updated = await store.voiceCalls.update(first.call.id, {
			contact_duration: 12,
			result: { outcome: 'connected' },
		});
		expect(updated).toMatchObject({
			status: 'calling_contact',
			keypressed: true,
			contact_duration: 12,
			result: { outcome: 'connected' },
		});
		expect((await store.voiceCalls.forWaitingNode('9', 'n1')).map((c) => c.id)).toEqual([
			first.call.id,
		]);
	});

	it('updates a template by id with a newer updated_at, and keeps sync points with the first time a test run saw a Message', async () => {
		const saved = await store.templates.save('email', 'Promo', '<p>v1</p>', 'Offer');
		const updated = await store.templates.update(saved.id, '<p>v2</p>');
		expect(updated).toMatchObject({
			id: saved.id,
			name: 'Promo',
			subject: 'Offer',
			body: '<p>v2</p>',
		});
		expect(updated!.updated_at > saved.updated_at).toBe(true);
		expect(await store.templates.update(9999, 'x')).toBeUndefined();
		const key = { workflowId: 'wf1', nodeId: 'node1', templateId: saved.id };
		expect(await store.templateSync.get(key)).toBeUndefined();
		await store.templateSync.mark(key, null, updated!.updated_at);
		await store.templateSync.sawInTestRun(key, '<p>mine</p>');
		const first = await store.templateSync.get(key);
		expect(first).toMatchObject({
			node_body: null,
			template_updated_at: updated!.updated_at,
			seen_body: '<p>mine</p>',
		});
		await store.templateSync.sawInTestRun(key, '<p>mine</p>');
		expect((await store.templateSync.get(key))!.seen_at).toBe(first!.seen_at);
		await store.templateSync.mark(key, '<p>mine</p>', updated!.updated_at);
		expect(await store.templateSync.get(key)).toMatchObject({
			node_body: '<p>mine</p>',
			seen_body: null,
			seen_at: null,
		});
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
		expect(first).toMatchObject({ claimed: true, alreadySent: false });
		const whileSending = await store.deliveries.claim(claim);
		expect(whileSending).toMatchObject({ claimed: false, alreadySent: false });
		expect(whileSending.record.id).toBe(first.record.id);
		await store.deliveries.finish(first.record.id, {
			status: 'accepted',
			provider_message_id: '<m1>',
			result: { to: 'jane@example.com' },
		});
		const retry = await store.deliveries.claim(claim);
		expect(retry).toMatchObject({ claimed: false, alreadySent: true });
		expect(retry.record.result).toEqual({ to: 'jane@example.com' });
	});

	it('counts statistics per action, leaving test sends out', async () => {
		const base = {
			workflow_id: 'wf1',
			node_id: 'n1',
			action_name: 'A',
			execution_id: '1',
			channel: 'email',
			contact_id: null,
			recipient: 'x@y.z',
		};
		const outcomes: Array<['accepted' | 'rejected', boolean]> = [
			['accepted', false],
			['accepted', false],
			['rejected', false],
			['accepted', true],
		];
		for (const [i, [status, isTest]] of outcomes.entries()) {
			const { record } = await store.deliveries.claim({
				...base,
				idempotency_key: `k${i}`,
				is_test: isTest,
			});
			await store.deliveries.finish(record.id, { status });
		}
		expect(await store.deliveries.statistics('wf1', 'n1')).toEqual({ accepted: 2, rejected: 1 });
	});

	it('stores workspace settings', async () => {
		expect(await store.settings.get('reputation', {})).toEqual({});
		await store.settings.set('reputation', { review_link: 'https://g.page/glow/review' });
		await store.settings.set('reputation', { review_link: 'https://g.page/glow/review2' });
		expect(await store.settings.get('reputation', {})).toEqual({
			review_link: 'https://g.page/glow/review2',
		});
	});

	it('keeps in-app notifications with their read state, for their user only', async () => {
		const owner = await store.teamUsers.create({ name: 'Olivia', email: 'o@glow.test' });
		const other = await store.teamUsers.create({ name: 'Sam', email: 's@glow.test' });
		const base = {
			redirect_page: '/contacts/1',
			contact_id: null,
			workflow_id: 'wf',
			action_name: 'Notify',
		};
		const first = await store.notifications.create({
			...base,
			user_id: owner.id,
			title: 'One',
			message: 'm1',
		});
		await store.notifications.create({ ...base, user_id: owner.id, title: 'Two', message: 'm2' });
		expect(await store.notifications.unreadCount(owner.id)).toBe(2);
		expect(await store.notifications.markRead(other.id, first.id)).toBe(false);
		expect(await store.notifications.markRead(owner.id, first.id)).toBe(true);
		expect(await store.notifications.markRead(owner.id, first.id)).toBe(false);
		expect(
			(await store.notifications.forUser(owner.id, { unreadOnly: true })).map((n) => n.title),
		).toEqual(['Two']);
	});

	it('limits notifications per recipient in a rolling window: queued until the oldest leaves it, or dropped', async () => {
		let clock = 1_790_000_000_000;
		const policy = {
			limit: 2,
			windowMs: 1000,
			now: () => clock,
			sleep: async (ms: number) => void (clock += ms),
		};
		const take = (queueForMs: number) =>
			takeNotificationSlot(store, 'user:1', { ...policy, queueForMs });
		expect([await take(0), await take(0), await take(0)]).toEqual(['sent', 'sent', 'dropped']);
		expect(await take(1000)).toBe('queued');
		expect(clock).toBe(1_790_000_001_000);
		expect(await takeNotificationSlot(store, 'user:2', { ...policy, queueForMs: 0 })).toBe('sent');
		const racing = await Promise.all(
			Array.from({ length: 6 }, () =>
				takeNotificationSlot(store, 'user:3', { ...policy, queueForMs: 0 }),
			),
		);
		expect(racing.filter((r) => r === 'sent')).toHaveLength(2);
	});

	describe('transactions', () => {
		/** Lets everything already started run as far as it can without the test's say. */
		const settle = async () => {
			for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
			await new Promise((r) => setTimeout(r, 20));
		};
		const gate = () => {
			let open!: () => void;
			const opened = new Promise<void>((r) => (open = r));
			return { open, opened };
		};

		it('keeps an opt-out and another transaction made while a Team User Import is open and then rolls back', async () => {
			const jane = await store.contacts.findOrCreate({ phone: '+15550100001', first_name: 'Jane' });
			const inside = gate();
			const failNow = gate();
			const importing = db.transaction(async (tx) => {
				await new TeamUsers(tx).upsert({ name: 'Imported One', email: 'one@glow.test' });
				inside.open();
				await failNow.opened;
				throw new Error('Users: entry 2 has no name');
			});
			await inside.opened;
			const optOut = store.consent.record({
				contactId: jane.id,
				flag: 'sms_opted_out',
				optedOut: true,
				source: 'text_reply',
				detail: 'replied STOP',
			});
			const other = db.transaction(async (tx) =>
				new TeamUsers(tx).create({ name: 'Sam', email: 'sam@glow.test' }),
			);
			await settle();
			failNow.open();
			await expect(importing).rejects.toThrow('entry 2 has no name');
			await optOut;
			await other;
			expect((await store.contacts.get(jane.id))!.sms_opted_out).toBe(true);
			expect((await store.teamUsers.find('sam@glow.test'))?.name).toBe('Sam');
			expect(await store.teamUsers.find('one@glow.test')).toBeUndefined();
		});

		it("lets the transaction's own work use the store and roll it back with it", async () => {
			await expect(
				db.transaction(async () => {
					await store.teamUsers.create({ name: 'Inside', email: 'inside@glow.test' });
					throw new Error('abandoned');
				}),
			).rejects.toThrow('abandoned');
			expect(await store.teamUsers.find('inside@glow.test')).toBeUndefined();
		});

		it('undoes only a failed nested transaction when the outer one goes on', async () => {
			await db.transaction(async (tx) => {
				await new TeamUsers(tx).create({ name: 'Outer', email: 'outer@glow.test' });
				await expect(
					tx.transaction(async (inner) => {
						await new TeamUsers(inner).create({ name: 'Inner', email: 'inner@glow.test' });
						throw new Error('inner failed');
					}),
				).rejects.toThrow('inner failed');
				await db.transaction(async (inner) =>
					new TeamUsers(inner).create({ name: 'Nested', email: 'nested@glow.test' }),
				);
			});
			expect((await store.teamUsers.list()).map((u) => u.name).sort()).toEqual(['Nested', 'Outer']);
		});

		// PostgreSQL gives each transaction its own connection and isolation; SQLite shares one connection.
		(backend.name === 'SQLite' ? it : it.skip)(
			'runs concurrent read-modify-write transactions on the one connection one after the other',
			async () => {
				await store.settings.set('counter', { n: 0 });
				await Promise.all(
					Array.from({ length: 8 }, () =>
						db.transaction(async (tx) => {
							const row = await tx.get<{ value: string }>(
								'SELECT value FROM settings WHERE key = ?',
								['counter'],
							);
							const n = JSON.parse(String(row!.value)).n as number;
							await settle();
							await tx.run('UPDATE settings SET value = ? WHERE key = ?', [
								JSON.stringify({ n: n + 1 }),
								'counter',
							]);
						}),
					),
				);
				expect(await store.settings.get('counter', { n: -1 })).toEqual({ n: 8 });
			},
		);
	});

	describe('manual tasks of a retried execution', () => {
		const task = (executionId: string, itemIndex: number, message: string) => ({
			type: 'sms' as const,
			contact_id: 0,
			assignee_user_id: null,
			assignment: 'unassigned',
			action_name: 'SMS',
			workflow_id: 'wf1',
			node_id: 'n2',
			execution_id: executionId,
			original_execution_id: '20',
			item_index: itemIndex,
			resume_url: `http://n8n/webhook-waiting/${executionId}/n2`,
			message,
			send_to: null,
		});

		it('a retry takes over the tasks of the execution it retries: open ones with its message, completed ones as they were', async () => {
			const jane = await store.contacts.findOrCreate({ first_name: 'Jane', phone: '+15550100011' });
			const done = await store.manualTasks.create({ ...task('20', 0, 'Hi'), contact_id: jane.id });
			const open = await store.manualTasks.create({ ...task('20', 1, 'Hi'), contact_id: jane.id });
			expect(await store.manualTasks.claim(done.id, 'Maya', new Date(0).toISOString())).toBe(true);
			await store.manualTasks.finish(done.id, {
				final_message: 'Hi',
				outcome: null,
				notes: null,
				completed_by: 'Maya',
				result: { message_sid: 'SM1' },
			});
			await store.manualTasks.settleResume('20', 'n2', 'moved_on', 'HTTP 409');

			const retried = [
				await store.manualTasks.create({ ...task('21', 0, 'Hello'), contact_id: jane.id }),
				await store.manualTasks.create({ ...task('21', 1, 'Hello'), contact_id: jane.id }),
			];
			expect(retried.map((t) => t.id)).toEqual([done.id, open.id]);
			expect(retried[0]).toMatchObject({
				execution_id: '21',
				status: 'completed',
				message: 'Hi',
				completed_execution_id: '20',
				resume_state: null,
				resume_url: 'http://n8n/webhook-waiting/21/n2',
			});
			expect(retried[1]).toMatchObject({
				execution_id: '21',
				status: 'pending',
				message: 'Hello',
				completed_execution_id: null,
			});
			expect((await store.manualTasks.forWaitingNode('21', 'n2')).map((t) => t.id)).toEqual([
				done.id,
				open.id,
			]);
			expect(await store.manualTasks.forWaitingNode('20', 'n2')).toEqual([]);
			// The same node run asking again (n8n's Retry On Fail) gets the same task back.
			expect(
				(await store.manualTasks.create({ ...task('21', 1, 'Hello'), contact_id: jane.id })).id,
			).toBe(open.id);
			expect(await store.manualTasks.list({ contactId: jane.id })).toHaveLength(2);
		});

		it('keeps the custom values that rendered blank in the prefilled message, and a retry of an open task brings its own', async () => {
			const lee = await store.contacts.findOrCreate({ first_name: 'Lee', phone: '+15550100012' });
			const first = await store.manualTasks.create({
				...task('30', 0, 'Hi Lee, see you at .'),
				contact_id: lee.id,
				original_execution_id: '30',
				blank_merge_fields: ['appointment.only_start_time'],
			});
			expect((await store.manualTasks.get(first.id))!.blank_merge_fields).toEqual([
				'appointment.only_start_time',
			]);
			const retried = await store.manualTasks.create({
				...task('31', 0, 'Hi Lee, see you at 10:00 AM.'),
				contact_id: lee.id,
				original_execution_id: '30',
				blank_merge_fields: [],
			});
			expect(retried).toMatchObject({
				id: first.id,
				message: 'Hi Lee, see you at 10:00 AM.',
				blank_merge_fields: [],
			});
			const call = await store.manualTasks.create({
				...task('30', 1, ''),
				type: 'call',
				message: null,
				contact_id: lee.id,
				original_execution_id: '30',
			});
			expect(call.blank_merge_fields).toEqual([]);
		});
	});

	describe('erasure', () => {
		const delivery = (key: string, contactId: number | null, recipient: string) => ({
			idempotency_key: `${key}:${recipient}`,
			workflow_id: 'wf1',
			node_id: 'n1',
			action_name: 'Reminder',
			execution_id: '1',
			channel: 'sms',
			contact_id: contactId,
			recipient,
			is_test: false,
		});

		it('erases a contact with their conversation, tasks, notifications and links, and keeps the counts anonymous', async () => {
			const maya = await store.teamUsers.create({ name: 'Maya', email: 'maya@glow.test' });
			const jane = await store.contacts.findOrCreate({
				first_name: 'Jane',
				phone: '+15550100001',
				email: 'jane@example.com',
				assigned_user_id: maya.id,
			});
			const bo = await store.contacts.findOrCreate({ first_name: 'Bo', phone: '+15550100002' });
			const log = {
				channel: 'sms' as const,
				direction: 'outbound' as const,
				status: 'sent',
				subject: null,
				body: 'Hi Jane',
				from_address: null,
				to_address: '+15550100001',
				provider_message_id: null,
				workflow_id: 'wf1',
				action_name: 'Reminder',
				execution_id: '1',
				meta: {},
			};
			await store.conversations.log({ ...log, contact_id: jane.id });
			await store.conversations.log({ ...log, contact_id: bo.id, body: 'Hi Bo' });
			const sent = await store.deliveries.claim(delivery('k1', jane.id, '+15550100001'));
			await store.deliveries.finish(sent.record.id, {
				status: 'delivered',
				provider_message_id: 'SM1',
				result: { to: '+15550100001', body: 'Hi Jane' },
			});
			await store.trackedLinks.create(sent.record.id, 'https://glow.test/book?name=Jane');
			const other = await store.deliveries.claim(delivery('k2', bo.id, '+15550100002'));
			await store.deliveries.finish(other.record.id, {
				status: 'delivered',
				provider_message_id: 'SM2',
			});
			await store.manualTasks.create({
				type: 'call',
				contact_id: jane.id,
				assignee_user_id: maya.id,
				assignment: 'contact_owner',
				action_name: 'Call',
				workflow_id: 'wf1',
				node_id: 'n2',
				execution_id: '7',
				original_execution_id: '7',
				item_index: 0,
				resume_url: 'http://n8n/webhook-waiting/7/n2',
				message: null,
				send_to: null,
			});
			await store.notifications.create({
				user_id: maya.id,
				title: 'New lead',
				message: 'Jane Doe booked',
				redirect_page: null,
				contact_id: jane.id,
				workflow_id: 'wf1',
				action_name: 'Notify',
			});
			const posted = (n: number, body: string) =>
				db.run(
					`INSERT INTO inbound_deliveries (source, event_id, content_type, body, received_at) VALUES ('dialer', ?, 'application/json', ?, ?)`,
					[`e${n}`, body, new Date().toISOString()],
				);
			await posted(
				1,
				JSON.stringify({ direction: 'inbound', from: '+15550100001', to: '+15550000000' }),
			);
			await posted(
				2,
				JSON.stringify({ direction: 'inbound', from: '+15550100002', to: '+15550000000' }),
			);
			const before = await store.deliveries.statistics('wf1', 'n1');

			const report = await store.erasure.contact(jane.id);
			expect(report).toMatchObject({ erased: 'contact', id: jane.id, waiting_executions: ['7'] });
			expect(report!.removed).toMatchObject({
				conversation_messages: 1,
				manual_tasks: 1,
				notifications: 1,
				tracked_links: 1,
				delivery_records_anonymized: 1,
				inbound_deliveries: 1,
				contacts: 1,
			});
			expect(
				(await db.all<{ event_id: string }>('SELECT event_id FROM inbound_deliveries')).map(
					(r) => r.event_id,
				),
			).toEqual(['e2']);
			expect(await store.contacts.get(jane.id)).toBeUndefined();
			expect(await store.conversations.forContact(jane.id)).toEqual([]);
			expect(await store.manualTasks.list({ contactId: jane.id })).toEqual([]);
			expect(await store.notifications.forUser(maya.id)).toEqual([]);
			expect(await store.deliveries.statistics('wf1', 'n1')).toEqual(before);
			const anonymous = (await store.deliveries.get(sent.record.id))!;
			expect(anonymous).toMatchObject({ contact_id: null, recipient: 'erased', result: {} });
			expect(
				JSON.stringify(
					await db.all('SELECT * FROM delivery_records WHERE id = ?', [sent.record.id]),
				),
			).not.toContain('+15550100001');
			// Nobody else's records are touched.
			expect((await store.conversations.forContact(bo.id)).map((m) => m.body)).toEqual(['Hi Bo']);
			expect(await store.deliveries.get(other.record.id)).toMatchObject({
				contact_id: bo.id,
				recipient: '+15550100002',
			});
			expect(await store.erasure.contact(jane.id)).toBeUndefined();
		});

		it('erases a team user: sign-in and notifications go, their contacts and open tasks become unassigned', async () => {
			const maya = await store.teamUsers.create({
				name: 'Maya',
				email: 'maya@glow.test',
				phone: '+15550109999',
			});
			const jane = await store.contacts.findOrCreate({
				first_name: 'Jane',
				phone: '+15550100001',
				assigned_user_id: maya.id,
			});
			const task = await store.manualTasks.create({
				type: 'sms',
				contact_id: jane.id,
				assignee_user_id: maya.id,
				assignment: 'contact_owner',
				action_name: 'SMS',
				workflow_id: 'wf1',
				node_id: 'n2',
				execution_id: '8',
				original_execution_id: '8',
				item_index: 0,
				resume_url: 'http://n8n/webhook-waiting/8/n2',
				message: 'Hi',
				send_to: null,
			});
			await store.notifications.create({
				user_id: maya.id,
				title: 'New lead',
				message: 'Jane',
				redirect_page: null,
				contact_id: jane.id,
				workflow_id: 'wf1',
				action_name: 'Notify',
			});
			const sms = await store.deliveries.claim({
				...delivery('k3', jane.id, '+15550109999'),
				channel: 'notification-sms',
			});
			await store.deliveries.finish(sms.record.id, {
				status: 'sent',
				result: { to: '+15550109999' },
			});

			const report = await store.erasure.teamUser(maya.id);
			expect(report!.removed).toMatchObject({
				team_users: 1,
				notifications: 1,
				contacts_unassigned: 1,
				manual_tasks_unassigned: 1,
				delivery_records_anonymized: 1,
			});
			expect(await store.teamUsers.get(maya.id)).toBeUndefined();
			expect((await store.contacts.get(jane.id))!.assigned_user_id).toBeNull();
			expect(await store.manualTasks.get(task.id)).toMatchObject({
				assignee_user_id: null,
				assignment: 'unassigned',
				status: 'pending',
			});
			expect(await store.deliveries.get(sms.record.id)).toMatchObject({
				recipient: 'erased',
				result: {},
			});
		});
	});

	it('never lets a burst straddling a 5-minute boundary get twice the limit', async () => {
		// 500 sent in the last 10 seconds before a clock boundary, 500 more tried just after it.
		const boundary = Math.ceil(1_790_000_000_000 / 300_000) * 300_000;
		let clock = boundary - 10_000;
		const policy = { limit: 500, windowMs: 300_000, queueForMs: 0, now: () => clock };
		const burst = async (count: number) => {
			const outcomes: string[] = [];
			for (let i = 0; i < count; i++) {
				outcomes.push(await takeNotificationSlot(store, 'user:7', policy));
				clock += 10;
			}
			return outcomes;
		};
		expect((await burst(500)).every((o) => o === 'sent')).toBe(true);
		clock = boundary + 1_000;
		expect((await burst(500)).every((o) => o === 'dropped')).toBe(true);
		// The first of the 500 leaves the window 5 minutes after it was sent, and makes room for one.
		clock = boundary - 10_000 + 300_000 + 1;
		expect([
			await takeNotificationSlot(store, 'user:7', policy),
			await takeNotificationSlot(store, 'user:7', policy),
		]).toEqual(['sent', 'dropped']);
	});

	it('counts many processes at once against the same window without overshooting', async () => {
		const clock = 1_790_000_000_000;
		const policy = { limit: 50, windowMs: 300_000, queueForMs: 0, now: () => clock };
		const outcomes = await Promise.all(
			Array.from({ length: 80 }, () => takeNotificationSlot(store, 'user:8', policy)),
		);
		expect(outcomes.filter((o) => o === 'sent')).toHaveLength(50);
	});

	afterAll(async () => backend.cleanup());
});
