import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConversationInput } from '../../core/store/conversations';
import type { SqlDatabase } from '../../core/store/database';
import { migrate } from '../../core/store/migrations';
import { PostgresDatabase } from '../../core/store/postgresDatabase';
import { SqliteDatabase } from '../../core/store/sqliteDatabase';
import { WorkspaceStore } from '../../core/store/workspaceStore';
import { recordMessageStatus } from '../../core/endpoint/twilioEvents';
import { expectTextDelivered } from '../support/textDelivered';
import { watchStatements } from '../support/watchedStatements';

const { startPostgres } = require('../support/postgres');

jest.setTimeout(60_000);

/** Opens a new database and returns a way to open more connections to that same database. */
type Backend = { name: string; create: () => Promise<() => SqlDatabase> };

let pg: {
	createDatabase: (n: string) => Promise<Record<string, unknown>>;
	stop: () => Promise<void>;
};
const dir = mkdtempSync(join(tmpdir(), 'aesthetix-claims-'));
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
		create: async () => {
			const file = join(dir, `claims-${++counter}.sqlite`);
			return () => new SqliteDatabase(file);
		},
	},
	{
		name: 'PostgreSQL',
		create: async () => {
			const config = await pg.createDatabase(`claims_${++counter}`);
			return () =>
				new PostgresDatabase(config as ConstructorParameters<typeof PostgresDatabase>[0]);
		},
	},
];

const claim = {
	idempotency_key: 'wf1:n1:9:0:0:email:jane@example.com',
	workflow_id: 'wf1',
	node_id: 'n1',
	action_name: 'Booking Confirmation Email',
	execution_id: '9',
	channel: 'email',
	contact_id: null,
	recipient: 'jane@example.com',
	is_test: false,
};

/** A sent text's conversation entry, as Send SMS logs it once Twilio answered. */
const textEntry = (
	contactId: number,
	to: string,
	sid: string,
	status: string,
): ConversationInput => ({
	contact_id: contactId,
	channel: 'sms',
	direction: 'outbound',
	status,
	subject: null,
	body: 'See you soon',
	from_address: null,
	to_address: to,
	provider_message_id: sid,
	workflow_id: 'wf1',
	action_name: 'Reminder',
	execution_id: '9',
});

/** Logs a sent text to the contact's conversation, as Send SMS does once Twilio answered. */
function logText(
	store: WorkspaceStore,
	contactId: number,
	to: string,
	sid: string,
	status: string,
) {
	return store.conversations.log(textEntry(contactId, to, sid, status));
}

describe.each(backends)('delivery claims on $name', (backend) => {
	let one: WorkspaceStore;
	let two: WorkspaceStore;

	beforeEach(async () => {
		const connect = await backend.create();
		const first = connect();
		await migrate(first);
		one = new WorkspaceStore(first);
		two = new WorkspaceStore(connect());
	});

	afterEach(async () => {
		await one.close();
		await two.close();
	});

	it('lets exactly one of two claims started at the same moment on one store send', async () => {
		const results = await Promise.all([one.deliveries.claim(claim), one.deliveries.claim(claim)]);
		expect(results.filter((r) => r.claimed)).toHaveLength(1);
		expect(results.map((r) => r.alreadySent)).toEqual([false, false]);
		expect(results[0].record.id).toBe(results[1].record.id);
	});

	it('lets exactly one of two store connections claim the same item at the same moment', async () => {
		// Many rounds, so that a window between checking and taking the record would show.
		for (let i = 0; i < 20; i++) {
			const key = `${claim.idempotency_key}:${i}`;
			const results = await Promise.all([
				one.deliveries.claim({ ...claim, idempotency_key: key }),
				two.deliveries.claim({ ...claim, idempotency_key: key }),
			]);
			expect(results.filter((r) => r.claimed)).toHaveLength(1);
		}
		expect(await one.deliveries.statistics('wf1', 'n1')).toEqual({ sending: 20 });
	});

	it('gives a failed send back to exactly one of two retries claiming it at the same moment', async () => {
		for (let i = 0; i < 20; i++) {
			const key = `${claim.idempotency_key}:${i}`;
			const { record } = await one.deliveries.claim({ ...claim, idempotency_key: key });
			await one.deliveries.finish(record.id, { status: 'failed', error: 'connection refused' });
			const retries = await Promise.all([
				one.deliveries.claim({ ...claim, idempotency_key: key, execution_id: '10' }),
				two.deliveries.claim({ ...claim, idempotency_key: key, execution_id: '11' }),
			]);
			expect(retries.filter((r) => r.claimed)).toHaveLength(1);
			const winner = retries.find((r) => r.claimed)!;
			expect(winner.record).toMatchObject({ id: record.id, status: 'sending', error: null });
		}
	});

	it('gives a send n8n stopped in the middle of to exactly one of two retries taking it over at the same moment', async () => {
		for (let i = 0; i < 20; i++) {
			const key = `${claim.idempotency_key}:stopped:${i}`;
			const { record } = await one.deliveries.claim({ ...claim, idempotency_key: key });
			const retries = await Promise.all([
				one.deliveries.takeOver(record.id, '9', '10'),
				two.deliveries.takeOver(record.id, '9', '11'),
			]);
			const taken = retries.filter((r) => r !== undefined);
			expect(taken).toHaveLength(1);
			expect(taken[0]).toMatchObject({ id: record.id, status: 'sending' });
			// The winner holds it now: the one that lost can neither mark it interrupted nor take it.
			expect(await one.deliveries.interrupt(record.id, '9')).toBe(false);
			expect(await two.deliveries.takeOver(record.id, '9', '12')).toBeUndefined();
		}
	});

	it('keeps a send marked interrupted for a later retry to decide again', async () => {
		const { record } = await one.deliveries.claim(claim);
		expect(await one.deliveries.interrupt(record.id, '9')).toBe(true);
		const later = await two.deliveries.claim({ ...claim, execution_id: '12' });
		expect(later).toMatchObject({ claimed: false, alreadySent: false });
		expect(later.record).toMatchObject({ status: 'interrupted', execution_id: '9' });
		expect(await two.deliveries.takeOver(record.id, '9', '12')).toMatchObject({
			status: 'sending',
			execution_id: '12',
		});
	});

	it('records one original execution per run token, even for two node runs recording it at the same moment', async () => {
		for (let i = 0; i < 10; i++) {
			const [first, second] = i % 2 ? [one, two] : [two, one];
			const both = await Promise.all([
				first.executionOrigins.originalOf(`token-hash-${i}`, 'wf1', '21'),
				second.executionOrigins.originalOf(`token-hash-${i}`, 'wf1', '22'),
			]);
			expect(new Set(both).size).toBe(1);
		}
		const originals = await Promise.all([
			one.executionOrigins.originalOf('token-hash-a', 'wf1', '21'),
			two.executionOrigins.originalOf('token-hash-a', 'wf1', '22'),
		]);
		expect(new Set(originals).size).toBe(1);
		expect(['21', '22']).toContain(originals[0]);
		// A retry carrying the token finds it; another token (a fresh execution) is its own original.
		expect(await two.executionOrigins.originalOf('token-hash-a', 'wf1', '30')).toBe(originals[0]);
		expect(await one.executionOrigins.originalOf('token-hash-b', 'wf1', '31')).toBe('31');
	});

	it("asks the store for a run token's original execution once per process, in one statement for a new token", async () => {
		const watched = watchStatements(one.db);
		const origins = new WorkspaceStore(watched.db).executionOrigins;
		expect(await origins.originalOf('token-hash-once', 'wf1', '41')).toBe('41');
		expect(watched.statements).toHaveLength(1);
		// The execution's next action on this process, and a retry of it here, ask nothing.
		expect(await origins.originalOf('token-hash-once', 'wf1', '42')).toBe('41');
		expect(watched.statements).toHaveLength(1);
		// Another process finds what this one recorded.
		expect(await two.executionOrigins.originalOf('token-hash-once', 'wf1', '43')).toBe('41');
	});

	it('never gives back a send the provider took, whatever its later report', async () => {
		const { record } = await one.deliveries.claim(claim);
		await one.deliveries.finish(record.id, {
			status: 'accepted',
			provider_message_id: 'SM1',
			result: { message_sid: 'SM1' },
		});
		await one.deliveries.report('SM1', 'failed', 'undelivered', '30003');
		const retries = await Promise.all([one.deliveries.claim(claim), two.deliveries.claim(claim)]);
		expect(retries.map((r) => [r.claimed, r.alreadySent])).toEqual([
			[false, true],
			[false, true],
		]);
		expect(retries[0].record.result).toEqual({ message_sid: 'SM1' });
	});

	it('keeps a text and its conversation entry at Delivered when its late `sent` report arrives at the same moment as `delivered`', async () => {
		const jane = await one.contacts.findOrCreate({ phone: '+15551230000' });
		// Many rounds, on both connections in both orders, so that a window between reading the
		// status and writing it would show.
		for (let i = 0; i < 20; i++) {
			const sid = `SM${String(i).padStart(32, '0')}`;
			const { record } = await one.deliveries.claim({ ...claim, idempotency_key: `report:${i}` });
			await one.deliveries.finish(record.id, { status: 'accepted', provider_message_id: sid });
			await logText(one, jane.id, '+15551230000', sid, 'accepted');
			const report = (status: string) => ({ MessageSid: sid, MessageStatus: status });
			const [first, second] = i % 2 ? [one, two] : [two, one];
			await Promise.all([
				recordMessageStatus(first, report('delivered')),
				recordMessageStatus(second, report('sent')),
			]);
			await expectTextDelivered(one, sid);
		}
	});

	it("applies a text's `delivered` report that arrives before the send records the message id, with a `sent` at the same moment as the recording, to the record and its conversation entry", async () => {
		const jane = await one.contacts.findOrCreate({ phone: '+15551230001' });
		// Many rounds, on both connections in both orders: a report must never fall between the
		// send recording the id and the report looking for it.
		for (let i = 0; i < 20; i++) {
			const sid = `SMearly${String(i).padStart(27, '0')}`;
			const { record } = await one.deliveries.claim({
				...claim,
				channel: 'sms',
				recipient: '+15551230001',
				idempotency_key: `early:${i}`,
			});
			const report = (status: string) => ({ MessageSid: sid, MessageStatus: status });
			const [sender, reporter] = i % 2 ? [one, two] : [two, one];
			// Twilio's `delivered` before its answer to the send came back; `sent` while it is recorded.
			await recordMessageStatus(reporter, report('delivered'));
			await Promise.all([
				(async () => {
					await sender.deliveries.finish(record.id, {
						status: 'accepted',
						provider_message_id: sid,
					});
					await logText(sender, jane.id, '+15551230001', sid, 'queued');
				})(),
				recordMessageStatus(reporter, report('sent')),
			]);
			await expectTextDelivered(one, sid);
		}
		// Every early report was used up.
		expect(await one.db.all('SELECT * FROM early_delivery_reports')).toEqual([]);
	});

	it('records a send in one statement when no report of it came first', async () => {
		const { record } = await one.deliveries.claim({ ...claim, channel: 'sms' });
		const watched = watchStatements(one.db);
		await new WorkspaceStore(watched.db).deliveries.finish(record.id, {
			status: 'accepted',
			provider_message_id: 'SMquiet',
		});
		expect(watched.statements).toHaveLength(1);
		expect(await one.deliveries.byProviderId('SMquiet')).toMatchObject({ status: 'accepted' });
	});

	it("moves a text's record and conversation entry with each report: in one statement on PostgreSQL", async () => {
		const jane = await one.contacts.findOrCreate({ phone: '+15551230003' });
		const { record } = await one.deliveries.claim({ ...claim, channel: 'sms' });
		await one.deliveries.finish(record.id, { status: 'accepted', provider_message_id: 'SMfollow' });
		await logText(one, jane.id, '+15551230003', 'SMfollow', 'queued');
		const watched = watchStatements(one.db);
		const reporter = new WorkspaceStore(watched.db);
		await recordMessageStatus(reporter, { MessageSid: 'SMfollow', MessageStatus: 'sent' });
		await recordMessageStatus(reporter, { MessageSid: 'SMfollow', MessageStatus: 'delivered' });
		// A late `sent` moves neither.
		await recordMessageStatus(reporter, { MessageSid: 'SMfollow', MessageStatus: 'sent' });
		await expectTextDelivered(one, 'SMfollow');
		expect(watched.statements).toHaveLength(backend.name === 'PostgreSQL' ? 3 : 6);
	});

	it("acts on a text's report once: its retry and a captured copy change nothing, and on PostgreSQL the receipt is taken in the move's statement", async () => {
		const jane = await one.contacts.findOrCreate({ phone: '+15551230004' });
		const { record } = await one.deliveries.claim({ ...claim, channel: 'sms' });
		await one.deliveries.finish(record.id, { status: 'accepted', provider_message_id: 'SMonce' });
		await logText(one, jane.id, '+15551230004', 'SMonce', 'queued');
		const watched = watchStatements(one.db);
		const reporter = new WorkspaceStore(watched.db);
		const delivered = { MessageSid: 'SMonce', MessageStatus: 'delivered', To: '+15551230004' };
		const first = await recordMessageStatus(reporter, delivered, 'twilio:status:SMonce:delivered');
		expect(first).toMatchObject({
			replay: false,
			event: { event: 'message.status', status: 'delivered', workflow_id: 'wf1' },
		});
		expect(watched.statements).toHaveLength(backend.name === 'PostgreSQL' ? 1 : 3);
		// Twilio's retry of the same report changes nothing; nor does a captured copy posted after
		// the text was reported undelivered, which would otherwise undo that.
		const retry = await recordMessageStatus(reporter, delivered, 'twilio:status:SMonce:delivered');
		expect(retry).toEqual({ replay: true });
		await one.deliveries.report('SMonce', 'failed', 'undelivered', 'Twilio error 30003');
		const captured = await recordMessageStatus(two, delivered, 'twilio:status:SMonce:delivered');
		expect(captured).toEqual({ replay: true });
		expect(await one.deliveries.byProviderId('SMonce')).toMatchObject({
			status: 'failed',
			error: 'Twilio error 30003',
		});
		expect(await one.db.all('SELECT replay_key FROM webhook_receipts')).toEqual([
			{ replay_key: 'twilio:status:SMonce:delivered' },
		]);
	});

	it('lets exactly one of two copies of a report received at the same moment act, on either connection', async () => {
		const jane = await one.contacts.findOrCreate({ phone: '+15551230005' });
		for (let i = 0; i < 10; i++) {
			const sid = `SMtwin${String(i).padStart(28, '0')}`;
			const { record } = await one.deliveries.claim({ ...claim, idempotency_key: `twin:${i}` });
			await one.deliveries.finish(record.id, { status: 'accepted', provider_message_id: sid });
			await logText(one, jane.id, '+15551230005', sid, 'accepted');
			const report = { MessageSid: sid, MessageStatus: 'delivered' };
			const answers = await Promise.all([
				recordMessageStatus(one, report, `twilio:status:${sid}:delivered`),
				recordMessageStatus(two, report, `twilio:status:${sid}:delivered`),
			]);
			expect(answers.map((a) => a.replay).sort()).toEqual([false, true]);
			await expectTextDelivered(one, sid);
		}
	});

	it("holds no receipt after a report that failed: never deletes another request's, and lets its own go", async () => {
		const jane = await one.contacts.findOrCreate({ phone: '+15551230009' });
		const { record } = await one.deliveries.claim({ ...claim, channel: 'sms' });
		await one.deliveries.finish(record.id, { status: 'accepted', provider_message_id: 'SMretry' });
		await logText(one, jane.id, '+15551230009', 'SMretry', 'queued');
		const failing = (match: RegExp) => {
			let armed = true;
			return new WorkspaceStore(
				watchStatements(one.db, (sql) => {
					if (armed && match.test(sql)) {
						armed = false;
						throw new Error('canceling statement due to statement timeout');
					}
				}).db,
			);
		};
		const delivered = { MessageSid: 'SMretry', MessageStatus: 'delivered' };
		const key = 'twilio:status:SMretry:delivered';
		expect(await recordMessageStatus(one, delivered, key)).toMatchObject({ replay: false });
		// Twilio's retry of it fails where its receipt is taken: the first request's receipt stays.
		await expect(recordMessageStatus(failing(/webhook_receipts/), delivered, key)).rejects.toThrow(
			/statement timeout/,
		);
		expect(await recordMessageStatus(two, delivered, key)).toEqual({ replay: true });

		// A report of a text not recorded yet fails after taking its receipt: the receipt is let go,
		// so Twilio's retry of it is acted on.
		const early = { MessageSid: 'SMlater', MessageStatus: 'delivered' };
		await expect(
			recordMessageStatus(
				failing(/SELECT 1 AS found FROM conversation_messages/),
				early,
				'twilio:status:SMlater:delivered',
			),
		).rejects.toThrow(/statement timeout/);
		expect(await recordMessageStatus(two, early, 'twilio:status:SMlater:delivered')).toMatchObject({
			replay: false,
		});
		expect(await one.db.all('SELECT provider_message_id FROM early_delivery_reports')).toEqual([
			{ provider_message_id: 'SMlater' },
		]);
	});

	it('keeps a report that came before its text was recorded once, and a second copy of it is a replay', async () => {
		const report = { MessageSid: 'SMahead', MessageStatus: 'delivered' };
		expect(await recordMessageStatus(one, report, 'twilio:status:SMahead:delivered')).toMatchObject(
			{
				replay: false,
			},
		);
		expect(await recordMessageStatus(two, report, 'twilio:status:SMahead:delivered')).toEqual({
			replay: true,
		});
		const { record } = await one.deliveries.claim({ ...claim, channel: 'sms' });
		await one.deliveries.finish(record.id, { status: 'accepted', provider_message_id: 'SMahead' });
		expect(await one.deliveries.byProviderId('SMahead')).toMatchObject({ status: 'delivered' });
		expect(await one.db.all('SELECT * FROM early_delivery_reports')).toEqual([]);
	});

	it('closes a send and logs its conversation entry together: in one statement on PostgreSQL', async () => {
		const jane = await one.contacts.findOrCreate({ phone: '+15551230006' });
		const { record } = await one.deliveries.claim({ ...claim, channel: 'sms' });
		const watched = watchStatements(one.db);
		await new WorkspaceStore(watched.db).deliveries.finish(
			record.id,
			{ status: 'accepted', provider_message_id: 'SMclosed' },
			textEntry(jane.id, '+15551230006', 'SMclosed', 'queued'),
		);
		expect(watched.statements).toHaveLength(backend.name === 'PostgreSQL' ? 1 : 2);
		expect(await one.deliveries.byProviderId('SMclosed')).toMatchObject({ status: 'accepted' });
		expect(await one.conversations.forContact(jane.id)).toMatchObject([
			{
				provider_message_id: 'SMclosed',
				status: 'queued',
				action_name: 'Reminder',
				body: 'See you soon',
			},
		]);
	});

	it("applies a report that came before its text's close to the record and the entry logged with it", async () => {
		const jane = await one.contacts.findOrCreate({ phone: '+15551230007' });
		const { record } = await one.deliveries.claim({ ...claim, channel: 'sms' });
		await recordMessageStatus(two, { MessageSid: 'SMfirst', MessageStatus: 'delivered' });
		await one.deliveries.finish(
			record.id,
			{ status: 'accepted', provider_message_id: 'SMfirst' },
			textEntry(jane.id, '+15551230007', 'SMfirst', 'queued'),
		);
		await expectTextDelivered(one, 'SMfirst');
		expect(await one.db.all('SELECT * FROM early_delivery_reports')).toEqual([]);
	});

	it("closes a sent message's record even when its conversation entry cannot be logged", async () => {
		const { record } = await one.deliveries.claim({ ...claim, channel: 'sms' });
		// A contact erased between the send and its close: the entry's contact is gone.
		await expect(
			one.deliveries.finish(
				record.id,
				{ status: 'accepted', provider_message_id: 'SMorphan' },
				textEntry(424242, '+15551230008', 'SMorphan', 'queued'),
			),
		).rejects.toThrow(/foreign key/i);
		expect(await one.deliveries.byProviderId('SMorphan')).toMatchObject({ status: 'accepted' });
		expect(await one.db.all('SELECT * FROM conversation_messages')).toEqual([]);
	});

	// A statement on PostgreSQL sees only what was committed when it began, so these hold a send's
	// recording, or a report being kept, open on purpose: the other side must wait for it.
	const onPostgres = backend.name === 'PostgreSQL' ? it : it.skip;

	onPostgres('applies a report that comes while the send is recording its id, once', async () => {
		const { record } = await one.deliveries.claim({ ...claim, channel: 'sms' });
		const sid = 'SMrecording';
		let commit!: () => void;
		let recorded!: () => void;
		const isRecorded = new Promise<void>((resolve) => (recorded = resolve));
		const sending = one.db.transaction(async () => {
			await one.deliveries.finish(record.id, { status: 'accepted', provider_message_id: sid });
			recorded();
			await new Promise<void>((resolve) => (commit = resolve));
		});
		await isRecorded;
		const reporting = recordMessageStatus(two, { MessageSid: sid, MessageStatus: 'delivered' });
		await new Promise((resolve) => setTimeout(resolve, 300));
		commit();
		await Promise.all([sending, reporting]);
		expect(await one.deliveries.byProviderId(sid)).toMatchObject({
			status: 'delivered',
			provider_status: 'delivered',
		});
		expect(await one.db.all('SELECT * FROM early_delivery_reports')).toEqual([]);
	});

	onPostgres(
		'lets a send that records its id while a report is being kept apply it, once',
		async () => {
			const { record } = await one.deliveries.claim({ ...claim, channel: 'sms' });
			const sid = 'SMkeeping';
			let commit!: () => void;
			let kept!: () => void;
			const isKept = new Promise<void>((resolve) => (kept = resolve));
			// What a report that found no record does, stopped before it commits.
			const keeping = two.db.transaction(async (tx) => {
				await tx.run('LOCK TABLE delivery_records IN SHARE ROW EXCLUSIVE MODE');
				await tx.run(
					`INSERT INTO early_delivery_reports (provider_message_id, provider_status, status, error, received_at)
				 VALUES (?, 'delivered', 'delivered', NULL, ?)`,
					[sid, new Date().toISOString()],
				);
				kept();
				await new Promise<void>((resolve) => (commit = resolve));
			});
			await isKept;
			let finished = false;
			const sending = one.deliveries
				.finish(record.id, { status: 'accepted', provider_message_id: sid })
				.then(() => (finished = true));
			await new Promise((resolve) => setTimeout(resolve, 300));
			expect(finished).toBe(false);
			commit();
			await Promise.all([keeping, sending]);
			expect(await one.deliveries.byProviderId(sid)).toMatchObject({
				status: 'delivered',
				provider_status: 'delivered',
			});
			expect(await one.db.all('SELECT * FROM early_delivery_reports')).toEqual([]);
		},
	);

	it('keeps a report of a message no action has recorded for a day, then drops it', async () => {
		expect(await one.deliveries.report('SMother', 'delivered', 'delivered', null)).toBeUndefined();
		expect(await one.db.all('SELECT provider_message_id FROM early_delivery_reports')).toEqual([
			{ provider_message_id: 'SMother' },
		]);
		await one.db.run('UPDATE early_delivery_reports SET received_at = ?', [
			new Date(Date.now() - 25 * 60 * 60 * 1000).toISOString(),
		]);
		await one.deliveries.report('SMnext', 'sent', 'sent', null);
		expect(await one.db.all('SELECT provider_message_id FROM early_delivery_reports')).toEqual([
			{ provider_message_id: 'SMnext' },
		]);
	});

	it('keeps nothing for a text sent from the Inbox, which has a conversation entry and no record, and still moves the entry', async () => {
		const jane = await one.contacts.findOrCreate({ phone: '+15551230002' });
		// What completing a Manual Action SMS leaves: the text in the conversation, no delivery record.
		await logText(one, jane.id, '+15551230002', 'SMinbox', 'queued');
		await recordMessageStatus(one, {
			MessageSid: 'SMinbox',
			MessageStatus: 'delivered',
			To: '+15551230002',
		});
		expect(await one.db.all('SELECT * FROM early_delivery_reports')).toEqual([]);
		const [entry] = await one.conversations.forContact(jane.id);
		expect(entry).toMatchObject({ provider_message_id: 'SMinbox', status: 'delivered' });
	});

	it('answers a report with the record it moved, and nothing for a message it never sent', async () => {
		const { record } = await one.deliveries.claim(claim);
		await one.deliveries.finish(record.id, { status: 'accepted', provider_message_id: 'SM9' });
		expect(
			await one.deliveries.report('SM9', 'failed', 'undelivered', 'Twilio error 30003'),
		).toMatchObject({
			id: record.id,
			status: 'failed',
			provider_status: 'undelivered',
			error: 'Twilio error 30003',
		});
		// A later report of a lesser status keeps the status and the error.
		expect(await one.deliveries.report('SM9', 'sent', 'sent', null)).toMatchObject({
			status: 'failed',
			error: 'Twilio error 30003',
		});
		expect(
			await one.deliveries.report('SM-unknown', 'delivered', 'delivered', null),
		).toBeUndefined();
	});
});
