/**
 * The consent trail on both stores: every opt-out and opt-in lands in one place (the contact's flag
 * and its trail entry, together), a change that changes nothing records nothing, two processes
 * recording the same change at once leave one entry, and erasure keeps only anonymous counts.
 */
import { migrate } from '../../core/store/migrations';
import { WorkspaceStore } from '../../core/store/workspaceStore';
import type { SqlDatabase } from '../../core/store/database';
import { inboxDetail, type ConsentChange } from '../../core/store/consent';
import { storeBackends } from '../support/storeBackends';

jest.setTimeout(60_000);

const backends = storeBackends('consent');

describe.each(backends)('the consent trail on $name', (backend) => {
	let store: WorkspaceStore;
	let connect: () => SqlDatabase;
	let janeId: number;
	const stop = (over: Partial<ConsentChange> = {}): ConsentChange => ({
		contactId: janeId,
		flag: 'sms_opted_out',
		optedOut: true,
		source: 'text_reply',
		detail: 'replied STOP',
		...over,
	});

	beforeEach(async () => {
		connect = await backend.create();
		const db = connect();
		await migrate(db);
		store = new WorkspaceStore(db);
		janeId = (
			await store.contacts.findOrCreate({ email: 'jane@example.com', phone: '+15551230001' })
		).id;
	});

	afterEach(async () => {
		await store.close();
	});

	it('sets the flag and appends the entry together; the same change again records nothing', async () => {
		const entry = await store.consent.record(stop());
		expect(entry).toMatchObject({
			contact_id: janeId,
			channel: 'sms',
			flag: 'sms_opted_out',
			opted_out: true,
			source: 'text_reply',
			detail: 'replied STOP',
		});
		expect((await store.contacts.get(janeId))!.sms_opted_out).toBe(true);
		expect(await store.consent.record(stop({ detail: 'replied STOPALL' }))).toBeUndefined();
		await store.consent.record(stop({ optedOut: false, detail: 'replied START' }));
		expect((await store.contacts.get(janeId))!.sms_opted_out).toBe(false);
		expect((await store.consent.trail(janeId)).map((e) => e.detail)).toEqual([
			'replied START',
			'replied STOP',
		]);
	});

	it('keeps each flag apart: an unsubscribe from marketing is not Do Not Disturb', async () => {
		await store.consent.record(
			stop({ flag: 'email_unsubscribed', source: 'one_click', detail: 'one click', deliveryId: 9 }),
		);
		expect(await store.contacts.get(janeId)).toMatchObject({
			email_unsubscribed: true,
			dnd_email: false,
			sms_opted_out: false,
		});
		expect(await store.consent.latest(janeId, 'email_unsubscribed')).toMatchObject({
			channel: 'email',
			source: 'one_click',
			delivery_id: 9,
		});
		expect(await store.consent.latest(janeId, 'dnd_email')).toBeUndefined();
	});

	// Two connections are two n8n processes on PostgreSQL; SQLite's one process shares one connection.
	it('records one entry when the same opt-out is recorded several times at the same moment', async () => {
		const other = backend.name === 'PostgreSQL' ? new WorkspaceStore(connect()) : store;
		try {
			const results = await Promise.all([
				store.consent.record(stop({ source: 'text_reply' })),
				other.consent.record(stop({ source: 'twilio', detail: 'Twilio refused a text' })),
				store.consent.record(stop({ detail: 'replied QUIT' })),
				other.consent.record(stop({ detail: 'replied END' })),
			]);
			expect(results.filter(Boolean)).toHaveLength(1);
			expect(await store.consent.trail(janeId)).toHaveLength(1);
		} finally {
			if (other !== store) await other.close();
		}
	});

	it('is refused for a contact that does not exist', async () => {
		expect(await store.consent.record(stop({ contactId: 999 }))).toBeUndefined();
	});

	it('forgets who changed it in the Inbox when that team member is erased, and keeps the change', async () => {
		const ivy = await store.teamUsers.create({ name: 'Ivy Chen', email: 'ivy@glow.test' });
		await store.consent.record(
			stop({ flag: 'dnd_calls', source: 'inbox', detail: inboxDetail('Ivy Chen') }),
		);
		await store.erasure.teamUser(ivy.id);
		expect(await store.consent.trail(janeId)).toEqual([
			expect.objectContaining({
				flag: 'dnd_calls',
				source: 'inbox',
				detail: 'by a former team member in the Inbox',
			}),
		]);
	});

	it('keeps only anonymous counts when the contact is erased', async () => {
		const sam = await store.contacts.findOrCreate({ email: 'sam@example.com' });
		await store.consent.record(stop());
		await store.consent.record(stop({ optedOut: false, detail: 'replied START' }));
		await store.consent.record(
			stop({ flag: 'dnd_email', source: 'mailgun', detail: 'marked "Offer" as spam' }),
		);
		await store.consent.record(
			stop({ contactId: sam.id, flag: 'dnd_email', source: 'mailgun', detail: 'bounced' }),
		);
		const report = await store.erasure.contact(janeId);
		expect(report!.removed.consent_events).toBe(3);
		expect(await store.consent.trail(janeId)).toEqual([]);
		const rows = await store.db.all('SELECT * FROM consent_counts');
		expect(rows.map((r) => Object.keys(r).sort())).toEqual(
			rows.map(() => ['channel', 'count', 'flag', 'month', 'opted_out', 'source']),
		);
		expect(JSON.stringify(rows)).not.toMatch(/jane|STOP|spam|\+1555/i);
		expect(
			(await store.consent.counts()).map((c) => [c.flag, c.opted_out, c.source, c.count]),
		).toEqual([
			['dnd_email', true, 'mailgun', 2],
			['sms_opted_out', true, 'text_reply', 1],
			['sms_opted_out', false, 'text_reply', 1],
		]);
	});
});
