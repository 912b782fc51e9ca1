/**
 * n8n queue mode end to end: Redis and PostgreSQL from Debian's packages, an n8n main, a webhook
 * process and a worker sharing one encryption key, this package installed from its tarball, and the
 * workspace store on PostgreSQL. Runs the booking confirmation, the multi-stage reminder with a STOP
 * in between, a Manual Action SMS completed from the Inbox, a call that waits for the contact's
 * calling window, an Internal Notification burst over the limit, and kills the worker in the middle
 * of a run.
 */
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkspaceStore } from '../../core/store/workspaceStore';
import { Visitor } from '../support/inboxVisitor';

const { N8nHost, packPackage, N8N_MAJOR } = require('../support/n8nHost');
const {
	ARTIFACTS,
	exampleWorkflow,
	variant,
	twilioCredential,
	CREDENTIAL_IDS,
} = require('../support/stack');
const { SmtpDouble } = require('../support/smtpDouble');
const { TwilioDouble } = require('../support/twilioDouble');
const { startPostgres } = require('../support/postgres');
const { startRedis } = require('../support/redis');
const { queueModeEnv, workerEnv } = require('../support/queueMode');
const { webhookWorkflow: hooked, eventually, pendingTaskFor } = require('../support/workflows');
const { settledExecution, reach } = require('../support/retries');
const { zoneAtLocalHour } = require('../support/timeZones');
const { openStore, closeAllStores } = require('../../dist/core/store');
const { setPassword } = require('../../dist/core/inbox/auth');

jest.setTimeout(600_000);

const OFFSET = Number(process.env.AESTHETIX_PORT_OFFSET || 0);
const PORT = Object.fromEntries(
	Object.entries({
		redis: 5770,
		pg: 5771,
		main: 5772,
		mainBroker: 5773,
		webhook: 5774,
		webhookBroker: 5775,
		worker: 5776,
		workerBroker: 5777,
		worker2: 5778,
		worker2Broker: 5779,
		smtp: 5780,
		twilio: 5781,
	}).map(([name, port]) => [name, port + OFFSET]),
) as Record<string, number>;
const ROOT = join(ARTIFACTS, 'e2e', 'queue-mode');
/** The time Calling Hours decides by, in every process (see docs/calling-hours.md). */
const CLOCK = join(ROOT, 'clock.txt');
const WORKSPACE = {
	aesthetixWorkspaceApi: { id: CREDENTIAL_IDS.workspace, name: 'Glow Med Spa workspace' },
};
const SMTP = { aesthetixSmtpApi: { id: CREDENTIAL_IDS.smtp, name: 'Local SMTP' } };
const BULK = 150;
const PASSWORD = 'Glow-Inbox-2026';

const shortWait = (seconds: number) => ({
	parameters: { resume: 'timeInterval', amount: seconds, unit: 'seconds' },
});
const reminders = variant(exampleWorkflow('appointment-reminders.json'), {
	id: 'aeQueueReminder1',
	path: 'queue-reminders',
	nodes: { 'Until 24 Hours Before': shortWait(1), 'Until 1 Hour Before': shortWait(4) },
});

/** A webhook that answers at once, a Code node making `count` contacts, and Send Email for each. */
const bulkEmail = {
	id: 'aeQueueBulkMail1',
	name: 'Bulk email',
	active: false,
	settings: { executionOrder: 'v1' },
	nodes: [
		{
			id: 'bulk-hook',
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: '3c4d5e6f-7081-4293-a4b5-000b0c0a0001',
			parameters: {
				httpMethod: 'POST',
				path: 'bulk-email',
				responseMode: 'onReceived',
				options: {},
			},
		},
		{
			id: 'bulk-contacts',
			name: 'Contacts',
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			position: [200, 0],
			parameters: {
				jsCode:
					"return Array.from({ length: $input.first().json.body.count }, (_, i) => ({ json: { contact: { first_name: 'Guest ' + i, email: 'guest' + i + '@example.com' } } }));",
			},
		},
		{
			id: 'bulk-send',
			name: 'Send Email',
			type: 'n8n-nodes-aesthetix.sendEmail',
			typeVersion: 1,
			position: [400, 0],
			parameters: {
				contact: '={{ $json.contact }}',
				fromEmail: 'hello@glowmedspa.test',
				subject: 'Our spring offers',
				message: 'Hi {{contact.first_name}}, spring is here.',
				// A reminder that must arrive: a retry sends again what a killed worker left in flight.
				interruptedSends: 'sendAgain',
			},
			credentials: { ...SMTP, ...WORKSPACE },
		},
	],
	connections: {
		Webhook: { main: [[{ node: 'Contacts', type: 'main', index: 0 }]] },
		Contacts: { main: [[{ node: 'Send Email', type: 'main', index: 0 }]] },
	},
};

const burst = hooked(
	'aeQueueBurst0001',
	'queue-burst',
	{
		name: 'Notify',
		type: 'n8n-nodes-aesthetix.internalNotification',
		parameters: {
			type: 'inApp',
			contact: '={{ {} }}',
			toUserType: ['roles'],
			roles: 'burst',
			title: 'Alert {{n}}',
			message: 'Burst',
			options: { overLimit: 'drop' },
		},
		credentials: WORKSPACE,
	},
	{ split: true },
);

/** The Call action at version 1.1: outside the contact's calling window it waits. */
const waitingCall = variant(exampleWorkflow('appointment-call-reminder.json'), {
	id: 'aeQueueCallWait1',
	path: 'queue-call-wait',
	nodes: { 'Appointment Call Reminder': { typeVersion: 1.1 } },
});

const workflows = [
	exampleWorkflow('workspace-endpoint.json'),
	waitingCall,
	exampleWorkflow('booking-confirmation.json'),
	exampleWorkflow('consultation-follow-up-sms.json'),
	reminders,
	bulkEmail,
	burst,
];

let redis: { stop: () => Promise<void> };
let pg: {
	config: Record<string, unknown>;
	createDatabase: (name: string) => Promise<Record<string, unknown>>;
	stop: () => Promise<void>;
};
let n8nDb: Record<string, unknown>;
let smtp: InstanceType<typeof SmtpDouble>;
let twilio: InstanceType<typeof TwilioDouble>;
let main: InstanceType<typeof N8nHost>;
let webhook: InstanceType<typeof N8nHost>;
let worker: InstanceType<typeof N8nHost>;
let store: WorkspaceStore;
const processes: Array<InstanceType<typeof N8nHost>> = [];

function n8nProcess(
	name: string,
	port: number,
	brokerPort: number,
	command: string[],
	env: Record<string, string> = {},
) {
	const host = new N8nHost({
		userFolder: join(ROOT, 'n8n'),
		port,
		brokerPort,
		command,
		logFile: join(ROOT, `${name}.log`),
		env: {
			// Resume URLs and the Inbox's links must reach a main (or webhook) process, never a worker.
			...queueModeEnv({
				redisPort: PORT.redis,
				pgPort: pg.config.port as number,
				database: n8nDb.database as string,
				webhookUrl: `http://127.0.0.1:${PORT.main}/`,
			}),
			AESTHETIX_CLOCK_FILE: CLOCK,
			AESTHETIX_WAKER_INTERVAL_MS: '500',
			// What docs/operations/queue-mode.md advises; the other suites run n8n's default.
			N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true',
			...env,
		},
	});
	processes.push(host);
	return host;
}

const workerProcess = (name: string, port: number, brokerPort: number) =>
	n8nProcess(name, port, brokerPort, ['worker', '--concurrency=5'], {
		...workerEnv(port),
		// What the docs advise for retrying a killed worker's execution: n8n's main overwrites it with
		// an error and no data once a live worker finds its job stalled, one lock duration after the
		// kill at the earliest (60 s by default).
		QUEUE_WORKER_LOCK_DURATION: '300000',
	});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each workflow answers with its own shape
async function post(url: string, body: unknown): Promise<{ status: number; json: any }> {
	const res = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	const text = await res.text();
	try {
		return { status: res.status, json: JSON.parse(text) };
	} catch {
		return { status: res.status, json: text };
	}
}

/** Posts to a webhook, retrying while n8n is still registering it after publishing. */
async function trigger(host: InstanceType<typeof N8nHost>, path: string, body: unknown) {
	return eventually(async () => {
		const res = await post(host.webhookUrl(path), body);
		if (res.status === 404) throw new Error(`webhook ${path} not registered yet`);
		return res;
	}, 15_000);
}

beforeAll(async () => {
	rmSync(ROOT, { recursive: true, force: true });
	mkdirSync(join(ROOT, 'workflows'), { recursive: true });
	redis = await startRedis(PORT.redis);
	// The run's cluster when the integration project started one, else a cluster of its own.
	pg = await startPostgres({ port: PORT.pg });
	n8nDb = await pg.createDatabase('n8n');
	const storeDb = await pg.createDatabase('aesthetix');
	smtp = await new SmtpDouble({ port: PORT.smtp }).start();
	twilio = await new TwilioDouble().start(PORT.twilio);

	main = n8nProcess('main', PORT.main, PORT.mainBroker, ['start']);
	webhook = n8nProcess('webhook', PORT.webhook, PORT.webhookBroker, ['webhook']);
	worker = workerProcess('worker', PORT.worker, PORT.workerBroker);
	// One install in a user folder every process reads: the same package version everywhere.
	// The run's prepared user folder has it installed already (its SQLite database is of no use here).
	const prepared = process.env.AESTHETIX_USER_FOLDER_TEMPLATE;
	if (prepared)
		cpSync(join(prepared, '.n8n', 'nodes'), join(ROOT, 'n8n', '.n8n', 'nodes'), {
			recursive: true,
			verbatimSymlinks: true,
		});
	else
		main.installPackage(process.env.AESTHETIX_PACKAGE_TARBALL || packPackage(join(ROOT, 'pack')));

	const credentials = [
		{
			id: CREDENTIAL_IDS.smtp,
			name: 'Local SMTP',
			type: 'aesthetixSmtpApi',
			data: {
				host: '127.0.0.1',
				port: PORT.smtp,
				secure: false,
				starttls: 'never',
				poolSize: 5,
				rateLimit: 0,
			},
		},
		twilioCredential(twilio),
		{
			id: CREDENTIAL_IDS.workspace,
			name: 'Glow Med Spa workspace',
			type: 'aesthetixWorkspaceApi',
			data: {
				storeType: 'postgres',
				pgHost: '127.0.0.1',
				pgPort: pg.config.port,
				pgDatabase: storeDb.database,
				pgUser: 'postgres',
				pgPassword: '',
				pgSslMode: 'disable',
				companyName: 'Glow Med Spa',
				companyPhone: '+15550001111',
				timeZone: 'America/New_York',
				publicBaseUrl: main.baseUrl,
			},
		},
	];
	writeFileSync(join(ROOT, 'credentials.json'), JSON.stringify(credentials));
	for (const wf of workflows)
		writeFileSync(join(ROOT, 'workflows', `${wf.id}.json`), JSON.stringify(wf));
	// 2.x takes them through its APIs once the main runs; 1.x only by command line, before.
	if (N8N_MAJOR < 2) {
		main.importCredentials(join(ROOT, 'credentials.json'));
		main.importWorkflowDir(join(ROOT, 'workflows'));
	}

	await main.start();
	if (N8N_MAJOR >= 2) await main.addCredentialsAndWorkflows(credentials, workflows);
	await Promise.all([webhook.start(), worker.start()]);
	await main.publish(workflows.map((w) => w.id));

	store = await openStore({
		kind: 'postgres',
		host: '127.0.0.1',
		port: pg.config.port as number,
		database: storeDb.database as string,
		user: 'postgres',
	});
});

afterAll(async () => {
	await closeAllStores();
	for (const host of processes) await host.stop();
	await smtp?.stop();
	await twilio?.stop();
	await pg?.stop();
	await redis?.stop();
});

beforeEach(() => {
	smtp.reset();
	twilio.reset();
});

const booking = (first_name: string, email: string) => ({
	contact: { first_name, email },
	appointment: { start_time: '2026-12-01T15:00:00Z' },
});

describe('queue mode: main, webhook process and worker on Redis and PostgreSQL', () => {
	it('runs the booking confirmation on the worker, triggered through the main and through the webhook process', async () => {
		const viaMain = await trigger(main, 'appointment-booked', booking('Jane', 'jane@example.com'));
		const viaWebhook = await trigger(
			webhook,
			'appointment-booked',
			booking('Ines', 'ines@example.com'),
		);
		for (const res of [viaMain, viaWebhook]) {
			expect(res.status).toBe(200);
			expect(res.json.email).toMatchObject({ status: 'accepted' });
		}
		await smtp.waitForMessages(2);
		expect(
			smtp.messages.map((m: { envelope: { to: string[] } }) => m.envelope.to[0]).sort(),
		).toEqual(['ines@example.com', 'jane@example.com']);
		expect(
			smtp.messages.find(
				(m: { envelope: { to: string[] } }) => m.envelope.to[0] === 'jane@example.com',
			).subject,
		).toBe('Thanks for booking with us');
		// The main and the webhook process only enqueue; the worker runs the node and writes the PostgreSQL store.
		expect(main.logTail(200_000)).toMatch(/Enqueued execution \d+/);
		expect(worker.logTail(200_000)).toMatch(/finished execution \d+/);
		expect(
			await store.deliveries.statisticsByActionName(
				'aeBookingConfirm',
				'Booking Confirmation Email',
			),
		).toMatchObject({ accepted: 2 });
	});

	it('sends the first reminder, takes the STOP through the main, and skips the second', async () => {
		const phone = '+15551110042';
		await trigger(webhook, 'queue-reminders', {
			contact: { first_name: 'Jane', phone },
			appointment: { start_time: '2026-12-01T15:00:00Z' },
		});
		await eventually(
			() => expect(twilio.messages.filter((m: { to: string }) => m.to === phone)).toHaveLength(1),
			30_000,
		);
		const reply = await twilio.inbound(`${main.baseUrl}/webhook/aesthetix/twilio/inbound`, {
			from: phone,
			body: 'STOP',
		});
		expect(reply.status).toBe(200);
		expect((await store.contacts.findByEmailOrPhone(null, phone))?.sms_opted_out).toBe(true);
		const execution = await eventually(async () => {
			const exec = await main.lastExecution('aeQueueReminder1', { timeoutMs: 30_000 });
			expect(exec.data.resultData.runData['1-Hour Reminder SMS']).toBeDefined();
			return exec;
		}, 30_000);
		expect(execution.status).toBe('success');
		expect(
			execution.data.resultData.runData['1-Hour Reminder SMS'][0].data.main[0][0].json.sms,
		).toMatchObject({
			status: 'skipped',
			reason: 'The contact replied STOP and has opted out of texts',
		});
		expect(twilio.messages.filter((m: { to: string }) => m.to === phone)).toHaveLength(1);
	});

	it('waits on a Manual Action SMS, sends it when completed from the Inbox, and the worker resumes the run', async () => {
		const maya = await store.teamUsers.create({
			name: 'Maya Lopez',
			email: 'maya@glowmedspa.test',
			role: 'coordinator',
		});
		await setPassword(store, maya.id, PASSWORD);
		await trigger(main, 'consultation-form', {
			contact: { first_name: 'Ana', phone: '+15558880042', assigned_user: 'maya@glowmedspa.test' },
		});
		const task = await pendingTaskFor(store, '+15558880042');
		expect(task.assignee_user_id).toBe(maya.id);
		expect((await main.lastExecution('aeConsultFormSms')).status).toBe('waiting');

		// The Inbox, served by the webhook process.
		const inbox = `${webhook.baseUrl}/webhook/aesthetix/inbox`;
		const visitor = new Visitor(() => inbox);
		const login = await visitor.signIn('maya@glowmedspa.test', PASSWORD);
		expect(login.status).toBe(303);
		const page = await visitor.fetch(`${inbox}/task?id=${task.id}`);
		const csrf = Visitor.csrf(page.text);
		const message =
			'Hi Ana! Maya here. Book your consultation: https://book.glowmedspa.test/consultation';
		const sent = await visitor.fetch(`${inbox}/task`, {
			form: { id: String(task.id), action: 'send', csrf, message },
		});
		expect(sent.status).toBe(303);
		await twilio.waitForMessages(1);
		expect(twilio.messages[0]).toMatchObject({ to: '+15558880042', body: message });
		const resumed = await eventually(async () => {
			const exec = await main.lastExecution('aeConsultFormSms');
			expect(exec.status).toBe('success');
			return exec;
		}, 30_000);
		expect(resumed.data.resultData.runData['Follow-Up Sent']).toBeDefined();
	});

	it("places a call that waited for the contact's calling window: the main wakes it, the worker finishes it with the outcome", async () => {
		const phone = '+15559990042';
		const before = await main.lastExecutionId('aeQueueCallWait1');
		await trigger(webhook, 'queue-call-wait', {
			contact: { first_name: 'Nia', phone, timezone: zoneAtLocalHour(3) },
			appointment: { start_time: '2026-12-01T15:00:00Z' },
		});
		const waiting = await eventually(async () => {
			const exec = await main.lastExecution('aeQueueCallWait1', { after: before });
			expect(exec.status).toBe('waiting');
			return exec;
		}, 60_000);
		const [kept] = await store.db.all<{ status: string; opens_at: string }>(
			'SELECT status, opens_at FROM deferred_items WHERE execution_id = ?',
			[waiting.id],
		);
		expect(kept.status).toBe('waiting');
		expect(twilio.voice.calls).toHaveLength(0);

		writeFileSync(CLOCK, new Date(Date.parse(kept.opens_at) + 1000).toISOString());
		try {
			const done = await eventually(async () => {
				const exec = await main.finishedExecution(waiting.id);
				expect(exec.status).toBe('success');
				return exec;
			}, 120_000);
			// Unassigned: the Company Phone is rung first, then the contact.
			expect(twilio.voice.calls.map((c: { to: string }) => c.to)).toEqual(['+15550001111', phone]);
			expect(
				done.data.resultData.runData['Appointment Call Reminder'].at(-1).data.main[0][0].json.call,
			).toMatchObject({ outcome: 'connected', routed_to: 'company_phone' });
			expect(worker.logTail(400_000)).toMatch(new RegExp(`finished execution ${waiting.id}\\b`));
		} finally {
			rmSync(CLOCK, { force: true });
		}
	});

	it('drops what is over 500 in-app notifications per person in 5 minutes, counted in the shared store', async () => {
		await store.teamUsers.create({
			name: 'Nora Burst',
			email: 'nora@glowmedspa.test',
			role: 'burst',
		});
		const { status, json } = await trigger(main, 'queue-burst', {
			items: Array.from({ length: 502 }, (_, n) => ({ n })),
		});
		expect(status).toBe(200);
		const statuses = json.map(
			(item: { notification: { recipients: Array<{ status: string }> } }) =>
				item.notification.recipients[0].status,
		);
		expect(statuses.slice(0, 500).every((s: string) => s === 'sent')).toBe(true);
		expect(statuses.slice(500)).toEqual(['dropped', 'dropped']);
		const nora = await store.teamUsers.findByEmail('nora@glowmedspa.test');
		expect(await store.notifications.unreadCount(nora!.id)).toBe(500);
	});

	it('when the worker is killed mid-run: what went out is recorded, a second worker takes over the queue, and the killed run retried from the executions list reaches every contact (each once on n8n 2.x, which hands a retry its run token)', async () => {
		await trigger(main, 'bulk-email', { count: BULK });
		await smtp.waitForMessages(30, 60_000);
		// Every pooled connection is left waiting on MAIL FROM: sends in flight, none delivered.
		smtp.hold();
		await eventually(() => expect(smtp.held).toBe(5), 30_000);
		await worker.kill();
		smtp.release();
		const delivered = smtp.messages.map((m: { envelope: { to: string[] } }) => m.envelope.to[0]);
		expect(new Set(delivered).size).toBe(delivered.length);
		expect(delivered.length).toBeLessThan(BULK);

		// The store agrees with the server: what went out is recorded accepted; the ten in flight (five
		// on the held connections, five rendered behind them) are not.
		const records = await store.deliveries.forAction('aeQueueBulkMail1', 'bulk-send');
		const accepted = records.filter((r) => r.status === 'accepted').map((r) => r.recipient);
		expect(accepted.sort()).toEqual([...delivered].sort());
		expect(records.filter((r) => r.status === 'sending')).toHaveLength(10);

		// With no worker alive a new booking waits in Redis; a second worker takes it over.
		const waiting = trigger(main, 'appointment-booked', booking('Lena', 'lena@example.com'));
		await new Promise((r) => setTimeout(r, 2000));
		expect(
			smtp.messages.some(
				(m: { envelope: { to: string[] } }) => m.envelope.to[0] === 'lena@example.com',
			),
		).toBe(false);
		const second = workerProcess('worker2', PORT.worker2, PORT.worker2Broker);
		await second.start();
		const res = await waiting;
		expect(res.status).toBe(200);
		expect(res.json.email).toMatchObject({ status: 'accepted' });
		await eventually(() =>
			expect(
				smtp.messages.filter(
					(m: { envelope: { to: string[] } }) => m.envelope.to[0] === 'lena@example.com',
				),
			).toHaveLength(1),
		);
		// Nothing of the killed run was sent again by the new worker.
		const guestMail = () =>
			smtp.messages
				.map((m: { envelope: { to: string[] } }) => m.envelope.to[0])
				.filter((to: string) => to.startsWith('guest'));
		expect(guestMail().sort()).toEqual([...delivered].sort());

		// The new worker read the killed one's event log and n8n marked the run crashed; until n8n's main
		// gives up on the stalled job (and keeps nothing to retry), the executions list retries it.
		// Asked for by id: n8n's main still counts the stalled job among its active executions, which
		// its list of executions leaves out.
		const killedRun = records[0].execution_id;
		const crashed = await eventually(async () => {
			const execution = await main.api(`/executions/${killedRun}`);
			expect(execution.status).toBe('crashed');
			return execution;
		}, 30_000);
		const { data } = await main.rest(`/executions/${crashed.id}/retry`, {
			method: 'POST',
			body: { loadWorkflow: false },
		});
		const retried = await settledExecution({ host: main }, data.id, ['success', 'error'], 120_000);
		expect(retried).toMatchObject({ mode: 'retry', status: 'success' });
		expect(second.logTail(400_000)).toMatch(new RegExp(`finished execution ${retried.id}\\b`));
		const guests = Array.from({ length: BULK }, (_, i) => `guest${i}@example.com`);
		const inFlight = records.filter((r) => r.status === 'sending').map((r) => r.recipient);
		const { never, twice } = reach(guests, guestMail());
		expect(never).toEqual([]);
		if (N8N_MAJOR < 2) {
			// n8n 1.x hands a retry no run token: it cannot find what the killed run sent and sends it
			// again, as the known limits say.
			expect([...twice].sort()).toEqual([...delivered].sort());
			return;
		}
		expect(inFlight).toEqual(expect.arrayContaining(twice));
		type Sent = { to: string; sent_again?: boolean; already_sent?: boolean };
		const output: Sent[] = retried.data.resultData.runData['Send Email']
			.at(-1)
			.data.main[0].map((item: { json: { email: Sent } }) => item.json.email);
		const marked = (flag: 'sent_again' | 'already_sent') =>
			output
				.filter((e) => e[flag])
				.map((e) => e.to)
				.sort();
		expect(marked('sent_again')).toEqual([...inFlight].sort());
		expect(marked('already_sent')).toEqual([...delivered].sort());
	});
});
