/**
 * An agency's clinics on one n8n: three clinics whose workspaces share one PostgreSQL database (a
 * schema each) and a fourth on its own SQLite file, each with its own Workspace Endpoint, Twilio
 * number and team. What one clinic's people, patients and providers do never reaches another's:
 * Inbox sign-in and sessions, STOP replies, statistics, conversations, templates, manual tasks,
 * erasure and misrouted callbacks. The agency view lists every clinic of the database behind the
 * owner's own sign-in (screenshots at desktop and phone sizes go to test-artifacts/agency/), and a
 * clinic added while n8n runs works at once.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/editorBrowser';
import type { WorkspaceStore } from '../../core/store/workspaceStore';
import { Visitor } from '../support/inboxVisitor';

const {
	startStack,
	exampleWorkflow,
	variant,
	untilRegistered,
	twilioCredential,
	ARTIFACTS,
} = require('../support/stack');
const { eventually, pendingTaskFor } = require('../support/workflows');
const { startPostgres } = require('../support/postgres');
const { twilioSignature } = require('../support/twilioDouble');
const { MailgunDouble } = require('../support/emailProviderDoubles');
const { zoneAtLocalHour } = require('../support/timeZones');
const { openStore, closeAllStores } = require('../../dist/core/store');
const { setPassword } = require('../../dist/core/inbox/auth');

jest.setTimeout(600_000);

const OFFSET = Number(process.env.AESTHETIX_PORT_OFFSET || 0);
const PG_PORT = 5885 + OFFSET;
const PASSWORD = 'Clinic-Inbox-2026';
const OWNER = { email: 'owner@agency.test', password: 'Agency-Owner-2026' };
const SMTP = { aesthetixSmtpApi: { id: 'aeSmtpLocal00001', name: 'Local SMTP' } };
const shots = join(ARTIFACTS, 'agency');
const mailgun = new MailgunDouble();

interface Clinic {
	key: string;
	name: string;
	/** The workspace's schema in the shared database; none for the clinic on SQLite. */
	schema?: string;
	path: string;
	number: string;
	companyPhone: string;
	workspace: string;
	twilio: string;
}

const clinic = (key: string, name: string, number: string): Clinic => ({
	key,
	name,
	schema: `clinic_${key}`,
	path: `clinic-${key}`,
	number,
	companyPhone: number.replace(/1$/, '9').replace(/2$/, '8').replace(/3$/, '7'),
	workspace: `aeWsClinic${key.toUpperCase()}00001`,
	twilio: `aeTwClinic${key.toUpperCase()}00001`,
});

const A = clinic('a', 'Glow Aesthetics', '+15550100001');
const B = clinic('b', 'Radiance Skin Studio', '+15550100002');
const C = clinic('c', 'Lumen Med Spa', '+15550100003');
/** The stack's own workspace, on its SQLite file. */
const D: Clinic = {
	key: 'd',
	name: 'Glow Med Spa',
	path: 'aesthetix',
	number: '+15550009999',
	companyPhone: '+15550001111',
	workspace: 'aeWorkspace00001',
	twilio: 'aeTwilioLocal001',
};
const SHARED = [A, B, C];
/** Added while n8n runs. */
const E = clinic('e', 'Serene Laser Clinic', '+15550100005');

const credentialsOf = (c: Clinic) => ({
	aesthetixWorkspaceApi: { id: c.workspace, name: `${c.name} workspace` },
	aesthetixTwilioApi: { id: c.twilio, name: `${c.name} Twilio` },
});

const idFor = (c: Clinic, what: string) => `ae${what}${c.key.toUpperCase()}`.padEnd(16, '0');

function endpoint(c: Clinic, extra: Record<string, unknown> = {}) {
	const workflow = exampleWorkflow('workspace-endpoint.json');
	workflow.id = idFor(c, 'Endpoint');
	workflow.name = `${c.name}: workspace endpoint`;
	const [node] = workflow.nodes;
	node.webhookId = `2f6a9b13-5c8d-4e7f-b0a1-00000000000${c.key}`;
	node.parameters.path = c.path;
	node.credentials = { ...credentialsOf(c), ...extra };
	return workflow;
}

/** A booking: the confirmation email, then the reminder text with a link to reschedule. */
function booking(c: Clinic) {
	const id = idFor(c, 'Booking');
	const credentials = credentialsOf(c);
	return {
		id,
		name: `${c.name}: booking`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: `${id}-hook`,
				name: 'Booked',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: `3a4b5c6d-7e8f-4a0b-9c1d-00000000000${c.key}`,
				parameters: {
					httpMethod: 'POST',
					path: `${c.path}-booked`,
					responseMode: 'lastNode',
					responseData: 'allEntries',
					options: {},
				},
			},
			{
				id: `${id}-email`,
				name: 'Booking Confirmation Email',
				type: 'n8n-nodes-aesthetix.sendEmail',
				typeVersion: 1,
				position: [200, 0],
				parameters: {
					contact: '={{ $json.body.contact }}',
					fromName: '{{company.name}}',
					fromEmail: `hello@${c.path}.test`,
					subject: 'Thanks for booking with us',
					message: 'Hi {{contact.first_name}}, see you soon at {{company.name}}.',
				},
				credentials: { ...SMTP, aesthetixWorkspaceApi: credentials.aesthetixWorkspaceApi },
			},
			{
				id: `${id}-sms`,
				name: 'Appointment Reminder SMS',
				type: 'n8n-nodes-aesthetix.sendSms',
				typeVersion: 1,
				position: [400, 0],
				parameters: {
					contact: "={{ $('Booked').item.json.body.contact }}",
					message:
						'Hi {{contact.first_name}}, {{company.name}} here: see you tomorrow. Reschedule: https://book.example.test/reschedule',
				},
				credentials,
			},
		],
		connections: {
			Booked: { main: [[{ node: 'Booking Confirmation Email', type: 'main', index: 0 }]] },
			'Booking Confirmation Email': {
				main: [[{ node: 'Appointment Reminder SMS', type: 'main', index: 0 }]],
			},
		},
	};
}

const withCredentials = (workflow: { nodes: Array<Record<string, unknown>> }, c: Clinic) => {
	for (const node of workflow.nodes)
		if (node.credentials)
			node.credentials = { ...(node.credentials as object), ...credentialsOf(c) };
	return workflow;
};

const consultation = withCredentials(
	variant(exampleWorkflow('consultation-follow-up-sms.json'), {
		id: idFor(A, 'Consult'),
		path: `${A.path}-consultation`,
	}),
	A,
);
const call = (c: Clinic) =>
	withCredentials(
		variant(exampleWorkflow('appointment-call-reminder.json'), {
			id: idFor(c, 'Call'),
			path: `${c.path}-call`,
		}),
		c,
	);

const erase = {
	id: idFor(A, 'Erase'),
	name: 'Glow Aesthetics: erase a contact',
	active: false,
	settings: { executionOrder: 'v1' },
	nodes: [
		{
			id: 'erase-hook',
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: '4b5c6d7e-8f90-4a1b-8c2d-0000000000ea',
			parameters: {
				httpMethod: 'POST',
				path: `${A.path}-erase`,
				responseMode: 'lastNode',
				responseData: 'allEntries',
				options: {},
			},
		},
		{
			id: 'erase-node',
			name: 'Erase Contact',
			type: 'n8n-nodes-aesthetix.workspace',
			typeVersion: 1,
			position: [200, 0],
			parameters: {
				resource: 'contact',
				operation: 'delete',
				contactId: '={{ $json.body.contactId }}',
			},
			credentials: { aesthetixWorkspaceApi: credentialsOf(A).aesthetixWorkspaceApi },
		},
	],
	connections: { Webhook: { main: [[{ node: 'Erase Contact', type: 'main', index: 0 }]] } },
};

const agencyView = {
	id: 'aeAgencyView0001',
	name: 'Agency view (publish once)',
	active: false,
	settings: { executionOrder: 'v1' },
	nodes: [
		{
			id: 'agency-view',
			name: 'Agency View',
			type: 'n8n-nodes-aesthetix.agencyView',
			typeVersion: 1,
			position: [0, 0],
			webhookId: '5c6d7e8f-90a1-4b2c-8d3e-0000000a9e1c',
			parameters: { path: 'agency' },
			credentials: { aesthetixAgencyApi: { id: 'aeAgency00000001', name: 'Agency' } },
		},
	],
	connections: {},
};

const workflows = [
	...SHARED.map((c) =>
		endpoint(
			c,
			c === C ? { aesthetixEmailEventsApi: { id: 'aeEmailEventsC01', name: 'Mailgun' } } : {},
		),
	),
	endpoint(D),
	...[...SHARED, D].map(booking),
	consultation,
	call(A),
	call(B),
	erase,
	agencyView,
];

type Stack = Awaited<ReturnType<typeof startStack>>;
let stack: Stack;
let pg: {
	config: { host: string; port: number; user: string };
	createDatabase: (n: string) => Promise<{ database: string }>;
	stop: () => Promise<void>;
};
let database: { host: string; port: number; user: string; database: string };
let browser: Browser;
const stores: Record<string, WorkspaceStore> = {};

const workspaceCredential = (c: Clinic) => ({
	id: c.workspace,
	name: `${c.name} workspace`,
	type: 'aesthetixWorkspaceApi',
	data: {
		storeType: 'postgres',
		pgHost: database.host,
		pgPort: database.port,
		pgDatabase: database.database,
		pgUser: database.user,
		pgPassword: '',
		pgSslMode: 'disable',
		pgSchema: c.schema,
		companyName: c.name,
		companyPhone: c.companyPhone,
		timeZone: 'America/New_York',
		publicBaseUrl: stack?.host.baseUrl ?? '',
	},
});

/** The clinic's own number on the agency's one Twilio account (the double). */
const twilioCredentialOf = (c: Clinic, twilio: unknown) =>
	twilioCredential(twilio, { id: c.twilio, name: `${c.name} Twilio` }, { fromNumber: c.number });

const url = (c: Clinic, route: string) => `${stack.host.baseUrl}/webhook/${c.path}/${route}`;
const inbox = (c: Clinic) => url(c, 'inbox');
const agencyUrl = () => `${stack.host.baseUrl}/webhook/agency`;

const book = async (c: Clinic, contact: Record<string, unknown>) => {
	const res = await stack.trigger(`${c.path}-booked`, {
		contact,
		appointment: { start_time: '2026-12-01T15:00:00Z' },
	});
	expect(res.status).toBe(200);
	return res.json[0];
};
const textsFrom = (c: Clinic) =>
	stack.twilio.messages.filter((m: { from: string }) => m.from === c.number);

async function storeOf(c: Clinic): Promise<WorkspaceStore> {
	if (!stores[c.key])
		stores[c.key] = c.schema
			? await openStore({ kind: 'postgres', ...database, sslMode: 'disable', schema: c.schema })
			: await stack.openWorkspace();
	return stores[c.key];
}

/** A team user of the clinic who can sign in to its Inbox. */
async function teamUser(c: Clinic, name: string, email: string, role = 'admin') {
	const store = await storeOf(c);
	const user = await store.teamUsers.create({ name, email, role });
	await setPassword(store, user.id, PASSWORD);
	return user;
}

const sessionToken = (res: { headers: Headers }) =>
	/aesthetix_inbox=([^;]+)/.exec(res.headers.getSetCookie().join('\n'))?.[1];

beforeAll(async () => {
	mkdirSync(shots, { recursive: true });
	pg = await startPostgres({ port: PG_PORT });
	database = { ...pg.config, database: (await pg.createDatabase('agency')).database };
	stack = await startStack({
		name: 'agency',
		port: 5881,
		workflows,
		extraCredentials: ({ twilio, host }: { twilio: never; host: { baseUrl: string } }) => [
			...SHARED.flatMap((c) => [
				{
					...workspaceCredential(c),
					data: { ...workspaceCredential(c).data, publicBaseUrl: host.baseUrl },
				},
				twilioCredentialOf(c, twilio),
			]),
			{
				id: 'aeEmailEventsC01',
				name: 'Mailgun',
				type: 'aesthetixEmailEventsApi',
				data: { mailgunSigningSecret: mailgun.signingKey },
			},
			{
				id: 'aeAgency00000001',
				name: 'Agency',
				type: 'aesthetixAgencyApi',
				data: {
					pgHost: database.host,
					pgPort: database.port,
					pgDatabase: database.database,
					pgUser: database.user,
					pgPassword: '',
					pgSslMode: 'disable',
					ownerEmail: OWNER.email,
					ownerPassword: OWNER.password,
				},
			},
		],
	});
	browser = await launchChromium();
});

afterAll(async () => {
	await browser?.close();
	await closeAllStores();
	await stack?.stop();
	await pg?.stop();
});

describe('clinics on one n8n, three of them in one PostgreSQL database', () => {
	it("signs a team user in to their own clinic's Inbox only, and a session cookie means nothing at another clinic", async () => {
		await teamUser(A, 'Maya Lopez', 'maya@glow-aesthetics.test');
		await teamUser(B, 'Ben Ortiz', 'ben@radiance.test');
		const maya = new Visitor(() => inbox(A));
		const signedIn = await maya.signIn('maya@glow-aesthetics.test', PASSWORD);
		expect(signedIn.status).toBe(303);
		expect(signedIn.headers.getSetCookie().join('\n')).toContain(`Path=/webhook/${A.path}/inbox`);
		expect((await maya.fetch(inbox(A))).status).toBe(200);

		for (const other of [B, D]) {
			const elsewhere = new Visitor(() => inbox(other));
			const refused = await elsewhere.signIn('maya@glow-aesthetics.test', PASSWORD);
			expect(refused.status).toBe(401);
			expect(refused.text).toContain('That email and password do not match an active team user.');
			const carried = await fetch(inbox(other), {
				redirect: 'manual',
				headers: { cookie: `aesthetix_inbox=${sessionToken(signedIn)}` },
			});
			expect(carried.status).toBe(303);
			expect(carried.headers.get('location')).toBe(`/webhook/${other.path}/inbox/login`);
		}
	});

	it("takes a STOP to one clinic's number as that clinic's opt-out only, for a patient of three clinics", async () => {
		const ana = { first_name: 'Ana', phone: '+15557770001', email: 'ana@example.com' };
		for (const c of [A, B, D]) {
			const sent = await book(c, ana);
			expect(sent).toMatchObject({ email: { status: 'accepted' }, sms: { status: 'sent' } });
		}
		for (const c of [A, B, D])
			expect(textsFrom(c).map((m: { to: string }) => m.to)).toEqual([ana.phone]);

		const reply = await stack.twilio.inbound(url(A, 'twilio/inbound'), {
			from: ana.phone,
			to: A.number,
			body: 'STOP',
		});
		expect(reply.status).toBe(200);
		const optedOut = async (c: Clinic) =>
			(await (await storeOf(c)).contacts.findByEmailOrPhone(null, ana.phone))?.sms_opted_out;
		expect(await optedOut(A)).toBe(true);
		expect(await optedOut(B)).toBe(false);
		expect(await optedOut(D)).toBe(false);

		expect((await book(A, ana)).sms).toMatchObject({
			status: 'skipped',
			reason: 'The contact replied STOP and has opted out of texts',
		});
		expect((await book(B, ana)).sms).toMatchObject({ status: 'sent' });
		expect(textsFrom(A)).toHaveLength(1);
		expect(textsFrom(B)).toHaveLength(2);
	});

	it("never shows one clinic's statistics, conversations, templates or manual tasks in another's Inbox", async () => {
		await (await storeOf(A)).templates.save('sms', 'Glow spring offer', 'Spring at Glow!');
		await stack.trigger(`${A.path}-consultation`, {
			contact: { first_name: 'Zoe', last_name: 'Quinn', phone: '+15557770002' },
		});
		const task = await pendingTaskFor(await storeOf(A), '+15557770002');

		const maya = new Visitor(() => inbox(A));
		await maya.signIn('maya@glow-aesthetics.test', PASSWORD);
		const ben = new Visitor(() => inbox(B));
		await ben.signIn('ben@radiance.test', PASSWORD);
		const pages = {
			queue: '',
			statistics: '/statistics',
			conversations: '/contacts?q=Zoe',
			templates: '/templates',
		};
		// What A's own admin sees, so that B's page not showing it means something.
		const own = Object.fromEntries(
			await Promise.all(
				Object.entries(pages).map(async ([name, route]) => [
					name,
					(await maya.fetch(`${inbox(A)}${route}`)).text,
				]),
			),
		);
		expect(own.queue).toContain(`data-task="${task.id}"`);
		expect(own.statistics).toContain(idFor(A, 'Booking'));
		expect(own.conversations).toContain('Zoe Quinn');
		expect(own.templates).toContain('Glow spring offer');

		const other = Object.fromEntries(
			await Promise.all(
				Object.entries(pages).map(async ([name, route]) => [
					name,
					(await ben.fetch(`${inbox(B)}${route}`)).text,
				]),
			),
		);
		expect(other.queue).not.toContain('data-task=');
		expect(other.statistics).toContain(idFor(B, 'Booking'));
		expect(other.statistics).not.toContain(idFor(A, 'Booking'));
		expect(other.conversations).not.toContain('Zoe Quinn');
		expect(other.templates).not.toContain('Glow spring offer');
		expect((await ben.fetch(`${inbox(B)}/task?id=${task.id}`)).status).toBe(404);
	});

	it("changes nothing when one clinic's callback reaches another clinic's endpoint, forged or misrouted", async () => {
		const contact = {
			first_name: 'Nia',
			phone: '+15557770003',
			timezone: zoneAtLocalHour(12),
		};
		for (const c of [A, B]) {
			const res = await stack.trigger(`${c.path}-call`, {
				contact,
				appointment: { start_time: '2026-12-01T15:00:00Z' },
			});
			expect(res.status).toBe(200);
			await eventually(
				async () =>
					expect((await stack.host.lastExecution(idFor(c, 'Call'))).status).toBe('success'),
				60_000,
			);
		}
		const rows = async (c: Clinic) => ({
			calls: await (await storeOf(c)).db.all('SELECT * FROM voice_calls ORDER BY id'),
			records: await (await storeOf(c)).db.all('SELECT * FROM delivery_records ORDER BY id'),
			conversations: await (
				await storeOf(c)
			).db.all('SELECT * FROM conversation_messages ORDER BY id'),
		});
		const before = { a: await rows(A), b: await rows(B) };
		// Both clinics' first call has the id 1 in its own schema: the id alone must not decide.
		expect([before.a.calls[0].id, before.b.calls[0].id].map(Number)).toEqual([1, 1]);

		const aCallback = stack.twilio.callbacks.find(
			(cb: { url: string }) =>
				cb.url.startsWith(url(A, 'twilio/voice/status')) && cb.url.includes('leg=user'),
		);
		const token = stack.twilio.authToken;
		const post = (target: string, params: Record<string, string>, signedFor = target) =>
			fetch(target, {
				method: 'POST',
				headers: {
					'content-type': 'application/x-www-form-urlencoded',
					'x-twilio-signature': twilioSignature(token, signedFor, params),
				},
				body: new URLSearchParams(params).toString(),
			});
		const atB = aCallback.url.replace(`/${A.path}/`, `/${B.path}/`);
		// A's callback replayed to B's path keeps A's signature, which does not fit B's URL.
		expect((await post(atB, aCallback.params, aCallback.url)).status).toBe(403);
		// Signed for B's URL (one Twilio account for both clinics), still carrying A's call.
		const misrouted = await post(atB, {
			...aCallback.params,
			CallDuration: '999',
			CallStatus: 'busy',
		});
		expect(misrouted.status).toBeLessThan(300);

		const aText = textsFrom(A)[0];
		const status = await post(url(B, 'twilio/status'), {
			AccountSid: stack.twilio.accountSid,
			MessageSid: aText.sid,
			MessageStatus: 'failed',
			ErrorCode: '30003',
			To: aText.to,
			From: A.number,
		});
		expect(status.status).toBeLessThan(300);
		// A's tracked link opened at B's address is not B's to follow.
		const link = /https?:\/\/\S+\/c\?t=[\w.-]+/.exec(aText.body)![0];
		expect((await fetch(link, { redirect: 'manual' })).status).toBe(302);
		const atBLink = link.replace(`/${A.path}/`, `/${B.path}/`);
		expect((await fetch(atBLink, { redirect: 'manual' })).status).toBe(404);

		const after = { a: await rows(A), b: await rows(B) };
		expect(after.b).toEqual(before.b);
		expect({ ...after.a, records: undefined }).toEqual({ ...before.a, records: undefined });
		// A's own click was recorded on A's text; nothing else of A's changed.
		expect(after.a.records.map((r) => ({ ...r, clicked_at: null, updated_at: null }))).toEqual(
			before.a.records.map((r) => ({ ...r, clicked_at: null, updated_at: null })),
		);
	});

	it("erases a patient in one clinic and leaves the same patient's contact in another clinic as it was", async () => {
		const a = await storeOf(A);
		const b = await storeOf(B);
		const phone = '+15557770001';
		const inA = await a.contacts.findByEmailOrPhone(null, phone);
		const inB = await b.contacts.findByEmailOrPhone(null, phone);
		const bConversation = await b.conversations.forContact(inB!.id);
		expect(bConversation.length).toBeGreaterThan(0);

		const res = await stack.trigger(`${A.path}-erase`, { contactId: inA!.id });
		expect(res.status).toBe(200);
		expect(await a.contacts.findByEmailOrPhone(null, phone)).toBeUndefined();
		expect(await b.contacts.findByEmailOrPhone(null, phone)).toEqual(inB);
		expect(await b.conversations.forContact(inB!.id)).toEqual(bConversation);
	});
});

describe('the agency view', () => {
	beforeAll(async () => {
		// Clinic C sends three confirmations and one of them is reported as spam.
		for (const n of [1, 2, 3])
			await book(C, {
				first_name: `Guest ${n}`,
				email: `guest${n}@example.com`,
				phone: `+1555777010${n}`,
			});
		const mail = await eventually(() => {
			const found = stack.smtp.messages.find(
				(m: { envelope: { to: string[] }; from: { text: string } }) =>
					m.envelope.to[0] === 'guest1@example.com',
			);
			if (!found) throw new Error('not there yet');
			return found;
		});
		const complained = await mailgun.post(
			url(C, 'email/mailgun/events'),
			mailgun.event(mail, 'complained'),
		);
		expect(complained.status).toBe(200);
	});

	async function ownerPage(viewport: { width: number; height: number }): Promise<Page> {
		const context = await browser.newContext({
			viewport,
			isMobile: viewport.width < 640,
			hasTouch: viewport.width < 640,
		});
		const page = await context.newPage();
		await page.goto(agencyUrl());
		expect(page.url()).toBe(`${agencyUrl()}/login`);
		await page.fill('input[name=email]', OWNER.email);
		await page.fill('input[name=password]', OWNER.password);
		await page.click('button:has-text("Sign in")');
		await page.waitForURL(agencyUrl());
		return page;
	}

	it("signs in the agency owner only, not a clinic's team user, under the Inbox's CSP", async () => {
		const teamMember = new Visitor(agencyUrl);
		const refused = await teamMember.signIn('maya@glow-aesthetics.test', PASSWORD);
		expect(refused.status).toBe(401);
		expect(refused.text).toContain('That email and password are not the agency owner');
		const owner = new Visitor(agencyUrl);
		const signedIn = await owner.signIn(OWNER.email, OWNER.password);
		expect(signedIn.status).toBe(303);
		const page = await owner.fetch(agencyUrl());
		expect(page.status).toBe(200);
		const inboxPage = await fetch(`${inbox(A)}/login`);
		expect(page.headers.get('content-security-policy')).toBe(
			inboxPage.headers.get('content-security-policy'),
		);
		expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
		expect(page.headers.get('x-frame-options')).toBe('DENY');
		// The owner's session opens no clinic's Inbox.
		const token = /aesthetix_agency=([^;]+)/.exec(signedIn.headers.getSetCookie().join('\n'))![1];
		const carried = await fetch(inbox(A), {
			redirect: 'manual',
			headers: { cookie: `aesthetix_inbox=${token}; aesthetix_agency=${token}` },
		});
		expect(carried.headers.get('location')).toBe(`/webhook/${A.path}/inbox/login`);
	});

	it("lists every clinic of the database with its morning figures, flags a complaint rate above 0.3 %, and links into each clinic's Inbox", async () => {
		const page = await ownerPage({ width: 1280, height: 800 });
		const cell = (c: Clinic, stat: string) =>
			page.textContent(`tr[data-schema="${c.schema}"] td[data-stat="${stat}"]`);
		expect(
			await page
				.locator('tr.clinic-row')
				.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-schema'))),
		).toEqual(['clinic_a', 'clinic_c', 'clinic_b']);
		await expect(cell(A, 'Emails sent')).resolves.toBe('2');
		await expect(cell(A, 'Texts delivered')).resolves.toBe('1');
		await expect(cell(A, 'Calls connected')).resolves.toBe('1');
		await expect(cell(A, 'Tasks waiting')).resolves.toBe('1');
		await expect(cell(B, 'Emails sent')).resolves.toBe('2');
		await expect(cell(B, 'Texts delivered')).resolves.toBe('2');
		await expect(cell(B, 'Tasks waiting')).resolves.toBe('0');
		await expect(cell(C, 'Emails sent')).resolves.toBe('3');
		await expect(cell(C, 'Complained')).resolves.toBe('1');
		await expect(page.textContent(`tr[data-schema="clinic_c"] td.complaints`)).resolves.toBe(
			'33.33 % · above 0.3 %',
		);
		await expect(page.textContent(`tr[data-schema="clinic_a"] td.complaints`)).resolves.toBe('0 %');
		// Every column, the last included, fits a desktop screen without scrolling sideways.
		const last = await page
			.locator(`tr[data-schema="clinic_c"] td[data-stat="Tasks waiting"]`)
			.boundingBox();
		expect(last!.x + last!.width).toBeLessThanOrEqual(1280);
		await page.screenshot({ path: join(shots, 'desktop-agency.png'), fullPage: true });

		await page.click(`tr[data-schema="clinic_b"] a:has-text("Open Inbox")`);
		expect(page.url()).toBe(`${inbox(B)}/login`);
		await page.fill('input[name=email]', 'ben@radiance.test');
		await page.fill('input[name=password]', PASSWORD);
		await page.click('button:has-text("Sign in")');
		await page.waitForURL(inbox(B));
	});

	it('shows each clinic as a card at phone size', async () => {
		const page = await ownerPage({ width: 390, height: 844 });
		const row = page.locator('tr[data-schema="clinic_c"]');
		await expect(row.locator('td.clinic strong').textContent()).resolves.toBe(C.name);
		const box = await row.boundingBox();
		expect(box!.width).toBeLessThanOrEqual(390);
		await expect(row.locator('a:has-text("Open Inbox")').isVisible()).resolves.toBe(true);
		await page.screenshot({ path: join(shots, 'phone-agency.png'), fullPage: true });
	});
});

describe('a clinic added to the running n8n', () => {
	it('works without a restart: its endpoint answers, its team signs in, and the agency view lists it', async () => {
		const host = stack.host;
		for (const credential of [workspaceCredential(E), twilioCredentialOf(E, stack.twilio)]) {
			await host.rest('/credentials', {
				method: 'POST',
				body: { name: credential.name, type: credential.type, data: credential.data },
			});
		}
		const saved = await host.rest('/credentials?includeData=false');
		const idOf = (name: string) => saved.data.find((c: { name: string }) => c.name === name).id;
		const workflow = endpoint(E);
		workflow.nodes[0].credentials = {
			aesthetixWorkspaceApi: { id: idOf(`${E.name} workspace`), name: `${E.name} workspace` },
			aesthetixTwilioApi: { id: idOf(`${E.name} Twilio`), name: `${E.name} Twilio` },
		};
		const created = await host.rest('/workflows', {
			method: 'POST',
			body: {
				name: workflow.name,
				nodes: workflow.nodes,
				connections: {},
				settings: workflow.settings,
			},
		});
		await host.publish([created.data.id]);
		await untilRegistered(host, `${E.path}/inbox/template`);
		expect((await fetch(`${inbox(E)}/login`)).status).toBe(200);

		await teamUser(E, 'Eli Park', 'eli@serene.test');
		expect((await new Visitor(() => inbox(E)).signIn('eli@serene.test', PASSWORD)).status).toBe(
			303,
		);
		const owner = new Visitor(agencyUrl);
		await owner.signIn(OWNER.email, OWNER.password);
		const page = await owner.fetch(agencyUrl());
		expect(page.text).toContain(`data-schema="${E.schema}"`);
		expect(page.text).toContain(`href="/webhook/${E.path}/inbox"`);
	});
});
