import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from '../../core/store/migrations';
import { PostgresDatabase } from '../../core/store/postgresDatabase';
import { SqliteDatabase } from '../../core/store/sqliteDatabase';
import { WorkspaceStore } from '../../core/store/workspaceStore';
import { EMAIL_STATISTICS } from '../../core/store/deliveryEvents';
import { recordEmailEvent } from '../../core/endpoint/email/emailEvents';
import { deliveryToken } from '../../core/email/deliveryToken';
import type { SqlDatabase } from '../../core/store/database';

const { startPostgres } = require('../support/postgres');

jest.setTimeout(60_000);

let pg: {
	createDatabase: (n: string) => Promise<Record<string, unknown>>;
	stop: () => Promise<void>;
};
const dir = mkdtempSync(join(tmpdir(), 'aesthetix-events-'));
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
			new SqliteDatabase(join(dir, `events-${++counter}.sqlite`)),
	},
	{
		name: 'PostgreSQL',
		open: async (): Promise<SqlDatabase> =>
			new PostgresDatabase(await pg.createDatabase(`events_${++counter}`)),
	},
];

describe.each(backends)('email delivery statistics on $name', (backend) => {
	let store: WorkspaceStore;

	beforeEach(async () => {
		const db = await backend.open();
		await migrate(db);
		store = new WorkspaceStore(db);
	});

	afterEach(async () => {
		await store.close();
	});

	async function sent(recipient: string, status: 'accepted' | 'rejected', isTest = false) {
		const contact = await store.contacts.findOrCreate({ email: recipient });
		const { record } = await store.deliveries.claim({
			idempotency_key: `wf:node:1:0:${recipient}`,
			workflow_id: 'wf',
			node_id: 'node',
			action_name: 'Booking Confirmation Email',
			execution_id: '1',
			channel: 'email',
			contact_id: contact.id,
			recipient,
			is_test: isTest,
		});
		await store.deliveries.finish(record.id, {
			status,
			provider_message_id: status === 'accepted' ? `<${recipient}-msg@glow.test>` : null,
		});
		return { id: record.id, contact };
	}

	it('counts each send once per statistic, names the recipients with their events, and pages them', async () => {
		const jane = await sent('jane@example.com', 'accepted');
		const bob = await sent('bob@example.com', 'accepted');
		await sent('bad@example.com', 'rejected');
		await sent('test@example.com', 'accepted', true);
		const token = deliveryToken(await store.settings.secret(), 'delivery', jane.id);
		const base = {
			source: 'mailgun' as const,
			occurredAt: '2026-11-20T10:00:00.000Z',
			reason: null,
		};
		expect(
			await recordEmailEvent(store, {
				...base,
				event: 'delivered',
				eventId: 'e1',
				token,
				recipient: 'jane@example.com',
			}),
		).toMatchObject({ event: 'email.delivered' });
		// A retry, and the Cc copy's own event with the same variables: neither counts.
		expect(
			await recordEmailEvent(store, { ...base, event: 'delivered', eventId: 'e1', token }),
		).toBeUndefined();
		expect(
			await recordEmailEvent(store, {
				...base,
				event: 'delivered',
				eventId: 'e2',
				token,
				recipient: 'frontdesk@glow.test',
			}),
		).toBeUndefined();
		await recordEmailEvent(store, { ...base, event: 'opened', eventId: 'e3', token });
		await recordEmailEvent(store, {
			...base,
			event: 'opened',
			eventId: 'e4',
			token,
			occurredAt: '2026-11-21T09:00:00.000Z',
		});
		// Matched by Message-ID without its angle brackets, as Mailgun reports it.
		await recordEmailEvent(store, {
			...base,
			event: 'bounced',
			eventId: 'e5',
			messageId: 'bob@example.com-msg@glow.test',
			reason: '550 no such user',
			permanent: true,
			occurredAt: '2026-11-21T09:00:00.000Z',
		});

		const selector = { workflowId: 'wf', actionName: 'Booking Confirmation Email' };
		expect(await store.deliveryEvents.counts(selector, EMAIL_STATISTICS)).toEqual({
			delivered: 1,
			opened: 1,
			clicked: 0,
			replied: 0,
			bounced: 1,
			accepted: 2,
			stored: 0,
			rejected: 1,
			complained: 0,
			unsubscribed: 0,
		});
		expect((await store.contacts.get(bob.contact.id))!.dnd_email).toBe(true);
		// The hard bounce is in Bob's consent trail, with what the provider said.
		expect(await store.consent.trail(bob.contact.id)).toEqual([
			expect.objectContaining({
				flag: 'dnd_email',
				opted_out: true,
				source: expect.stringMatching(/^(mailgun|sendgrid)$/),
				detail: expect.stringMatching(
					/^the address bounced permanently \(reported by (Mailgun|SendGrid)\)/,
				),
			}),
		]);
		expect((await store.contacts.get(jane.contact.id))!.dnd_email).toBe(false);

		const bounced = await store.deliveryEvents.recipients(selector, {
			statistic: 'bounced',
			limit: 10,
			offset: 0,
		});
		expect(bounced).toEqual([
			expect.objectContaining({
				address: 'bob@example.com',
				contact_id: bob.contact.id,
				events: [
					{
						event: 'bounced',
						at: '2026-11-21T09:00:00.000Z',
						reason: '550 no such user',
						source: 'mailgun',
					},
				],
			}),
		]);
		const pages = [
			await store.deliveryEvents.recipients(selector, { limit: 2, offset: 0 }),
			await store.deliveryEvents.recipients(selector, { limit: 2, offset: 2 }),
		];
		expect(pages.map((p) => p.map((r) => r.address))).toEqual([
			['jane@example.com', 'bob@example.com'],
			['bad@example.com'],
		]);

		const daily = await store.deliveryEvents.daily(selector, ['delivered', 'opened', 'bounced']);
		expect(daily).toEqual([
			{ day: '2026-11-20', counts: { delivered: 1, opened: 1 } },
			{ day: '2026-11-21', counts: { bounced: 1 } },
		]);

		const erased = await store.erasure.contact(bob.contact.id);
		expect(erased?.removed).toMatchObject({
			delivery_event_reasons: 1,
			delivery_records_anonymized: 1,
		});
		expect(await store.deliveryEvents.counts(selector, ['bounced'])).toEqual({ bounced: 1 });
		expect(JSON.stringify(await store.db.all('SELECT * FROM delivery_events'))).not.toContain(
			'no such user',
		);
	});

	it('tells whether a contact replied by email since a moment', async () => {
		const { contact } = await sent('rae@example.com', 'accepted');
		const since = new Date().toISOString();
		expect(await store.emailReplies.repliedSince(contact.id, since)).toBe(false);
		await store.conversations.log({
			contact_id: contact.id,
			channel: 'email',
			direction: 'inbound',
			status: 'received',
			subject: 'Re: hi',
			body: 'Yes',
			from_address: 'rae@example.com',
			to_address: null,
			provider_message_id: '<r@x>',
			workflow_id: null,
			action_name: null,
			execution_id: null,
		});
		expect(await store.emailReplies.repliedSince(contact.id, since)).toBe(true);
		expect(await store.emailReplies.seen('<r@x>')).toBe(true);
	});
});
