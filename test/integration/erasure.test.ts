/**
 * The right to erasure, proved over the whole store: a team user and a contact are written into every
 * table that can hold a person, the way the package writes them (manual tasks worked in the queue, a
 * Call and a voicemail drop finished by Twilio's callbacks, an external call logged, sign-in, the
 * bell, internal notifications, dialer deliveries in other spellings ...). Both are erased, then every
 * text column of every table is searched for their names, emails and numbers, on SQLite and on
 * PostgreSQL. A table the schema gains later must be added here, as seeded or as holding no person.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ActionRun } from '../../core/run/actionRun';
import { logExternalCall } from '../../core/inbound/logExternalCall';
import { setPassword, signIn } from '../../core/inbox/auth';
import { DraftLimit } from '../../core/inbox/draftLimit';
import { createPasswordLink } from '../../core/inbox/passwordLinks';
import { completeManualTask } from '../../core/manualActions/completeTask';
import { takeNotificationSlot } from '../../core/notifications/rateLimit';
import { inboxDetail } from '../../core/store/consent';
import type { SqlDatabase } from '../../core/store/database';
import { migrate } from '../../core/store/migrations';
import { PostgresDatabase } from '../../core/store/postgresDatabase';
import { SqliteDatabase } from '../../core/store/sqliteDatabase';
import type { Contact, TeamUser } from '../../core/store/types';
import { WorkspaceStore } from '../../core/store/workspaceStore';
import { handleVoiceRequest } from '../../core/voice/callFlow';
import { createTwilioMessaging, createTwilioVoice } from '../../providers/twilio';

const { startPostgres } = require('../support/postgres');
const { TwilioDouble } = require('../support/twilioDouble');

jest.setTimeout(120_000);

/** How each table can hold the team user or the contact, as this test writes them there. */
const SEEDED: Record<string, string> = {
	team_users: 'the team user',
	contacts: 'the contact, and a contact assigned to the team user',
	conversation_messages:
		"the contact's own messages; the team user as sender of manual texts and calls, as the user leg of a Call, as the number a voicemail was dropped from, as the caller of an external call, and as the sender of a review request",
	delivery_records:
		"the contact's sends; sends addressed to the contact or the team user without a contact id; a review request sent from the team user",
	tracked_links: 'links in messages to the contact',
	notifications: "the team user's bell, and notifications to others that name either person",
	manual_tasks: "the contact's task, and tasks the team user was assigned, claimed or completed",
	inbox_sessions: "the team user's sign-in",
	inbox_throttle: "a failed sign-in with the team user's email, and their Write with AI drafts",
	inbox_password_links: "the team user's set-password link",
	inbound_deliveries:
		'dialer deliveries naming the contact (national number, email in other case) and the team user',
	voice_calls:
		"a Call to the contact; a Call routed to the team user; a voicemail from the team user's number",
	notification_sends: "internal notifications to the team user and to the contact's email",
	delivery_events: 'bounce reasons quoting either address',
	deferred_items:
		"items waiting for the contact's calling window, and one for another contact assigned to the team user",
	consent_events:
		"the contact's own unsubscribe, and another contact's opt-out changed by the team user in the Inbox",
	snapshot_items: 'the team user as a member a loaded snapshot brought',
};

/** Tables that cannot name a person: the package never writes a person into them. */
const HOLDS_NO_PERSON: Record<string, string> = {
	schema_migrations: 'migration names',
	templates: 'template text with custom values, never filled in',
	template_copies: "an action's copy of a template, custom values unfilled",
	template_sync: 'template text and times',
	settings: 'workspace configuration (company, Reputation wording, the signing secret)',
	premium_executions: 'action names and times',
	webhook_receipts: 'provider message and call ids',
	early_delivery_reports: 'provider message ids, statuses and error codes',
	webhook_tokens: "Mailgun's one-time tokens",
	voicemail_audio: 'the recording itself and its checksum',
	consent_counts: 'opt-out counts per month, channel, change and source',
	execution_origins: 'a hash of the run token and execution ids',
	snapshot_loads: "the snapshot's name, revision, publisher key and the choices made at load",
};

type Backend = { name: string; open: () => Promise<SqlDatabase> };
let pg: {
	config: Record<string, unknown>;
	createDatabase: (n: string) => Promise<Record<string, unknown>>;
	stop: () => Promise<void>;
};
let twilio: InstanceType<typeof TwilioDouble>;
const dir = mkdtempSync(join(tmpdir(), 'aesthetix-erasure-'));
let counter = 0;

beforeAll(async () => {
	pg = await startPostgres();
	twilio = await new TwilioDouble().start();
});

afterAll(async () => {
	await twilio?.stop();
	await pg?.stop();
	rmSync(dir, { recursive: true, force: true });
});

const backends: Backend[] = [
	{
		name: 'SQLite',
		open: async () => new SqliteDatabase(join(dir, `erasure-${++counter}.sqlite`)),
	},
	{
		name: 'PostgreSQL',
		open: async () => new PostgresDatabase(await pg.createDatabase(`erasure_${++counter}`)),
	},
];

/** Every column of every table, with whether it holds text, read from the database itself. */
async function columns(db: SqlDatabase): Promise<Map<string, { name: string; text: boolean }[]>> {
	const tables = new Map<string, { name: string; text: boolean }[]>();
	if (db.dialect === 'sqlite') {
		const names = await db.all<{ name: string }>(
			"SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
		);
		for (const { name } of names) {
			const info = await db.all<{ name: string; type: string }>(`PRAGMA table_info(${name})`);
			tables.set(
				name,
				info.map((c) => ({ name: c.name, text: !/INT|REAL|NUM/i.test(c.type) })),
			);
		}
	} else {
		const rows = await db.all<{ table_name: string; column_name: string; data_type: string }>(
			`SELECT table_name, column_name, data_type FROM information_schema.columns
			 WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
		);
		for (const row of rows) {
			const list = tables.get(row.table_name) ?? [];
			list.push({
				name: row.column_name,
				text: /text|char|json/.test(row.data_type),
			});
			tables.set(row.table_name, list);
		}
	}
	return tables;
}

/** What identifies a person in text: their names and emails in any case, their numbers in any format. */
function marksOf(person: {
	names: string[];
	emails: string[];
	phones: string[];
	tokens?: string[];
}) {
	const digits = (phone: string) => phone.replace(/\D/g, '').slice(-10);
	return {
		find(value: string): string | undefined {
			const lower = value.toLowerCase();
			for (const word of [...person.names, ...person.emails])
				if (lower.includes(word.toLowerCase())) return word;
			for (const token of person.tokens ?? []) if (new RegExp(token).test(value)) return token;
			const bare = value.replace(/\D/g, '');
			for (const phone of person.phones) if (bare.includes(digits(phone))) return phone;
			return undefined;
		},
	};
}

/** Every place in the store where either person is still named: `table.column: what`. */
async function search(db: SqlDatabase, people: ReturnType<typeof marksOf>[]): Promise<string[]> {
	const found: string[] = [];
	for (const [table, cols] of await columns(db)) {
		const text = cols.filter((c) => c.text).map((c) => c.name);
		if (!text.length) continue;
		for (const row of await db.all<Record<string, unknown>>(`SELECT * FROM ${table}`)) {
			for (const column of text) {
				const value = row[column];
				if (value === null || value === undefined) continue;
				for (const person of people) {
					const hit = person.find(String(value));
					if (hit) found.push(`${table}.${column}: ${hit}`);
				}
			}
		}
	}
	return [...new Set(found)].sort();
}

/** Rows that still point at an erased id: `*user_id` columns at the user, `*contact_id` at the contact. */
async function references(db: SqlDatabase, userId: number, contactId: number): Promise<string[]> {
	const found: string[] = [];
	for (const [table, cols] of await columns(db)) {
		for (const { name } of cols) {
			const id = /user_id$/.test(name) ? userId : /contact_id$/.test(name) ? contactId : null;
			if (id === null) continue;
			const row = await db.get<{ n: unknown }>(
				`SELECT COUNT(*) AS n FROM ${table} WHERE ${name} = ?`,
				[id],
			);
			if (Number(row?.n) > 0) found.push(`${table}.${name}`);
		}
	}
	return found.sort();
}

describe.each(backends)('erasing a team user and a contact on $name', (backend) => {
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

	const twilioConfig = () => ({
		accountSid: twilio.accountSid,
		auth: { kind: 'authToken' as const, authToken: twilio.authToken },
		webhookAuthToken: twilio.authToken,
		sender: { kind: 'phoneNumber' as const, fromNumber: '+15550009999' },
		apiBaseUrl: twilio.baseUrl,
	});
	const delivery = (
		key: string,
		channel: string,
		contactId: number | null,
		recipient: string,
		action = 'Notify Front Desk',
	) => ({
		idempotency_key: `wf-${key}:n:1:0:0:${recipient}`,
		workflow_id: `wf-${key}`,
		node_id: 'n',
		action_name: action,
		execution_id: '1',
		channel,
		contact_id: contactId,
		recipient,
		is_test: false,
	});

	/** The team user and the contact, written everywhere the package writes a person. */
	async function seed(): Promise<{
		user: TeamUser;
		contact: Contact;
		bo: Contact;
		maya: TeamUser;
	}> {
		const user = await store.teamUsers.create({
			name: 'Ottoline Brasseur',
			email: 'ottoline.brasseur@glowmedspa.test',
			phone: '+15550147913',
			whatsapp: '+15550147914',
			connected_number: '+15550147915',
			slack_user_id: 'U07OTTOLINE',
			role: 'user',
		});
		const maya = await store.teamUsers.create({
			name: 'Maya Lopez',
			email: 'maya@glowmedspa.test',
			role: 'admin',
		});
		const contact = await store.contacts.findOrCreate({
			first_name: 'Perpetua',
			last_name: 'Vandersloot',
			email: 'perpetua.vandersloot@example.com',
			phone: '+15550138462',
			assigned_user_id: user.id,
		});
		const bo = await store.contacts.findOrCreate({
			first_name: 'Bo',
			last_name: 'Tanaka',
			email: 'bo@example.com',
			phone: '+15550100002',
			assigned_user_id: user.id,
		});

		// Sign-in: a password, a set-password link, a session, and a later failed attempt.
		await setPassword(store, user.id, 'Ottoline-Inbox-2026');
		await createPasswordLink(store, user.id);
		expect(
			(await signIn(store, 'ottoline.brasseur@glowmedspa.test', 'Ottoline-Inbox-2026', '10.0.0.7'))
				.outcome,
		).toBe('signedIn');
		expect(
			(await signIn(store, 'Ottoline.Brasseur@glowmedspa.test', 'wrong password', '10.0.0.7'))
				.outcome,
		).toBe('refused');
		// A draft from Write with AI, counted by the user's id.
		expect(await new DraftLimit(store.db).take(user.id)).toEqual({ allowed: true });

		// The contact's own conversation and sends.
		const message = {
			channel: 'sms' as const,
			direction: 'outbound' as const,
			status: 'delivered',
			subject: null,
			from_address: '+15550009999',
			provider_message_id: null,
			workflow_id: 'wf-reminder',
			action_name: 'Reminder',
			execution_id: '1',
			meta: {},
		};
		await store.conversations.log({
			...message,
			contact_id: contact.id,
			body: 'Hi Perpetua, see you tomorrow.',
			to_address: contact.phone,
		});
		const sms = await store.deliveries.claim(
			delivery('reminder', 'sms', contact.id, contact.phone!, 'Reminder'),
		);
		await store.deliveries.finish(sms.record.id, {
			status: 'delivered',
			provider_message_id: 'SM1',
			result: { to: contact.phone, body: 'Hi Perpetua Vandersloot, book again' },
		});
		await store.trackedLinks.create(
			sms.record.id,
			'https://glow.test/book?email=perpetua.vandersloot@example.com',
		);
		const email = await store.deliveries.claim(
			delivery('confirm', 'email', contact.id, contact.email!, 'Booking Confirmation Email'),
		);
		await store.deliveries.finish(email.record.id, { status: 'accepted', result: {} });
		await store.deliveryEvents.record({
			delivery_id: email.record.id,
			event: 'bounced',
			dedup_key: 'mailgun:event-1',
			source: 'mailgun',
			reason: '550 5.1.1 <perpetua.vandersloot@example.com>: user unknown',
		});

		// Sends addressed to the contact without a contact id, in other spellings.
		const byEmail = await store.deliveries.claim(
			delivery('notify', 'notification-email', null, 'Perpetua.Vandersloot@Example.com'),
		);
		await store.deliveries.finish(byEmail.record.id, {
			status: 'sent',
			result: { to: 'Perpetua.Vandersloot@Example.com' },
		});
		await store.trackedLinks.create(byEmail.record.id, 'https://glow.test/r/perpetua-vandersloot');
		const byPhone = await store.deliveries.claim(
			delivery('notify', 'notification-sms', null, '+1 (555) 013-8462'),
		);
		await store.deliveries.finish(byPhone.record.id, {
			status: 'sent',
			result: { to: '+1 (555) 013-8462' },
		});

		// Sends to the team user: email, text, WhatsApp, the bell, a Slack DM.
		for (const [channel, recipient] of [
			['notification-email', user.email!],
			['notification-sms', user.phone!],
			['notification-whatsapp', user.whatsapp!],
			['notification-in-app', `user ${user.id}`],
			['slack', user.slack_user_id!],
		]) {
			const sent = await store.deliveries.claim(delivery('notify', channel, null, recipient));
			await store.deliveries.finish(sent.record.id, {
				status: 'sent',
				result: { to: recipient, name: user.name },
			});
			if (channel === 'notification-email')
				await store.deliveryEvents.record({
					delivery_id: sent.record.id,
					event: 'bounced',
					dedup_key: 'sendgrid:event-2',
					source: 'sendgrid',
					reason: `550 mailbox ${user.email} is full`,
				});
		}
		const notify = (userId: number, title: string, message: string, contactId: number | null) =>
			store.notifications.create({
				user_id: userId,
				title,
				message,
				redirect_page: null,
				contact_id: contactId,
				workflow_id: 'wf-notify',
				action_name: 'Notify',
			});
		await notify(user.id, 'New lead', 'Perpetua Vandersloot booked a peel', contact.id);
		await notify(maya.id, 'New lead', 'Perpetua Vandersloot booked a peel', contact.id);
		await notify(
			maya.id,
			'Call back',
			'Call back perpetua.vandersloot@example.com about her peel',
			null,
		);
		await notify(
			maya.id,
			'Cover for Ottoline Brasseur',
			'Bo Tanaka asked for Ottoline Brasseur (+1 555-014-7913)',
			bo.id,
		);
		const policy = { limit: 500, windowMs: 300_000, queueForMs: 0 };
		await takeNotificationSlot(store, `user:${user.id}`, policy);
		await takeNotificationSlot(store, `email:${contact.email}`, policy);

		// Review request to Bo, sent from the team user as Bo's assigned user.
		const review = await store.deliveries.claim(
			delivery('review', 'review_request', bo.id, bo.email!, 'Review Request'),
		);
		await store.deliveries.finish(review.record.id, {
			status: 'accepted',
			result: { from: 'Ottoline Brasseur <ottoline.brasseur@glowmedspa.test>', to: bo.email },
		});
		await store.conversations.log({
			...message,
			channel: 'review_request',
			contact_id: bo.id,
			subject: 'How was your visit to Glow Med Spa?',
			body: '<p>Thanks for visiting us, Bo.</p>',
			from_address: 'Ottoline Brasseur <ottoline.brasseur@glowmedspa.test>',
			to_address: bo.email,
		});

		// Manual tasks: the contact's, and Bo's worked by the team user in the queue.
		const task = (
			type: 'sms' | 'call',
			contactId: number,
			execution: string,
			text: string | null,
		) =>
			store.manualTasks.create({
				type,
				contact_id: contactId,
				assignee_user_id: user.id,
				assignment: 'contact_owner',
				action_name: type === 'sms' ? 'Welcome Follow-Up SMS' : 'Follow-Up Call',
				workflow_id: 'wf-manual',
				node_id: `n-${type}`,
				execution_id: execution,
				original_execution_id: execution,
				item_index: 0,
				resume_url: `http://n8n.test/webhook-waiting/${execution}/n-${type}`,
				message: text,
				send_to: null,
			});
		await task('sms', contact.id, '70', 'Hi Perpetua, welcome to Glow Med Spa!');
		const texts = createTwilioMessaging(twilioConfig());
		const resumed: string[] = [];
		const resume = async (url: string) => {
			resumed.push(url);
		};
		const smsTask = await task('sms', bo.id, '71', 'Hi Bo, your results are in.');
		await completeManualTask(
			store,
			smsTask.id,
			{ completedBy: user.name },
			{ texts, resume, retryDelaysMs: [] },
		);
		const callTask = await task('call', bo.id, '72', null);
		await completeManualTask(
			store,
			callTask.id,
			{
				completedBy: user.name,
				outcome: 'left_voicemail',
				notes: 'Ottoline Brasseur left a message: call back on +1 (555) 014-7913',
			},
			{ resume, retryDelaysMs: [] },
		);
		const interrupted = await task('sms', bo.id, '73', 'Hi Bo, a slot opened up.');
		await store.manualTasks.claim(interrupted.id, user.name, new Date(0).toISOString());
		await store.manualTasks.requeueStale(new Date(Date.now() + 60_000).toISOString());
		const claimed = await task('call', bo.id, '74', null);
		await store.manualTasks.claim(claimed.id, user.name, new Date(0).toISOString());

		// A Call to Bo routed to the team user, and one to the contact, finished by Twilio's callbacks.
		const voice = {
			store,
			voice: createTwilioVoice(twilioConfig()),
			urls: { voice: 'http://n8n.test/webhook/aesthetix/twilio/voice', audio: '' },
			resume: async () => undefined,
			log: () => undefined,
		};
		const call = async (to: Contact, execution: string) => {
			const { call: row } = await store.voiceCalls.create({
				workflow_id: 'wf-call',
				node_id: 'n-call',
				action_name: 'Appointment Call Reminder',
				execution_id: execution,
				item_index: 0,
				item_count: 1,
				resume_url: `http://n8n.test/webhook-waiting/${execution}/n-call`,
				status: 'calling_user',
				contact_id: to.id,
				contact_number: to.phone,
				user_id: user.id,
				user_number: user.phone,
				routed_to: 'assigned_user',
				caller: '+15550009999',
				whisper: `You have a new lead, ${to.first_name} ${to.last_name}. Press any button to connect.`,
				user_call_sid: `CA${execution.padStart(32, '0')}`,
				item: {
					contact: { first_name: to.first_name, phone: to.phone, assigned_user: user.email },
				},
			});
			await handleVoiceRequest(
				voice,
				'status',
				{ call: row.id, leg: 'user' },
				{ CallStatus: 'no-answer', CallDuration: '0' },
			);
		};
		await call(bo, '80');
		await call(contact, '81');
		const { call: drop } = await store.voiceCalls.create({
			workflow_id: 'wf-voicemail',
			node_id: 'n-voicemail',
			action_name: 'No-Show Voicemail',
			execution_id: '82',
			item_index: 0,
			item_count: 1,
			kind: 'voicemail',
			resume_url: 'http://n8n.test/webhook-waiting/82/n-voicemail',
			status: 'calling_contact',
			contact_id: bo.id,
			contact_number: bo.phone,
			user_id: user.id,
			caller: user.connected_number,
			contact_call_sid: 'CA' + '82'.padStart(32, '0'),
			item: { contact: { phone: bo.phone, assigned_user: user.name } },
		});
		await handleVoiceRequest(
			voice,
			'status',
			{ call: drop.id, leg: 'contact' },
			{ CallStatus: 'completed', CallDuration: '14', AnsweredBy: 'machine_end_beep' },
		);

		// An external call the team user made from their own line, as the dialer reported it.
		const run = new ActionRun(
			{
				workflowId: 'wf-dialer',
				nodeId: 'n-log',
				actionName: 'Log External Call',
				executionId: '90',
				originalExecutionId: '90',
				runIndex: 0,
				isManual: false,
			},
			store,
			{
				company: { name: 'Glow Med Spa', phone: '+15550001111', time_zone: 'UTC' },
				publicBaseUrl: 'http://n8n.test',
			},
		);
		await logExternalCall(
			run,
			{
				direction: 'outbound',
				date: '2026-11-20T14:05:00Z',
				from: user.phone!,
				to: bo.phone!,
				callStatus: 'completed',
				attachment: '',
				notes: 'Ottoline Brasseur went over the aftercare',
			},
			0,
		);

		// The dialer's deliveries: the contact in other spellings, the team user as the agent, and nobody.
		const inbound = (eventId: string, body: Record<string, unknown>) =>
			store.inboundDeliveries.accept({
				source: 'wf-dialer:n-trigger',
				event_id: eventId,
				content_type: 'application/json',
				body,
			});
		await inbound('call-1', {
			call_id: 'call-1',
			direction: 'inbound',
			caller: { phone: '(555) 013-8462' },
		});
		await inbound('call-2', { call_id: 'call-2', email: 'PERPETUA.Vandersloot@EXAMPLE.com' });
		await inbound('call-3', { call_id: 'call-3', from: '+15550138462', to: '+15550001111' });
		await inbound('call-4', {
			call_id: 'call-4',
			direction: 'outbound',
			agent: { name: 'Ottoline Brasseur', email: 'Ottoline.Brasseur@GlowMedSpa.test' },
			from: '+1 555-014-7913',
			to: bo.phone,
		});
		await inbound('call-5', { call_id: 'call-5', direction: 'inbound', from: '+15550100099' });

		// Items waiting for a calling window: the contact's, and Bo's, whose assigned user is the team user.
		const waiting = (contactOf: Contact, execution: string) =>
			store.deferredItems.keep({
				execution_id: execution,
				node_id: 'n-call',
				item_index: 0,
				action: 'call',
				status: 'waiting',
				contact_id: contactOf.id,
				opens_at: new Date(Date.now() + 3_600_000).toISOString(),
				resume_url: `http://n8n.test/webhook-waiting/${execution}/n-call`,
				identity: { workflowId: 'wf-call', executionId: execution },
				input: {
					contact: {
						first_name: contactOf.first_name,
						last_name: contactOf.last_name,
						phone: contactOf.phone,
						assigned_user: user.email,
					},
					whisper: 'You have a new lead',
				},
				item: { contact: { phone: contactOf.phone, assigned_user: user.email } },
			});
		await waiting(contact, '95');
		await waiting(bo, '96');

		// The consent trail: the contact's own unsubscribe, and Bo's opt-out set by the team user.
		await store.consent.record({
			contactId: contact.id,
			flag: 'email_unsubscribed',
			optedOut: true,
			source: 'one_click',
			detail: 'unsubscribed in one click',
		});
		await store.consent.record({
			contactId: bo.id,
			flag: 'dnd_sms',
			optedOut: true,
			source: 'inbox',
			detail: inboxDetail(user.name),
		});
		// A snapshot that brought the team user to this clinic.
		const at = new Date().toISOString();
		await store.db.run(
			`INSERT INTO snapshot_loads (snapshot_id, name, revision, publisher_key, choices, loaded_at, updated_at)
			 VALUES ('snap-1', 'Glow starter', 1, 'key', '{}', ?, ?)`,
			[at, at],
		);
		await store.db.run(
			`INSERT INTO snapshot_items (snapshot_id, item_key, kind, name, local_ref, source_hash, local_hash, updated_at)
			 VALUES ('snap-1', ?, 'team', ?, ?, 'a', 'b', ?)`,
			[`team:${user.name.toLowerCase()}`, user.name, String(user.id), at],
		);
		return { user, contact, bo, maya };
	}

	it('leaves nothing of either behind, in any table, and keeps everyone else', async () => {
		const { user, contact, bo, maya } = await seed();
		const tables = await columns(db);
		expect(
			[...tables.keys()].filter((t) => !(t in SEEDED) && !(t in HOLDS_NO_PERSON)).sort(),
		).toEqual([]);

		const userMarks = marksOf({
			names: [user.name],
			emails: [user.email!],
			phones: [user.phone!, user.whatsapp!, user.connected_number!],
			tokens: [user.slack_user_id!, `\\buser[: ]${user.id}\\b`],
		});
		const contactMarks = marksOf({
			names: ['Perpetua', 'Vandersloot'],
			emails: [contact.email!],
			phones: [contact.phone!],
		});
		// Before: each seeded table names one of them (sign-in sessions and links by the user's id).
		const before = await search(db, [userMarks, contactMarks]);
		const named = new Set(before.map((hit) => hit.split('.')[0]));
		for (const [table, column] of await Promise.all(
			['inbox_sessions', 'inbox_password_links'].map(async (t) => [t, 'user_id'] as const),
		)) {
			const row = await db.get<{ n: unknown }>(
				`SELECT COUNT(*) AS n FROM ${table} WHERE ${column} = ?`,
				[user.id],
			);
			if (Number(row?.n) > 0) named.add(table);
		}
		expect([...named].sort()).toEqual(Object.keys(SEEDED).sort());

		const boBefore = await store.conversations.forContact(bo.id);
		const statistics = await store.deliveries.statistics('wf-notify', 'n');
		const reminderStatistics = await store.deliveries.statistics('wf-reminder', 'n');

		const userReport = await store.erasure.teamUser(user.id);
		expect(userReport).toMatchObject({ erased: 'team_user', id: user.id });
		const contactReport = await store.erasure.contact(contact.id);
		expect(contactReport).toMatchObject({
			erased: 'contact',
			id: contact.id,
			waiting_executions: ['70'],
		});

		expect(await search(db, [userMarks, contactMarks])).toEqual([]);
		expect(await references(db, user.id, contact.id)).toEqual([]);

		// Everyone else keeps their records: Bo's whole conversation, tasks and calls, Maya's bell.
		const boAfter = await store.conversations.forContact(bo.id);
		expect(boAfter.map((m) => [m.channel, m.status])).toEqual(
			boBefore.map((m) => [m.channel, m.status]),
		);
		expect(boAfter.find((m) => m.subject === 'Manual call')).toMatchObject({
			from_address: 'a former team user',
		});
		expect(await store.manualTasks.list({ contactId: bo.id })).toHaveLength(4);
		expect(
			(await store.manualTasks.list({ contactId: bo.id, status: 'completed' })).map(
				(t) => t.completed_by,
			),
		).toEqual(['a former team user', 'a former team user']);
		expect((await store.contacts.get(bo.id))!.assigned_user_id).toBeNull();
		expect(await store.teamUsers.get(maya.id)).toMatchObject({ email: 'maya@glowmedspa.test' });
		expect((await store.notifications.forUser(maya.id)).map((n) => n.title).sort()).toEqual([
			'Cover for a former team user',
		]);
		const deliveries = await store.inboundDeliveries.list('wf-dialer:n-trigger');
		expect(deliveries.map((d) => d.event_id).sort()).toEqual(['call-4', 'call-5']);
		expect(await store.deliveries.statistics('wf-notify', 'n')).toEqual(statistics);
		expect(await store.deliveries.statistics('wf-reminder', 'n')).toEqual(reminderStatistics);
	});
});
