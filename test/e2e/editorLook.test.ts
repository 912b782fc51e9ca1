/**
 * What n8n's editor loads from the installed package, read from a real n8n host the way the editor
 * reads it: the node and credential types (/types/*.json after login), each one's icon at its
 * /icons/ URL, light and dark, the credential selectors' labels, and the output schemas behind
 * "Usually outputs the following fields" (/schemas/...), checked against what Send Email, Send SMS
 * and Call really output.
 */
import Ajv from 'ajv';

const { startStack, exampleWorkflow, CREDENTIAL_IDS } = require('../support/stack');
const { webhookWorkflow, eventually } = require('../support/workflows');
const { zoneAtLocalHour } = require('../support/timeZones');

jest.setTimeout(300_000);

type Stack = Awaited<ReturnType<typeof startStack>>;
type Themed = { light: string; dark: string };
type NodeType = {
	name: string;
	displayName: string;
	version: number | number[];
	iconUrl?: Themed | string;
	credentials?: Array<{ name: string; displayName?: string }>;
};
type CredentialType = { name: string; iconUrl?: Themed | string };
type Item = Record<string, unknown>;

const PACKAGE = 'n8n-nodes-aesthetix';
const NODES = [
	'sendEmail',
	'sendSms',
	'slack',
	'internalNotification',
	'manualActionSms',
	'manualActionCall',
	'manualActions',
	'call',
	'voicemail',
	'workspace',
	'workspaceEndpoint',
	'inboundWebhookTrigger',
	'logExternalCall',
	'reviewRequest',
];
const CREDENTIALS = [
	'aesthetixSmtpApi',
	'aesthetixTwilioApi',
	'aesthetixSlackApi',
	'aesthetixWorkspaceApi',
	'aesthetixInboundWebhookApi',
	'aesthetixEmailEventsApi',
	'aesthetixAiModelApi',
];
// Every action node ships the schema of its output, Manual Actions one per operation and Workspace
// one for each operation that outputs a template, a contact, a message or a team user; the two
// triggers start workflows, and n8n shows no preview for triggers.
const WITH_SCHEMA = [
	'sendEmail',
	'sendSms',
	'slack',
	'internalNotification',
	// Version 1.1 (WhatsApp Template Variables from the template) outputs what version 1 does.
	'internalNotification/1.1.0',
	'manualActionSms',
	'manualActionCall',
	'call',
	'voicemail',
	'logExternalCall',
	'reviewRequest',
	'manualActions/1.0.0/get',
	'manualActions/1.0.0/getAll',
	'manualActions/1.0.0/reassign',
	'manualActions/1.0.0/complete',
	'manualActions/1.0.0/delete',
	'workspace/1.0.0/template/save',
	'workspace/1.0.0/template/get',
	'workspace/1.0.0/template/getAll',
	'workspace/1.0.0/template/delete',
	'workspace/1.0.0/contact/findOrCreate',
	'workspace/1.0.0/contact/update',
	'workspace/1.0.0/contact/getConversation',
	'workspace/1.0.0/teamUser/create',
	'workspace/1.0.0/teamUser/update',
	'workspace/1.0.0/teamUser/deactivate',
	'workspace/1.0.0/teamUser/getAll',
	'workspace/1.0.0/teamUser/import',
];

const MAYA = '+15550002001';
const workspaceRef = { id: CREDENTIAL_IDS.workspace, name: 'Glow Med Spa workspace' };
const reminder = exampleWorkflow('appointment-call-reminder.json');
const workflows = [
	exampleWorkflow('workspace-endpoint.json'),
	reminder,
	webhookWorkflow('aeLookEmail00001', 'look-email', {
		name: 'Send Email',
		type: `${PACKAGE}.sendEmail`,
		parameters: {
			contact: '={{ $json.body.contact }}',
			fromEmail: 'hello@glowmedspa.test',
			subject: 'Your visit, {{contact.first_name}}',
			message: 'Hi {{contact.first_name}}, see you at {{company.name}}. Parking: https://glowmedspa.test/parking',
			copies: { cc: 'frontdesk@glowmedspa.test' },
		},
		credentials: { aesthetixSmtpApi: { id: CREDENTIAL_IDS.smtp, name: 'Local SMTP' }, aesthetixWorkspaceApi: workspaceRef },
	}),
	webhookWorkflow('aeLookSms0000001', 'look-sms', {
		name: 'Send SMS',
		type: `${PACKAGE}.sendSms`,
		parameters: { contact: '={{ $json.body.contact }}', message: 'Hi {{contact.first_name}}, your {{contact.missing_field}}visit is confirmed.' },
		credentials: { aesthetixTwilioApi: { id: CREDENTIAL_IDS.twilio, name: 'Local Twilio' }, aesthetixWorkspaceApi: workspaceRef },
	}),
	...[
		['get', 'aeLookTaskGet001'],
		['getAll', 'aeLookTaskMany01'],
	].map(([operation, id]) =>
		webhookWorkflow(id, `look-tasks-${operation.toLowerCase()}`, {
			name: 'Manual Actions',
			type: `${PACKAGE}.manualActions`,
			parameters: { operation, taskId: '={{ $json.body.id }}', filters: {} },
			credentials: { aesthetixWorkspaceApi: workspaceRef },
		}),
	),
	webhookWorkflow('aeLookTemplate01', 'look-template', {
		name: 'Workspace',
		type: `${PACKAGE}.workspace`,
		parameters: { resource: 'template', operation: 'save', kind: 'email', name: 'Welcome', subject: 'Welcome, {{contact.first_name}}', body: 'Hi!' },
		credentials: { aesthetixWorkspaceApi: workspaceRef },
	}),
	webhookWorkflow('aeLookContact001', 'look-contact', {
		name: 'Workspace',
		type: `${PACKAGE}.workspace`,
		parameters: { resource: 'contact', operation: 'findOrCreate', email: '={{ $json.body.email }}', firstName: 'Rosa', assignedUser: 'maya@glowmedspa.test' },
		credentials: { aesthetixWorkspaceApi: workspaceRef },
	}),
	webhookWorkflow('aeLookTeamUser01', 'look-team-user', {
		name: 'Workspace',
		type: `${PACKAGE}.workspace`,
		parameters: { resource: 'teamUser', operation: 'create', userName: 'Noor Patel' },
		credentials: { aesthetixWorkspaceApi: workspaceRef },
	}),
];

let stack: Stack;
let nodeTypes: NodeType[];
let credentialTypes: CredentialType[];
let taskId: number;

/** An authenticated GET, as the editor makes it with its session cookie. */
async function get(path: string) {
	const res = await fetch(`${stack.host.baseUrl}/${path.replace(/^\//, '')}`, { headers: { cookie: await stack.host.session() } });
	return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
}

const themed = (url: Themed | string | undefined): Themed => {
	expect(url).toMatchObject({ light: expect.any(String), dark: expect.any(String) });
	return url as Themed;
};
const nodeType = (name: string) => nodeTypes.find((t) => t.name === `${PACKAGE}.${name}`)!;

/** The icon at the URL the editor renders, checked to be an SVG drawing. */
async function svgAt(url: string): Promise<string> {
	const res = await get(url);
	expect({ url, status: res.status }).toEqual({ url, status: 200 });
	expect(res.type).toContain('image/svg+xml');
	expect(res.body).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]* viewBox="0 0 64 64"[^>]*>[\s\S]*<\/svg>\s*$/);
	return res.body;
}

/** `name` is a node's name, or for a node with operations `name/version/operation`. */
async function servedSchema(name: string) {
	const res = await get(`/schemas/${PACKAGE}.${name.includes('/') ? name : `${name}/1.0.0`}.json`);
	expect({ name, status: res.status }).toEqual({ name, status: 200 });
	return JSON.parse(res.body);
}

/** Validates every output item against the schema the host serves for the node. */
async function expectMatchesSchema(name: string, items: Item[]) {
	const validate = new Ajv({ allErrors: true, strict: false }).compile(await servedSchema(name));
	expect(items.length).toBeGreaterThan(0);
	for (const item of items) {
		validate(item);
		expect({ item, errors: validate.errors ?? [] }).toEqual({ item, errors: [] });
	}
}

beforeAll(async () => {
	stack = await startStack({ name: 'editor-look', port: 5811, workflows });
	const store = await stack.openWorkspace();
	const maya = await store.teamUsers.create({ name: 'Maya Lopez', email: 'maya@glowmedspa.test', phone: MAYA, role: 'provider' });
	const jane = await store.contacts.findOrCreate({ first_name: 'Jane', phone: '+15554440100' });
	// A task as a Manual Action SMS leaves it in the queue, waiting on an execution elsewhere.
	const task = await store.manualTasks.create({
		type: 'sms',
		contact_id: jane.id,
		assignee_user_id: maya.id,
		assignment: 'contact_owner',
		action_name: 'Follow-Up Text',
		workflow_id: 'wfElsewhere',
		node_id: 'n1',
		execution_id: '999',
		original_execution_id: '999',
		item_index: 0,
		resume_url: `${stack.host.baseUrl}/webhook-waiting/999/n1`,
		message: 'Hi Jane, how did your treatment go?',
		send_to: null,
	});
	taskId = task.id;
	await store.close();
	nodeTypes = JSON.parse((await get('/types/nodes.json')).body);
	credentialTypes = JSON.parse((await get('/types/credentials.json')).body);
});

afterAll(async () => {
	await stack?.stop();
});

describe('icons', () => {
	it('every node has its own icon, served by the host in a light and a dark version', async () => {
		const light = new Map<string, string>();
		const dark = new Map<string, string>();
		for (const name of NODES) {
			const urls = themed(nodeType(name)?.iconUrl);
			expect(urls.light).not.toBe(urls.dark);
			light.set(name, await svgAt(urls.light));
			dark.set(name, await svgAt(urls.dark));
			expect(light.get(name)).not.toBe(dark.get(name));
		}
		// No two nodes look the same, in either theme.
		expect(new Set(light.values()).size).toBe(NODES.length);
		expect(new Set(dark.values()).size).toBe(NODES.length);
	});

	it('every credential has a light and a dark icon the host serves', async () => {
		for (const name of CREDENTIALS) {
			const type = credentialTypes.find((t) => t.name === name);
			const urls = themed(type?.iconUrl);
			expect(await svgAt(urls.light)).not.toBe(await svgAt(urls.dark));
		}
	});

	it('the icon the package used to share by every node is gone', async () => {
		const urls = nodeTypes.filter((t) => t.name.startsWith(`${PACKAGE}.`)).flatMap((t) => Object.values(themed(t.iconUrl)));
		expect(urls.filter((u) => u.includes('aesthetix.svg') || u.includes('aesthetix.dark.svg'))).toEqual([]);
	});
});

describe('credential selectors', () => {
	it('are labelled by what they connect, not "Credential"', () => {
		const labels = (name: string) => Object.fromEntries((nodeType(name).credentials ?? []).map((c) => [c.name, c.displayName]));
		expect(labels('sendSms')).toEqual({ aesthetixTwilioApi: 'Twilio Account', aesthetixWorkspaceApi: 'Workspace' });
		expect(labels('sendEmail')).toEqual({ aesthetixSmtpApi: 'Email Account (SMTP)', aesthetixWorkspaceApi: 'Workspace' });
		expect(labels('slack')).toEqual({ aesthetixSlackApi: 'Slack Account', aesthetixWorkspaceApi: 'Workspace' });
		for (const name of NODES) {
			for (const credential of nodeType(name).credentials ?? []) expect({ name, credential }).toEqual({ name, credential: expect.objectContaining({ displayName: expect.any(String) }) });
		}
	});
});

describe('output schemas', () => {
	it('the host serves a schema the editor can preview for every action node', async () => {
		for (const name of WITH_SCHEMA) {
			const schema = await servedSchema(name);
			// The editor's own test before it shows a preview: a type and at least one property.
			expect(schema.type).toBe('object');
			expect(Object.keys(schema.properties).length).toBeGreaterThan(0);
		}
	});

	it("Send Email's output matches its schema", async () => {
		const { status, json } = await stack.trigger('look-email', { contact: { first_name: 'Jane', email: 'jane@example.test' } });
		expect(status).toBe(200);
		expect(json[0].email).toMatchObject({ status: 'accepted', to: 'jane@example.test', cc: ['frontdesk@glowmedspa.test'] });
		await expectMatchesSchema('sendEmail', json);
	});

	it("Send SMS's output matches its schema, blank custom values included", async () => {
		const { status, json } = await stack.trigger('look-sms', { contact: { first_name: 'Ana', phone: '+15554440101' } });
		expect(status).toBe(200);
		expect(json[0].sms).toMatchObject({ status: 'sent', to: '+15554440101', blank_merge_fields: ['contact.missing_field'] });
		await expectMatchesSchema('sendSms', json);
	});

	it("Manual Actions' Get and Get Many outputs match their operations' schemas", async () => {
		for (const operation of ['get', 'getAll']) {
			const { status, json } = await stack.trigger(`look-tasks-${operation.toLowerCase()}`, { id: taskId });
			expect(status).toBe(200);
			expect(json[0]).toMatchObject({ id: taskId, type: 'sms', status: 'pending', action_name: 'Follow-Up Text' });
			expect(json[0]).not.toHaveProperty('resume_url');
			await expectMatchesSchema(`manualActions/1.0.0/${operation}`, json);
		}
	});

	it("Workspace's template and team user Create or Update and contact Find or Create outputs match their schemas", async () => {
		const template = await stack.trigger('look-template', {});
		expect(template.json[0]).toMatchObject({ kind: 'email', name: 'Welcome', subject: 'Welcome, {{contact.first_name}}', body: 'Hi!' });
		await expectMatchesSchema('workspace/1.0.0/template/save', template.json);
		const contact = await stack.trigger('look-contact', { email: 'rosa@example.test' });
		expect(contact.json[0]).toMatchObject({ email: 'rosa@example.test', first_name: 'Rosa', assigned_user_id: expect.any(Number) });
		await expectMatchesSchema('workspace/1.0.0/contact/findOrCreate', contact.json);
		const user = await stack.trigger('look-team-user', {});
		expect(user.json[0]).toMatchObject({ name: 'Noor Patel', active: true });
		await expectMatchesSchema('workspace/1.0.0/teamUser/create', user.json);
	});

	it("Call's output after a bridged call matches its schema", async () => {
		const phone = '+15554440102';
		stack.twilio.voice.answerAs(MAYA, { pressAfter: 1, talkSeconds: 60 });
		stack.twilio.voice.answerAs(phone, { talkSeconds: 20 });
		const before = await stack.host.lastExecutionId(reminder.id);
		const body = {
			contact: { first_name: 'Lia', phone, assigned_user: 'maya@glowmedspa.test', timezone: zoneAtLocalHour(12) },
			appointment: { start_time: '2026-12-01T15:00:00Z' },
		};
		expect((await stack.trigger('appointment-confirmed', body)).status).toBe(200);
		const execution = await eventually(async () => {
			const found = await stack.host.lastExecution(reminder.id, { after: before });
			expect(found.status).toBe('success');
			return found;
		}, 60_000);
		const items = execution.data.resultData.runData['Appointment Call Reminder'].at(-1).data.main[0].map((i: { json: Item }) => i.json);
		expect(items[0].call).toMatchObject({ status: 'completed', outcome: 'connected', routed_to: 'assigned_user' });
		await expectMatchesSchema('call', items);
	});
});
