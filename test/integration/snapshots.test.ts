import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import { exportSnapshot } from '../../core/snapshots/exportSnapshot';
import type { Clinic } from '../../core/snapshots/items';
import { loadSnapshot, previewSnapshot, pushSnapshot } from '../../core/snapshots/loadSnapshot';
import { SnapshotError } from '../../core/snapshots/format';
import type { LoadChoices } from '../../core/snapshots/choices';
import type { N8nWorkflow } from '../../core/snapshots/workflowApi';
import { migrate } from '../../core/store/migrations';
import { PostgresDatabase } from '../../core/store/postgresDatabase';
import { SqliteDatabase } from '../../core/store/sqliteDatabase';
import { WorkspaceStore } from '../../core/store/workspaceStore';
import { N8nPublicApi } from '../../providers/n8n';
import schema from '../../core/snapshots/snapshot.schema.json';

const { N8nApiDouble } = require('../support/n8nApiDouble');
const { startPostgres } = require('../support/postgres');
const { seedGlowMedSpa, CREDENTIAL_IDS, WORKSPACE } = require('../support/glowMedSpa');

jest.setTimeout(30_000);

const ROOT = join(__dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'aesthetix-snapshots-'));
let counter = 0;

/** The secrets of clinic A's credentials and n8n: none may reach a snapshot file. */
const SECRETS = {
	smtpPassword: 'smtp-password-Glow-7c1f',
	twilioAuthToken: 'twilio-auth-token-9a8b7c6d5e4f',
	slackBotToken: 'xoxb-glow-bot-2c3d4e5f',
	slackUserToken: 'xoxp-glow-user-6a7b8c9d',
	dialerSecret: 'front-desk-dialer-secret-0123456789',
	apiKey: 'n8n-api-key-for-tests',
	pgPassword: 'pg-password-for-the-store',
};

const CONTACTS = [
	{ first_name: 'Jane', last_name: 'Doe', email: 'jane.doe@example.com', phone: '+15551234567' },
	{ first_name: 'Ana', last_name: 'Silva', email: 'ana.silva@example.org', phone: '+15558880001' },
	{ first_name: 'Lena', last_name: 'Park', email: 'lena.park@example.net', phone: '+15557770001' },
];

async function openStore(): Promise<WorkspaceStore> {
	const db = new SqliteDatabase(join(dir, `store-${++counter}.sqlite`));
	await migrate(db);
	return new WorkspaceStore(db);
}

function exampleWorkflows(): N8nWorkflow[] {
	return readdirSync(join(ROOT, 'workflows'))
		.filter((f) => f.endsWith('.json'))
		.map((f) => JSON.parse(readFileSync(join(ROOT, 'workflows', f), 'utf8')));
}

/** Clinic A as `npm start` leaves it, after a busy day: contacts, their conversations, deliveries, tasks. */
async function busyClinicA(double: InstanceType<typeof N8nApiDouble>) {
	const store = await openStore();
	await seedGlowMedSpa(store);
	const maya = (await store.teamUsers.findByEmail('maya@glowmedspa.test'))!;
	for (const [i, c] of CONTACTS.entries()) {
		const contact = await store.contacts.findOrCreate({ ...c, assigned_user_id: maya.id } as never);
		await store.conversations.log({
			contact_id: contact.id,
			channel: 'email',
			direction: 'outbound',
			status: 'accepted',
			subject: 'Thanks for booking with us',
			body: `<p>Hi ${c.first_name}, see you soon. Reply to ${c.email} or call ${c.phone}.</p>`,
			from_address: 'hello@glowmedspa.test',
			to_address: c.email,
			provider_message_id: `<m${i}@glowmedspa.test>`,
			workflow_id: 'aeBookingConfirm',
			action_name: 'Booking Confirmation Email',
			execution_id: String(10 + i),
		});
		const claim = await store.deliveries.claim({
			idempotency_key: `aeBookingConfirm:n:${i}:0:0:email:${c.email}`,
			workflow_id: 'aeBookingConfirm',
			node_id: 'n',
			action_name: 'Booking Confirmation Email',
			execution_id: String(10 + i),
			channel: 'email',
			contact_id: contact.id,
			recipient: c.email,
			is_test: false,
		});
		await store.deliveries.finish(claim.record.id, {
			status: 'accepted',
			provider_message_id: `<m${i}@glowmedspa.test>`,
			result: { to: c.email },
		});
		await store.notifications.create({
			user_id: maya.id,
			title: `New lead ${c.first_name} ${c.last_name}`,
			message: `${c.email} ${c.phone}`,
			redirect_page: `/contacts/${contact.id}`,
			contact_id: contact.id,
			workflow_id: 'aeHighValue',
			action_name: 'Notify the Owner',
		});
	}
	await store.settings.secret();
	const workflows = exampleWorkflows();
	// Pinned test data and static data of a workflow hold contacts and secrets in the source n8n.
	workflows[0] = {
		...workflows[0],
		pinData: { Trigger: [{ json: { contact: CONTACTS[0], token: SECRETS.twilioAuthToken } }] },
		staticData: { lastContact: CONTACTS[1].email, smtp: SECRETS.smtpPassword },
	} as N8nWorkflow;
	for (const workflow of workflows) double.addWorkflow(workflow);
	return store;
}

const workspaceA = { id: CREDENTIAL_IDS.workspace, name: 'Glow Med Spa workspace' };

async function exportA(store: WorkspaceStore, api: N8nPublicApi) {
	return exportSnapshot({
		store,
		workflows: await api.listWorkflows(),
		workspaceCredentialId: workspaceA.id,
		workspace: WORKSPACE,
		name: 'Glow Med Spa set-up',
		secrets: [SECRETS.apiKey, SECRETS.pgPassword],
	});
}

/** Clinic B: a fresh workspace with credentials of its own in the same n8n. */
async function clinicB(
	double: InstanceType<typeof N8nApiDouble>,
	api: N8nPublicApi,
	store?: WorkspaceStore,
) {
	store ??= await openStore();
	const credentials = {
		workspace: double.addCredential({
			name: 'Bright Skin workspace',
			type: 'aesthetixWorkspaceApi',
		}),
		smtp: double.addCredential({ name: 'Bright Skin SMTP', type: 'aesthetixSmtpApi' }),
		twilio: double.addCredential({ name: 'Bright Skin Twilio', type: 'aesthetixTwilioApi' }),
		slack: double.addCredential({ name: 'Bright Skin Slack', type: 'aesthetixSlackApi' }),
		dialer: double.addCredential({
			name: 'Bright Skin dialer',
			type: 'aesthetixInboundWebhookApi',
		}),
	};
	const clinic: Clinic = {
		store,
		n8n: api,
		workspaceCredential: { id: credentials.workspace.id, name: credentials.workspace.name },
		workspace: {
			companyName: 'Bright Skin Clinic',
			companyPhone: '+15550002222',
			timeZone: 'America/New_York',
			defaultCountry: 'US',
		},
	};
	const choices: LoadChoices = {
		values: {
			company_name: 'Bright Skin Clinic',
			company_phone: '+15550002222',
			email_domain: 'brightskin.test',
			review_link: 'https://g.page/r/bright-skin/review',
		},
		credentials: {
			'local-smtp': credentials.smtp,
			'local-twilio': credentials.twilio,
			'local-slack': credentials.slack,
			'front-desk-dialer': credentials.dialer,
		},
		webhookPathPrefix: 'bright-skin',
	};
	return { store, clinic, choices, credentials };
}

/** Everything a clinic's store holds that a load writes, to prove that a refused load wrote nothing. */
async function storeContents(store: WorkspaceStore) {
	const all = (sql: string) => store.db.all(sql);
	return {
		templates: await all('SELECT * FROM templates ORDER BY id'),
		team: await all('SELECT * FROM team_users ORDER BY id'),
		settings: await all(
			"SELECT key, value FROM settings WHERE key <> 'signing_secret' ORDER BY key",
		),
		loads: await all('SELECT * FROM snapshot_loads'),
		items: await all('SELECT * FROM snapshot_items ORDER BY item_key'),
	};
}

let double: InstanceType<typeof N8nApiDouble>;
let api: N8nPublicApi;

beforeEach(async () => {
	double = await new N8nApiDouble().start();
	api = new N8nPublicApi({ baseUrl: double.baseUrl, apiKey: double.apiKey });
});

afterEach(async () => {
	await double.stop();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('export', () => {
	it('writes one file the shipped JSON Schema accepts, with the configuration and none of the data', async () => {
		const a = await busyClinicA(double);
		const { file, bytes } = await exportA(a, api);

		const validate = new Ajv({ strict: true, allErrors: true }).compile(schema);
		expect(validate(JSON.parse(bytes.toString()))).toBe(true);
		expect(file.settings).toEqual({
			time_zone: 'America/New_York',
			default_country: 'US',
			premium_actions: { enabled: true },
			reputation: expect.objectContaining({
				review_link: '[[value:review_link]]',
				enabled: true,
				sender_email: 'hello@[[value:email_domain]]',
			}),
		});
		expect(file.values.map((v) => v.key).sort()).toEqual([
			'company_name',
			'company_phone',
			'email_domain',
			'review_link',
		]);
		expect(file.templates.map((t) => `${t.kind}:${t.name}`).sort()).toEqual([
			'email:Booking confirmation',
			'sms:Appointment reminder',
		]);
		expect(file.team).toEqual([
			{ name: 'Maya Lopez', role: 'lead esthetician', team: 'Treatment', contact_access: 'all' },
			{ name: 'Olivia Owner', role: 'owner', team: null, contact_access: 'all' },
			{ name: 'Sam Reyes', role: 'coordinator', team: 'Front Desk', contact_access: 'all' },
		]);
		// Every example workflow uses the workspace; each credential became a placeholder.
		expect(file.workflows).toHaveLength(exampleWorkflows().length);
		expect(file.credentials.map((c) => c.placeholder).sort()).toEqual([
			'front-desk-dialer',
			'local-slack',
			'local-smtp',
			'local-twilio',
			'workspace',
		]);
		const booking = file.workflows.find((w) => w.key === 'aeBookingConfirm')!;
		const send = booking.nodes.find((n) => n.type === 'n8n-nodes-aesthetix.sendEmail')!;
		expect(send.credentials).toEqual({
			aesthetixSmtpApi: { placeholder: 'local-smtp' },
			aesthetixWorkspaceApi: { placeholder: 'workspace' },
		});
		expect(send.parameters.fromEmail).toBe('hello@[[value:email_domain]]');
		const text = bytes.toString();
		for (const id of Object.values(CREDENTIAL_IDS) as string[]) expect(text).not.toContain(id);
		for (const word of ['password_hash', 'pinData', 'staticData', 'set-password', 'session'])
			expect(text).not.toContain(word);
	});

	it("holds no contact's email or phone and no credential secret of a busy workspace (the privacy grep)", async () => {
		const a = await busyClinicA(double);
		expect((await a.db.all('SELECT id FROM contacts')).length).toBe(CONTACTS.length);
		const { bytes } = await exportA(a, api);
		const text = bytes.toString();
		const digits = text.replace(/\D/g, '');
		for (const contact of CONTACTS) {
			expect(text.toLowerCase()).not.toContain(contact.email);
			expect(text).not.toContain(contact.phone);
			expect(digits).not.toContain(contact.phone.slice(2));
		}
		const signingSecret = await a.settings.get<string>('signing_secret', '');
		for (const secret of [...Object.values(SECRETS), signingSecret])
			expect(text).not.toContain(secret);
		// Nor the team's addresses and numbers: the team travels as roles.
		for (const email of ['owner@glowmedspa.test', 'maya@glowmedspa.test', 'sam@glowmedspa.test'])
			expect(text).not.toContain(email);
		expect(text).not.toContain('+15550001001');
	});

	it("refuses, naming the workflow and node, a workflow that spells out a contact's address", async () => {
		const a = await busyClinicA(double);
		const booking = double.workflows.get('aeBookingConfirm');
		booking.nodes[1].parameters.testEmail = 'Jane.Doe@example.com';
		await expect(exportA(a, api)).rejects.toThrow(
			'Workflow "Booking confirmation email", node "Booking Confirmation Email" holds a contact\'s email address',
		);
		booking.nodes[1].parameters.testEmail = `key ${SECRETS.apiKey}`;
		await expect(exportA(a, api)).rejects.toThrow('holds a secret of this workspace');
	});

	it('keeps its revision while nothing changed, and counts one up when something did', async () => {
		const a = await busyClinicA(double);
		const first = await exportA(a, api);
		expect((await exportA(a, api)).file.snapshot).toMatchObject({
			id: first.file.snapshot.id,
			revision: 1,
		});
		await a.templates.save('sms', 'Appointment reminder', 'Changed {{contact.first_name}}');
		const third = await exportA(a, api);
		expect(third.file.snapshot).toMatchObject({ id: first.file.snapshot.id, revision: 2 });
		expect(third.file.integrity.public_key).toBe(first.file.integrity.public_key);
	});
});

describe('load', () => {
	it('loads into a fresh workspace: templates, settings, an inactive team, and unpublished workflows with its own credentials', async () => {
		const a = await busyClinicA(double);
		const { bytes } = await exportA(a, api);
		const aWorkflowIds = new Set(double.workflows.keys());
		const b = await clinicB(double, api);

		const result = await loadSnapshot(bytes, b.clinic, b.choices);

		expect(result.counts).toEqual({ created: 17, updated: 2, unchanged: 2 });
		const templates = await b.store.templates.list('email');
		expect(templates.map((t) => t.name)).toEqual(['Booking confirmation']);
		expect(await b.store.settings.get('reputation', {})).toEqual({
			review_link: 'https://g.page/r/bright-skin/review',
			enabled: true,
			email_subject: '',
			email_body: '',
			sms_body: '',
			sender_name: '',
			sender_email: 'hello@brightskin.test',
		});
		const team = await b.store.teamUsers.list({ includeInactive: true });
		expect(team.map((u) => [u.name, u.role, u.active, u.email, u.phone])).toEqual([
			['Maya Lopez', 'lead esthetician', false, null, null],
			['Olivia Owner', 'owner', false, null, null],
			['Sam Reyes', 'coordinator', false, null, null],
		]);
		expect(result.team_to_activate.map((m) => m.name).sort()).toEqual([
			'Maya Lopez',
			'Olivia Owner',
			'Sam Reyes',
		]);
		expect(await b.store.db.all('SELECT id FROM contacts')).toEqual([]);

		const created = [...double.workflows.values()].filter((w) => !aWorkflowIds.has(w.id));
		expect(created).toHaveLength(exampleWorkflows().length);
		expect(created.every((w) => w.active === false)).toBe(true);
		const booking = created.find((w) => w.name === 'Booking confirmation email')!;
		const hook = booking.nodes.find((n: { type: string }) => n.type === 'n8n-nodes-base.webhook');
		expect(hook.parameters.path).toBe('bright-skin/appointment-booked');
		const send = booking.nodes.find(
			(n: { type: string }) => n.type === 'n8n-nodes-aesthetix.sendEmail',
		);
		expect(send.credentials).toEqual({
			aesthetixSmtpApi: b.credentials.smtp && {
				id: b.credentials.smtp.id,
				name: 'Bright Skin SMTP',
			},
			aesthetixWorkspaceApi: { id: b.credentials.workspace.id, name: 'Bright Skin workspace' },
		});
		expect(send.parameters.fromEmail).toBe('hello@brightskin.test');
		const endpoint = created
			.flatMap((w) => w.nodes)
			.find((n: { type: string }) => n.type === 'n8n-nodes-aesthetix.workspaceEndpoint');
		expect(endpoint.parameters.path).toBe('bright-skin/aesthetix');
		// Every request that created a workflow was one n8n 2.41.1's own schema accepts.
		const posts = double.requests.filter(
			(r: { method: string; path: string }) => r.method === 'POST' && r.path === '/workflows',
		);
		expect(posts).toHaveLength(created.length);
	});

	it('maps picked templates and team users to the clinic’s own ids', async () => {
		const a = await busyClinicA(double);
		const maya = (await a.teamUsers.findByEmail('maya@glowmedspa.test'))!;
		const [reminder] = await a.templates.list('sms');
		double.addWorkflow({
			id: 'aePicks00000001',
			name: 'Picks',
			nodes: [
				{
					id: 'p1',
					name: 'Remind',
					type: 'n8n-nodes-aesthetix.manualActionSms',
					typeVersion: 1.1,
					position: [0, 0],
					parameters: { template: String(reminder.id), advancedSettings: { assignTo: maya.id } },
					credentials: { aesthetixWorkspaceApi: workspaceA },
				},
			],
			connections: {},
		});
		const { bytes, file } = await exportA(a, api);
		const picks = file.workflows.find((w) => w.key === 'aePicks00000001')!;
		expect(picks.nodes[0].parameters).toEqual({
			template: '[[template:sms:Appointment reminder]]',
			advancedSettings: { assignTo: '[[team:Maya Lopez]]' },
		});
		const b = await clinicB(double, api);
		// B already has a user and a template, so its ids differ from A's.
		await b.store.teamUsers.create({ name: 'Zoe Existing', email: 'zoe@brightskin.test' });
		await b.store.teamUsers.create({ name: 'Yan Existing', email: 'yan@brightskin.test' });
		await b.store.templates.save('email', 'Existing', 'Hi');
		await b.store.templates.save('email', 'Booking confirmation', 'The clinic’s own, before');
		await loadSnapshot(bytes, b.clinic, b.choices);
		// An existing workspace: a template of the same name is replaced, the others stay.
		expect((await b.store.templates.list('email')).map((t) => [t.name, t.body])).toEqual([
			['Booking confirmation', (await a.templates.list('email'))[0].body],
			['Existing', 'Hi'],
		]);
		const bMaya = (await b.store.teamUsers.find('Maya Lopez'))!;
		const [bReminder] = await b.store.templates.list('sms');
		const loaded = [...double.workflows.values()].find(
			(w) => w.name === 'Picks' && w.id !== 'aePicks00000001',
		);
		expect(loaded.nodes[0].parameters).toEqual({
			template: String(bReminder.id),
			advancedSettings: { assignTo: bMaya.id },
		});
		expect(bMaya.id).not.toBe(maya.id);
	});

	it('changes nothing when the same snapshot is loaded a second time', async () => {
		const a = await busyClinicA(double);
		const { bytes } = await exportA(a, api);
		const b = await clinicB(double, api);
		await loadSnapshot(bytes, b.clinic, b.choices);
		const before = await storeContents(b.store);
		const workflowsBefore = JSON.stringify([...double.workflows.values()]);
		const requestsBefore = double.requests.length;

		const again = await loadSnapshot(bytes, b.clinic, b.choices);

		expect(again.counts).toEqual({ unchanged: 21 });
		const writes = double.requests
			.slice(requestsBefore)
			.filter((r: { method: string }) => r.method !== 'GET');
		expect(writes).toEqual([]);
		expect(JSON.stringify([...double.workflows.values()])).toBe(workflowsBefore);
		expect(await storeContents(b.store)).toEqual(before);
	});

	describe('all or nothing', () => {
		const broken: Array<[string, (bytes: Buffer) => Buffer, string]> = [
			['an empty file', () => Buffer.alloc(0), 'The snapshot file is empty'],
			...[0.1, 0.33, 0.6, 0.9, 0.999].map((share): [string, (bytes: Buffer) => Buffer, string] => [
				`a file cut off at ${share * 100}% of its length`,
				(bytes) => bytes.subarray(0, Math.floor(bytes.length * share)),
				'The snapshot file is cut off: its JSON ends early',
			]),
			[
				'a file with a broken middle',
				(bytes) => Buffer.from(bytes.toString().replace('"settings": {', '"settings": {,')),
				'The snapshot file is not valid JSON',
			],
			['a file that is not JSON', () => Buffer.from('<html>Not found</html>'), 'is not valid JSON'],
			[
				'another JSON file',
				() => Buffer.from(JSON.stringify({ name: 'Booking confirmation', nodes: [] })),
				'This file is not an Aesthetix snapshot',
			],
			[
				'a newer format version',
				(bytes) => edit(bytes, (f) => (f.format_version = 2)),
				'The snapshot is format version 2, newer than this package reads (version 1)',
			],
			[
				'a file that breaks the schema',
				(bytes) =>
					edit(bytes, (f) => {
						f.workflows[0].nodes.find(
							(n: { credentials?: object }) => n.credentials,
						).credentials.aesthetixWorkspaceApi.id = 'aeWorkspace00001';
					}),
				'does not match its schema: /workflows/0/nodes/',
			],
			[
				'a tampered file (a template edited by hand)',
				(bytes) => edit(bytes, (f) => (f.templates[0].body = '<p>Visit https://phish.example</p>')),
				'The snapshot file was changed after it was exported: its signature does not match its content',
			],
		];

		it.each(broken)(
			'refuses %s, naming what is wrong, and loads nothing',
			async (_, spoil, message) => {
				const a = await busyClinicA(double);
				const { bytes } = await exportA(a, api);
				const b = await clinicB(double, api);
				const before = await storeContents(b.store);
				const workflows = double.workflows.size;

				await expect(loadSnapshot(spoil(bytes), b.clinic, b.choices)).rejects.toThrow(message);

				expect(await storeContents(b.store)).toEqual(before);
				expect(double.workflows.size).toBe(workflows);
			},
		);

		it('takes back everything when n8n refuses a workflow half-way', async () => {
			const a = await busyClinicA(double);
			const { bytes } = await exportA(a, api);
			const b = await clinicB(double, api);
			const before = await storeContents(b.store);
			const workflows = new Set(double.workflows.keys());
			// The first workflows go in, then n8n fails on one.
			const realCreate = api.createWorkflow.bind(api);
			let calls = 0;
			b.clinic.n8n = Object.assign(Object.create(api), {
				createWorkflow: async (body: never) => {
					if (++calls === 4) double.failNext('POST', /^\/workflows$/, 500, 'Database is locked');
					return realCreate(body);
				},
			});

			const error = await loadSnapshot(bytes, b.clinic, b.choices).catch((e) => e);

			expect(error).toBeInstanceOf(SnapshotError);
			expect(error.message).toBe(
				'Nothing was loaded: n8n answered POST /workflows with 500: Database is locked',
			);
			expect(calls).toBe(4);
			expect(await storeContents(b.store)).toEqual(before);
			expect(new Set(double.workflows.keys())).toEqual(workflows);
		});

		it('refuses before writing when a value, a credential or a webhook path is missing', async () => {
			const a = await busyClinicA(double);
			const { bytes } = await exportA(a, api);
			const b = await clinicB(double, api);
			const before = await storeContents(b.store);
			const without = (change: (c: LoadChoices) => void) => {
				const choices = structuredClone(b.choices);
				change(choices);
				return loadSnapshot(bytes, b.clinic, choices);
			};
			await expect(without((c) => delete c.values.email_domain)).rejects.toThrow(
				'Values › Email Domain is empty, and the snapshot uses it in',
			);
			await expect(without((c) => delete c.credentials['local-twilio'])).rejects.toThrow(
				'Credentials: the placeholder "local-twilio" (Local Twilio, a aesthetixTwilioApi credential) has no credential of this clinic',
			);
			await expect(
				without((c) => (c.credentials['local-twilio'] = b.credentials.smtp)),
			).rejects.toThrow('Credentials: "local-twilio" needs a aesthetixTwilioApi credential');
			await expect(without((c) => (c.webhookPathPrefix = ''))).rejects.toThrow(
				/would listen at the webhook path "[a-z-]+", which workflow "[^"]+" \(id ae\w+\) on this n8n already uses/,
			);
			expect(await storeContents(b.store)).toEqual(before);
		});
	});
});

describe('refresh and push', () => {
	it('shows what a newer revision changes, pushes what is taken, and keeps what the clinic edited', async () => {
		const a = await busyClinicA(double);
		const first = await exportA(a, api);
		const b = await clinicB(double, api);
		await loadSnapshot(first.bytes, b.clinic, b.choices);
		const [bReminder] = await b.store.templates.list('sms');
		const [bBooking] = await b.store.templates.list('email');

		// Clinic B words its own reminder; the consultant improves both templates in A and adds one.
		await b.store.templates.update(bReminder.id, 'Bright Skin reminder for {{contact.first_name}}');
		await a.templates.save('sms', 'Appointment reminder', 'Reminder v2 for {{contact.first_name}}');
		await a.templates.save(
			'email',
			'Booking confirmation',
			'<p>Hi {{contact.first_name}}, booked at Glow Med Spa for {{appointment.start_time}}.</p>',
			'Booked: {{appointment.only_start_date}}',
		);
		await a.templates.save('sms', 'Birthday', 'Happy birthday {{contact.first_name}}!');
		const second = await exportA(a, api);
		expect(second.file.snapshot.revision).toBe(2);

		const preview = await previewSnapshot(second.bytes, b.clinic, b.choices);
		const changed = preview.items.filter((i) => i.change !== 'unchanged');
		expect(changed).toEqual([
			{
				key: 'template:email:Booking confirmation',
				kind: 'template',
				name: 'Booking confirmation',
				change: 'changed',
				local: 'as_loaded',
				conflict: false,
				on_push: 'take',
			},
			{
				key: 'template:sms:Appointment reminder',
				kind: 'template',
				name: 'Appointment reminder',
				change: 'changed',
				local: 'edited',
				conflict: true,
				on_push: 'keep',
			},
			{
				key: 'template:sms:Birthday',
				kind: 'template',
				name: 'Birthday',
				change: 'added',
				local: 'new',
				conflict: false,
				on_push: 'take',
			},
		]);
		expect(preview.snapshot).toMatchObject({ revision: 2, loaded_revision: 1 });

		const pushed = await pushSnapshot(second.bytes, b.clinic, b.choices, { overwrite: [] });
		expect(
			pushed.items.filter((i) => i.action !== 'unchanged').map((i) => [i.key, i.action]),
		).toEqual([
			['template:email:Booking confirmation', 'updated'],
			['template:sms:Appointment reminder', 'kept'],
			['template:sms:Birthday', 'created'],
		]);
		expect((await b.store.templates.get(bBooking.id))!.body).toBe(
			'<p>Hi {{contact.first_name}}, booked at Bright Skin Clinic for {{appointment.start_time}}.</p>',
		);
		expect((await b.store.templates.get(bReminder.id))!.body).toBe(
			'Bright Skin reminder for {{contact.first_name}}',
		);

		// The conflict stays listed until the clinic chooses; choosing the snapshot's replaces B's edit.
		const again = await previewSnapshot(second.bytes, b.clinic, b.choices);
		expect(
			again.items.filter((i) => i.change !== 'unchanged').map((i) => [i.key, i.on_push]),
		).toEqual([['template:sms:Appointment reminder', 'keep']]);
		await pushSnapshot(second.bytes, b.clinic, b.choices, {
			overwrite: ['template:sms:Appointment reminder'],
		});
		expect((await b.store.templates.get(bReminder.id))!.body).toBe(
			'Reminder v2 for {{contact.first_name}}',
		);
	});

	it('pushes a changed workflow as a new version of the clinic’s copy and takes out one the snapshot dropped', async () => {
		const a = await busyClinicA(double);
		const first = await exportA(a, api);
		const b = await clinicB(double, api);
		const loaded = await loadSnapshot(first.bytes, b.clinic, b.choices);
		const bBooking = loaded.workflows.find((w) => w.name === 'Booking confirmation email')!;
		const bPromo = loaded.workflows.find((w) => w.name.startsWith('HydraFacial'))!;

		const booking = double.workflows.get('aeBookingConfirm');
		booking.nodes[1].parameters.subject = 'See you soon at Glow Med Spa';
		const promoA = exampleWorkflows().find((w) => w.name === bPromo.name)!;
		double.workflows.delete(promoA.id);
		const second = await exportA(a, api);

		const preview = await previewSnapshot(second.bytes, b.clinic, b.choices);
		expect(
			preview.items.filter((i) => i.change !== 'unchanged').map((i) => [i.key, i.change]),
		).toEqual([
			['workflow:aeBookingConfirm', 'changed'],
			[`workflow:${promoA.id}`, 'removed'],
		]);
		const requests = double.requests.length;
		await pushSnapshot(second.bytes, b.clinic, b.choices, { overwrite: [] });

		const put = double.requests.slice(requests).find((r: { method: string }) => r.method === 'PUT');
		expect(put).toMatchObject({
			path: `/workflows/${bBooking.id}`,
			query: { publishIfActive: 'false' },
		});
		const bookingB = double.workflows.get(bBooking.id);
		expect(bookingB.nodes[1].parameters.subject).toBe('See you soon at Bright Skin Clinic');
		expect(double.workflows.get(bPromo.id).isArchived).toBe(true);
	});

	it('deletes a template and deactivates a team member the snapshot dropped, when the clinic takes it', async () => {
		const a = await busyClinicA(double);
		const first = await exportA(a, api);
		const b = await clinicB(double, api);
		await loadSnapshot(first.bytes, b.clinic, b.choices);
		const [reminderA] = await a.templates.list('sms');
		await a.templates.delete(reminderA.id);
		const sam = (await a.teamUsers.findByEmail('sam@glowmedspa.test'))!;
		await a.teamUsers.update(sam.id, { active: false });
		const second = await exportA(a, api);

		const preview = await previewSnapshot(second.bytes, b.clinic, b.choices);
		expect(
			preview.items.filter((i) => i.change !== 'unchanged').map((i) => [i.key, i.change, i.name]),
		).toEqual([
			['team:sam reyes', 'removed', 'Sam Reyes'],
			['template:sms:Appointment reminder', 'removed', 'Appointment reminder'],
		]);
		await pushSnapshot(second.bytes, b.clinic, b.choices, { overwrite: [] });

		expect(await b.store.templates.list('sms')).toEqual([]);
		const samB = (await b.store.teamUsers.find('Sam Reyes'))!;
		expect(samB.active).toBe(false);
		const again = await previewSnapshot(second.bytes, b.clinic, b.choices);
		expect(again.items.every((i) => i.change === 'unchanged')).toBe(true);
	});

	it('refuses to load a snapshot into the workspace it was exported from', async () => {
		const a = await busyClinicA(double);
		const { bytes } = await exportA(a, api);
		const self: Clinic = {
			store: a,
			n8n: api,
			workspaceCredential: workspaceA,
			workspace: WORKSPACE,
		};
		await expect(
			loadSnapshot(bytes, self, { values: {}, credentials: {}, webhookPathPrefix: 'x' }),
		).rejects.toThrow(
			'"Glow Med Spa set-up" was exported from this very workspace, so it cannot be loaded into it',
		);
	});

	it('refuses a file of another publisher, an older revision, and a newer revision through Load', async () => {
		const a = await busyClinicA(double);
		const first = await exportA(a, api);
		const b = await clinicB(double, api);
		await loadSnapshot(first.bytes, b.clinic, b.choices);
		await a.templates.save('sms', 'Birthday', 'Happy birthday!');
		const second = await exportA(a, api);

		await expect(loadSnapshot(second.bytes, b.clinic, b.choices)).rejects.toThrow(
			'This clinic has revision 1 of "Glow Med Spa set-up"; the file is revision 2',
		);
		await pushSnapshot(second.bytes, b.clinic, b.choices, { overwrite: [] });
		await expect(pushSnapshot(first.bytes, b.clinic, b.choices, { overwrite: [] })).rejects.toThrow(
			'This clinic already has revision 2 of "Glow Med Spa set-up"; the file is the older revision 1',
		);
		// The same snapshot id, re-signed by another workspace's key.
		const other = await openStore();
		await other.settings.set('snapshot_export', await a.settings.get('snapshot_export', null));
		const forged = await exportSnapshot({
			store: other,
			workflows: [],
			workspaceCredentialId: 'x',
			workspace: WORKSPACE,
			name: 'Glow Med Spa set-up',
			secrets: [],
		});
		await expect(
			pushSnapshot(forged.bytes, b.clinic, b.choices, { overwrite: [] }),
		).rejects.toThrow(/This clinic loaded "Glow Med Spa set-up" from another publisher/);
	});
});

describe('on n8n 1.123 (no credential listing or updates, no drafts)', () => {
	beforeEach(async () => {
		await double.stop();
		double = await new N8nApiDouble({ version: '1.123.81' }).start();
		api = new N8nPublicApi({ baseUrl: double.baseUrl, apiKey: double.apiKey });
	});

	it('loads when the Workspace credential needs no change, and refuses naming the fields when it would', async () => {
		const a = await busyClinicA(double);
		const { bytes } = await exportA(a, api);
		const b = await clinicB(double, api);
		const before = await storeContents(b.store);

		await expect(
			loadSnapshot(bytes, b.clinic, { ...b.choices, timeZone: 'America/Chicago' }),
		).rejects.toThrow(
			'This n8n cannot change credentials through its API, and the snapshot would set Time Zone to "America/Chicago" in the Aesthetix Workspace credential "Bright Skin workspace"',
		);
		expect(await storeContents(b.store)).toEqual(before);

		const result = await loadSnapshot(bytes, b.clinic, b.choices);
		expect(result.workflows).toHaveLength(exampleWorkflows().length);
		expect(double.requests.some((r: { method: string }) => r.method === 'PATCH')).toBe(false);
	});

	it('updates a workflow without the draft switch 1.x does not know', async () => {
		const a = await busyClinicA(double);
		const first = await exportA(a, api);
		const b = await clinicB(double, api);
		await loadSnapshot(first.bytes, b.clinic, b.choices);
		double.workflows.get('aeBookingConfirm').nodes[1].parameters.subject = 'New subject';
		const second = await exportA(a, api);
		const requests = double.requests.length;
		await pushSnapshot(second.bytes, b.clinic, b.choices, { overwrite: [] });
		const put = double.requests.slice(requests).find((r: { method: string }) => r.method === 'PUT');
		expect(put.query).toEqual({});
	});
});

describe('the Workspace credential on n8n 2.x', () => {
	async function clinicWithBareCredential() {
		const a = await busyClinicA(double);
		const { bytes } = await exportA(a, api);
		const b = await clinicB(double, api);
		b.clinic.workspace = {
			companyName: '',
			companyPhone: '',
			timeZone: 'UTC',
			defaultCountry: 'US',
		};
		const credential = double.credentials.get(b.credentials.workspace.id);
		credential.data = { storeType: 'sqlite', companyName: '', timeZone: 'UTC' };
		return { bytes, b, credential };
	}

	it("gets the snapshot's settings and the clinic's values through n8n's API", async () => {
		const { bytes, b, credential } = await clinicWithBareCredential();
		await loadSnapshot(bytes, b.clinic, b.choices);
		expect(credential.data).toEqual({
			storeType: 'sqlite',
			companyName: 'Bright Skin Clinic',
			companyPhone: '+15550002222',
			timeZone: 'America/New_York',
		});
		const patch = double.requests.find((r: { method: string }) => r.method === 'PATCH');
		expect(patch.body.isPartialData).toBe(true);
	});

	it('is restored, with the new workflows and rows taken back, when the last store step fails', async () => {
		const { bytes, b, credential } = await clinicWithBareCredential();
		const workflows = new Set(double.workflows.keys());
		const before = await storeContents(b.store);
		// A real failure of the database at the very last step, after n8n and the credential changed.
		await b.store.db.run(
			"CREATE TRIGGER refuse_load BEFORE INSERT ON snapshot_loads BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END",
		);

		await expect(loadSnapshot(bytes, b.clinic, b.choices)).rejects.toThrow(
			'Nothing was loaded: database or disk is full',
		);

		expect(credential.data).toEqual({
			storeType: 'sqlite',
			companyName: '',
			companyPhone: '',
			timeZone: 'UTC',
		});
		expect(new Set(double.workflows.keys())).toEqual(workflows);
		expect(await storeContents(b.store)).toEqual(before);
	});
});

describe('into a clinic whose store is PostgreSQL', () => {
	let pg: {
		createDatabase: (name: string) => Promise<Record<string, unknown>>;
		stop: () => Promise<void>;
	};
	beforeAll(async () => {
		pg = await startPostgres();
	}, 60_000);
	afterAll(async () => {
		await pg?.stop();
	});

	async function pgStore(): Promise<WorkspaceStore> {
		const db = new PostgresDatabase(await pg.createDatabase(`snapshots_${++counter}`));
		await migrate(db);
		return new WorkspaceStore(db);
	}

	it('loads all or nothing, changes nothing the second time, and pushes around the clinic’s own edit', async () => {
		const a = await busyClinicA(double);
		const first = await exportA(a, api);
		const b = await clinicB(double, api, await pgStore());
		try {
			const before = await storeContents(b.store);
			double.failNext('POST', /^\/workflows$/, 500, 'Database is locked');
			await expect(loadSnapshot(first.bytes, b.clinic, b.choices)).rejects.toThrow(
				'Nothing was loaded',
			);
			expect(await storeContents(b.store)).toEqual(before);

			const loaded = await loadSnapshot(first.bytes, b.clinic, b.choices);
			expect(loaded.counts.created).toBe(17);
			const after = await storeContents(b.store);
			expect((await loadSnapshot(first.bytes, b.clinic, b.choices)).counts).toEqual({
				unchanged: 21,
			});
			expect(await storeContents(b.store)).toEqual(after);

			const [reminderB] = await b.store.templates.list('sms');
			await b.store.templates.update(reminderB.id, 'Our own reminder');
			await a.templates.save('sms', 'Appointment reminder', 'Reminder v2');
			await a.templates.save('sms', 'Birthday', 'Happy birthday {{contact.first_name}}!');
			const second = await exportA(a, api);
			const pushed = await pushSnapshot(second.bytes, b.clinic, b.choices, { overwrite: [] });
			expect(
				pushed.items.filter((i) => i.action !== 'unchanged').map((i) => [i.key, i.action]),
			).toEqual([
				['template:sms:Appointment reminder', 'kept'],
				['template:sms:Birthday', 'created'],
			]);
			expect((await b.store.templates.get(reminderB.id))!.body).toBe('Our own reminder');
		} finally {
			await b.store.close();
		}
	});
});

/** A snapshot file changed by hand, as JSON: the edits reach anywhere, as a text editor's would. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function edit(bytes: Buffer, change: (file: any) => void): Buffer {
	const file = JSON.parse(bytes.toString());
	change(file);
	return Buffer.from(JSON.stringify(file, null, 2));
}
