/**
 * Snapshots in a real n8n host: the `npm start` clinic (Glow Med Spa: its example workflows,
 * templates, Reputation and team) is exported, loaded into a second, fresh clinic with SMTP and
 * Twilio credentials of its own, published, and run; then a newer revision is pushed. Everything
 * goes through the Workspace node's Snapshot operations and n8n's public API, as a consultant's
 * own workflows would.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';

const { startStack } = require('../support/stack');
const { N8N_MAJOR, PROJECT_ROOT } = require('../support/n8nHost');
const { SmtpDouble } = require('../support/smtpDouble');
const { TwilioDouble } = require('../support/twilioDouble');
const { seedGlowMedSpa, CREDENTIAL_IDS } = require('../support/glowMedSpa');
const { eventually } = require('../support/workflows');

jest.setTimeout(600_000);

type Stack = Awaited<ReturnType<typeof startStack>>;
let stack: Stack;
let smtpB: InstanceType<typeof SmtpDouble>;
let twilioB: InstanceType<typeof TwilioDouble>;

const N8N_API = { id: 'aeN8nApiCred0001', name: 'This n8n' };
const WORKSPACE_A = { id: CREDENTIAL_IDS.workspace, name: 'Glow Med Spa workspace' };
const B = {
	workspace: { id: 'aeBrightWorkspce', name: 'Bright Skin workspace' },
	smtp: { id: 'aeBrightSmtp0001', name: 'Bright Skin SMTP' },
	twilio: { id: 'aeBrightTwilio01', name: 'Bright Skin Twilio' },
	slack: { id: 'aeBrightSlack001', name: 'Bright Skin Slack' },
	dialer: { id: 'aeBrightDialer01', name: 'Bright Skin dialer' },
};
const DIALER_SECRET_A = 'glow-front-desk-dialer-secret-01';
const A_CONTACTS = [
	{ first_name: 'Jane', email: 'jane.glow@example.com', phone: '+15551230001' },
	{ first_name: 'Omar', email: 'omar.glow@example.com', phone: '+15551230002' },
];

const examples = readdirSync(join(PROJECT_ROOT, 'workflows'))
	.filter((f) => f.endsWith('.json'))
	.map((f) => JSON.parse(readFileSync(join(PROJECT_ROOT, 'workflows', f), 'utf8')));

/** A consultant's tool: a webhook that takes a snapshot file (multipart field `data`), then one Snapshot operation. */
function snapshotTool(
	id: string,
	path: string,
	workspace: { id: string; name: string },
	parameters: Record<string, unknown>,
	respondWithFile = false,
) {
	return {
		id,
		name: `Snapshot tool ${path}`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: `${id}-hook`,
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: `7a0c1e2f-3b4d-4e5f-8a9b-${id.slice(-12).toLowerCase().padStart(12, '0')}`,
				parameters: {
					httpMethod: 'POST',
					path,
					responseMode: 'lastNode',
					...(respondWithFile ? { responseData: 'firstEntryBinary' } : {}),
					options: {},
				},
			},
			{
				id: `${id}-node`,
				name: 'Snapshot',
				type: 'n8n-nodes-aesthetix.workspace',
				typeVersion: 1.1,
				position: [300, 0],
				parameters: { resource: 'snapshot', ...parameters },
				credentials: { aesthetixWorkspaceApi: workspace, aesthetixN8nApi: N8N_API },
			},
		],
		connections: { Webhook: { main: [[{ node: 'Snapshot', type: 'main', index: 0 }]] } },
	};
}

const clinicBChoices = {
	emailDomain: 'brightskin.test',
	reviewLink: 'https://g.page/r/bright-skin/review',
	webhookPathPrefix: 'bright-skin',
	credentialMapping: {
		mapping: [
			{ placeholder: 'local-smtp', credentialId: B.smtp.id },
			{ placeholder: 'local-twilio', credentialId: B.twilio.id },
			{ placeholder: 'local-slack', credentialId: B.slack.id },
			{ placeholder: 'front-desk-dialer', credentialId: B.dialer.id },
		],
	},
};

const tools = [
	snapshotTool('aeSnapExport0001', 'snapshot-export', WORKSPACE_A, { operation: 'export' }, true),
	snapshotTool('aeSnapLoadB00001', 'snapshot-load-b', B.workspace, {
		operation: 'load',
		...clinicBChoices,
	}),
	snapshotTool('aeSnapPreviewB01', 'snapshot-preview-b', B.workspace, { operation: 'preview' }),
	snapshotTool('aeSnapPushB00001', 'snapshot-push-b', B.workspace, { operation: 'push' }),
];

/** Posts a file to a tool webhook as a form upload, as a browser or `curl -F data=@file` would. */
async function upload(path: string, file: Buffer) {
	const form = new FormData();
	form.append('data', new Blob([file], { type: 'application/json' }), 'snapshot.json');
	const res = await fetch(stack.host.webhookUrl(path), { method: 'POST', body: form });
	const text = await res.text();
	return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

async function exportFromA(): Promise<Buffer> {
	const res = await fetch(stack.host.webhookUrl('snapshot-export'), { method: 'POST' });
	expect(res.status).toBe(200);
	const body = Buffer.from(await res.arrayBuffer());
	// n8n 1.x's Webhook node answers "First Entry Binary" with the JSON of a Node.js Buffer.
	const sent = JSON.parse(body.toString()) as { type?: string; data?: number[] };
	return sent.type === 'Buffer' && Array.isArray(sent.data) ? Buffer.from(sent.data) : body;
}

/**
 * The Snapshot node's output of a tool's run, checked against the output schema the host serves for
 * it, the one n8n's editor previews ("Usually outputs the following fields").
 */
async function expectOutputMatchesSchema(workflowId: string, operation: string, after: number) {
	const execution = await stack.host.lastExecution(workflowId, { after });
	const [item] = execution.data.resultData.runData.Snapshot[0].data.main[0];
	const res = await fetch(
		`${stack.host.baseUrl}/schemas/n8n-nodes-aesthetix.workspace/1.1.0/snapshot/${operation}.json`,
		{ headers: { cookie: await stack.host.session() } },
	);
	expect(res.status).toBe(200);
	const validate = new Ajv({ strict: true, allErrors: true }).compile((await res.json()) as object);
	validate(item.json);
	expect(validate.errors ?? []).toEqual([]);
	return item;
}

/** The error the last run of a tool ended with, as n8n's executions list shows it. */
async function lastError(workflowId: string): Promise<string> {
	const execution = await stack.host.lastExecution(workflowId);
	return execution.data.resultData.error.message;
}

/** An API key for the Aesthetix n8n API credential, with the scopes the README lists for this n8n. */
async function snapshotApiKey(): Promise<string> {
	const scopes = [
		'workflow:list',
		'workflow:read',
		'workflow:create',
		'workflow:update',
		'workflow:delete',
		'workflow:activate',
		'workflow:deactivate',
		...(N8N_MAJOR >= 2 ? ['credential:list', 'credential:update'] : []),
	];
	const res = await fetch(`${stack.host.baseUrl}/rest/api-keys`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', cookie: await stack.host.session() },
		body: JSON.stringify({ label: 'snapshots', scopes, expiresAt: null }),
	});
	if (!res.ok) throw new Error(`API key: ${res.status} ${await res.text()}`);
	return ((await res.json()) as { data: { rawApiKey: string } }).data.rawApiKey;
}

async function openStore(file: string) {
	const { openStore: open } = require('../../dist/core/store');
	return open({ kind: 'sqlite', file });
}

let apiKey: string;

beforeAll(async () => {
	smtpB = await new SmtpDouble().start();
	twilioB = await new TwilioDouble({
		accountSid: `AC${'2'.repeat(32)}`,
		authToken: 'bright-skin-twilio-token',
	}).start();
	stack = await startStack({
		name: 'snapshots',
		port: 5871,
		workflows: [...examples, ...tools],
		// Exporting reads every workflow through n8n's API, published or not; the busy day needs the booking confirmation.
		published: ['aeBookingConfirm', ...tools.map((t) => t.id)],
		extraCredentials: ({
			root,
			host,
			slack,
		}: {
			root: string;
			host: { baseUrl: string };
			slack: { botToken: string; userToken: string; apiUrl: string };
		}) => [
			{
				id: CREDENTIAL_IDS.dialer,
				name: 'Front desk dialer',
				type: 'aesthetixInboundWebhookApi',
				data: { secret: DIALER_SECRET_A },
			},
			{
				...N8N_API,
				type: 'aesthetixN8nApi',
				data: { baseUrl: host.baseUrl, apiKey: 'set-after-start' },
			},
			{
				...B.workspace,
				type: 'aesthetixWorkspaceApi',
				data: {
					storeType: 'sqlite',
					sqliteFile: join(root, 'bright-skin.sqlite'),
					companyName: 'Bright Skin Clinic',
					companyPhone: '+15550002222',
					timeZone: 'America/New_York',
					publicBaseUrl: host.baseUrl,
				},
			},
			{
				...B.smtp,
				type: 'aesthetixSmtpApi',
				data: {
					host: '127.0.0.1',
					port: smtpB.port,
					secure: false,
					starttls: 'never',
					poolSize: 2,
				},
			},
			{
				...B.twilio,
				type: 'aesthetixTwilioApi',
				data: {
					accountSid: twilioB.accountSid,
					authType: 'authToken',
					authToken: twilioB.authToken,
					senderType: 'phoneNumber',
					fromNumber: '+15550008888',
					apiBaseUrl: twilioB.baseUrl,
				},
			},
			{
				...B.slack,
				type: 'aesthetixSlackApi',
				data: { botToken: slack.botToken, userToken: slack.userToken, apiUrl: slack.apiUrl },
			},
			{
				...B.dialer,
				type: 'aesthetixInboundWebhookApi',
				data: { secret: 'bright-skin-dialer-secret-0001' },
			},
		],
	});
	const storeA = await stack.openWorkspace();
	await seedGlowMedSpa(storeA);
	apiKey = await snapshotApiKey();
	await stack.host.rest(`/credentials/${N8N_API.id}`, {
		method: 'PATCH',
		body: {
			name: N8N_API.name,
			type: 'aesthetixN8nApi',
			data: { baseUrl: stack.host.baseUrl, apiKey },
		},
	});
	// A busy day in clinic A: two bookings, each confirmed by email to the contact.
	for (const contact of A_CONTACTS) {
		await stack.trigger('appointment-booked', {
			contact,
			appointment: { start_time: '2026-12-01T15:00:00Z' },
		});
	}
	await stack.smtp.waitForMessages(A_CONTACTS.length);
});

afterAll(async () => {
	await stack?.stop();
	await require('../../dist/core/store').closeAllStores();
	await Promise.all([smtpB?.stop(), twilioB?.stop()]);
});

let first: Buffer;
let loadedB: { workflows: Array<{ id: string; name: string }>; items: unknown[] };

it("the n8n API credential's test and the Credentials picker reach n8n's own API", async () => {
	expect(
		await stack.host.testCredential('aesthetixN8nApi', { baseUrl: stack.host.baseUrl, apiKey }),
	).toMatchObject({ status: 'OK' });
	expect(
		await stack.host.testCredential('aesthetixN8nApi', {
			baseUrl: stack.host.baseUrl,
			apiKey: 'not-a-key',
		}),
	).toMatchObject({ status: 'Error' });
	const options = stack.host.rest('/dynamic-node-parameters/options', {
		method: 'POST',
		body: {
			path: 'parameters.credentialMapping.mapping[0].credentialId',
			nodeTypeAndVersion: { name: 'n8n-nodes-aesthetix.workspace', version: 1.1 },
			methodName: 'getN8nCredentials',
			currentNodeParameters: { resource: 'snapshot', operation: 'load' },
			credentials: { aesthetixWorkspaceApi: B.workspace, aesthetixN8nApi: N8N_API },
		},
	});
	if (N8N_MAJOR >= 2) {
		const names = (await options).data.map((o: { name: string }) => o.name);
		expect(names).toEqual(
			expect.arrayContaining([
				'Bright Skin SMTP (aesthetixSmtpApi)',
				'Bright Skin Twilio (aesthetixTwilioApi)',
			]),
		);
	} else {
		await expect(options).rejects.toThrow(/cannot list credentials \(n8n 1\.x\)/);
	}
});

it('exports the npm start clinic to one file the shipped schema accepts, with no contact and no secret in it', async () => {
	const before = await stack.host.lastExecutionId('aeSnapExport0001');
	first = await exportFromA();
	const output = await expectOutputMatchesSchema('aeSnapExport0001', 'export', before);
	expect(output.json.file_name).toBe('glow-med-spa-set-up-r1.aesthetix-snapshot.json');
	const file = JSON.parse(first.toString());
	const schema = require('../../dist/core/snapshots/snapshot.schema.json');
	const validate = new Ajv({ strict: true, allErrors: true }).compile(schema);
	validate(file);
	expect(validate.errors ?? []).toEqual([]);
	expect(file.workflows.map((w: { key: string }) => w.key).sort()).toEqual(
		examples.map((w) => w.id).sort(),
	);
	expect(file.templates).toHaveLength(2);
	expect(file.team.map((m: { name: string }) => m.name)).toEqual([
		'Maya Lopez',
		'Olivia Owner',
		'Sam Reyes',
	]);
	const text = first.toString();
	for (const contact of A_CONTACTS) {
		expect(text).not.toContain(contact.email);
		expect(text).not.toContain(contact.phone);
	}
	for (const secret of [
		apiKey,
		DIALER_SECRET_A,
		stack.twilio.authToken,
		stack.slack.botToken,
		stack.slack.userToken,
	])
		expect(text).not.toContain(secret);
});

it('loads it into a fresh clinic: its own credentials, an inactive team, workflows created unpublished', async () => {
	const before = await stack.host.lastExecutionId('aeSnapLoadB00001');
	const { status, json } = await upload('snapshot-load-b', first);
	expect(status).toBe(200);
	await expectOutputMatchesSchema('aeSnapLoadB00001', 'load', before);
	loadedB = json;
	expect(json.workflows).toHaveLength(examples.length);
	expect(json.team_to_activate.map((m: { name: string }) => m.name).sort()).toEqual([
		'Maya Lopez',
		'Olivia Owner',
		'Sam Reyes',
	]);
	for (const { id } of json.workflows) {
		const workflow = await stack.host.api(`/workflows/${id}`);
		expect(workflow.active).toBe(false);
		for (const node of workflow.nodes) {
			for (const credential of Object.values(node.credentials ?? {}) as Array<{ id: string }>)
				expect(Object.values(B).map((c) => c.id)).toContain(credential.id);
		}
	}
	const storeB = await openStore(join(stack.root, 'bright-skin.sqlite'));
	const team = await storeB.teamUsers.list({ includeInactive: true });
	expect(team.every((u: { active: boolean; email: string | null }) => !u.active && !u.email)).toBe(
		true,
	);
	expect((await storeB.templates.list('email')).map((t: { name: string }) => t.name)).toEqual([
		'Booking confirmation',
	]);

	// The same file again changes nothing.
	const again = await upload('snapshot-load-b', first);
	expect(again.json.counts).toEqual({ unchanged: json.items.length });
});

it('after publishing, the booking confirmation in clinic B sends B\u2019s email from B\u2019s credentials, with its merge fields rendered', async () => {
	const bookingB = loadedB.workflows.find((w) => w.name === 'Booking confirmation email')!;
	const endpointB = loadedB.workflows.find((w) => w.name.startsWith('Workspace endpoint'))!;
	await stack.host.publish([endpointB.id, bookingB.id]);
	// B's endpoint serves B's Inbox under B's prefix, beside A's.
	await eventually(async () => {
		const login = await fetch(stack.host.webhookUrl('bright-skin/aesthetix/inbox/login'));
		expect(login.status).toBe(200);
	}, 30_000);
	const aSent = stack.smtp.messages.length;
	const res = await stack.trigger('bright-skin/appointment-booked', {
		contact: { first_name: 'Priya', email: 'priya.bright@example.com' },
		appointment: { start_time: '2026-12-02T16:00:00Z' },
	});
	expect(res.status).toBe(200);
	const [mail] = await smtpB.waitForMessages(1);
	expect(mail.to).toEqual(['priya.bright@example.com']);
	expect(mail.from).toEqual({ name: 'Bright Skin Clinic', address: 'hello@brightskin.test' });
	expect(mail.html).toContain('Hi Priya,');
	expect(mail.html).toContain('Thanks for booking with Bright Skin Clinic!');
	expect(mail.html).toContain('Call us at +15550002222');
	expect(mail.html).not.toMatch(/\{\{|Glow Med Spa|glowmedspa/);
	expect(stack.smtp.messages.length).toBe(aSent);

	const storeB = await openStore(join(stack.root, 'bright-skin.sqlite'));
	const contacts = await storeB.db.all('SELECT email, phone FROM contacts');
	expect(contacts).toEqual([{ email: 'priya.bright@example.com', phone: null }]);
	const conversation = JSON.stringify(await storeB.db.all('SELECT * FROM conversation_messages'));
	for (const contact of A_CONTACTS) expect(conversation).not.toContain(contact.email);
});

it('pushes a changed template of a newer revision to clinic B, and lists the template B edited itself as a conflict', async () => {
	const storeA = await stack.openWorkspace();
	const storeB = await openStore(join(stack.root, 'bright-skin.sqlite'));
	const [reminderB] = await storeB.templates.list('sms');
	await storeB.templates.update(reminderB.id, 'Bright Skin: see you soon, {{contact.first_name}}!');
	await storeA.templates.save(
		'email',
		'Booking confirmation',
		'<p>Hi {{contact.first_name}}, you are booked for {{appointment.start_time}}.</p>',
		'Booked: {{appointment.only_start_date}}',
	);
	await storeA.templates.save(
		'sms',
		'Appointment reminder',
		'Reminder: {{appointment.only_start_time}}',
	);
	const second = await exportFromA();
	expect(JSON.parse(second.toString()).snapshot.revision).toBe(2);

	const previewed = await stack.host.lastExecutionId('aeSnapPreviewB01');
	const preview = await upload('snapshot-preview-b', second);
	await expectOutputMatchesSchema('aeSnapPreviewB01', 'preview', previewed);
	expect(preview.json.changes).toEqual([
		expect.objectContaining({
			key: 'template:email:Booking confirmation',
			change: 'changed',
			conflict: false,
			on_push: 'take',
		}),
		expect.objectContaining({
			key: 'template:sms:Appointment reminder',
			change: 'changed',
			local: 'edited',
			conflict: true,
			on_push: 'keep',
		}),
	]);

	const pushedBefore = await stack.host.lastExecutionId('aeSnapPushB00001');
	const pushed = await upload('snapshot-push-b', second);
	expect(pushed.status).toBe(200);
	await expectOutputMatchesSchema('aeSnapPushB00001', 'push', pushedBefore);
	const [bookingB] = await storeB.templates.list('email');
	expect(bookingB.body).toBe(
		'<p>Hi {{contact.first_name}}, you are booked for {{appointment.start_time}}.</p>',
	);
	expect((await storeB.templates.get(reminderB.id)).body).toBe(
		'Bright Skin: see you soon, {{contact.first_name}}!',
	);
	const after = await upload('snapshot-preview-b', second);
	expect(after.json.conflicts).toEqual(['template:sms:Appointment reminder']);
});

it('refuses a truncated file, naming the problem, and loads nothing', async () => {
	const storeB = await openStore(join(stack.root, 'bright-skin.sqlite'));
	const before = JSON.stringify(await storeB.db.all('SELECT * FROM templates ORDER BY id'));
	const workflows = (await stack.host.api('/workflows?limit=250')).data.length;

	const res = await upload('snapshot-load-b', first.subarray(0, 2000));

	expect(res.status).not.toBe(200);
	await eventually(async () =>
		expect(await lastError('aeSnapLoadB00001')).toMatch(
			/^The snapshot file is cut off: its JSON ends early, after 2000 bytes/,
		),
	);
	expect(JSON.stringify(await storeB.db.all('SELECT * FROM templates ORDER BY id'))).toBe(before);
	expect((await stack.host.api('/workflows?limit=250')).data.length).toBe(workflows);
});
