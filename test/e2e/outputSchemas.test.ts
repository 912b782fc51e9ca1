/**
 * The output schemas behind "Usually outputs the following fields", read from a real n8n host at the
 * URL n8n's editor builds for a node on the canvas (its typeVersion padded to x.y.z, then its
 * resource and operation), for every version of every node and every operation; and every one of
 * them checked with ajv (strict) against what the node really output in the host, run against the
 * doubles. Last, the preview itself in the editor, in Chromium, for a Send SMS at version 1.1 that
 * has never run.
 */
import Ajv from 'ajv';
import type { Browser } from 'playwright-core';
import {
	launchChromium,
	openNode,
	openWorkflow,
	screenshot,
	signedInEditor,
} from '../support/editorBrowser';
import { serveAudioFiles } from '../support/audioFiles';
import type { WorkspaceStore } from '../../core/store/workspaceStore';

const { startStack, exampleWorkflow, variant, CREDENTIAL_IDS } = require('../support/stack');
const { eventually, pendingTaskFor } = require('../support/workflows');
const { zoneAtLocalHour } = require('../support/timeZones');

jest.setTimeout(600_000);

type Stack = Awaited<ReturnType<typeof startStack>>;
type Json = Record<string, unknown>;
type Node = { name: string; type: string; typeVersion: number; parameters: Json } & Json;
type Workflow = { id: string; nodes: Node[]; connections: Json } & Json;
type NodeType = {
	name: string;
	group: string[];
	outputs?: unknown[];
	version: number | number[];
	properties: Array<Json & { name: string; options?: Array<{ value: unknown }> }>;
};
type Execution = {
	status: string;
	data: {
		resultData: {
			error?: { message: string };
			runData: Record<string, Array<{ data?: { main: Array<Array<{ json: Json }>> } }>>;
		};
	};
};

const PACKAGE = 'n8n-nodes-aesthetix';
const WORKSPACE = {
	aesthetixWorkspaceApi: { id: CREDENTIAL_IDS.workspace, name: 'Glow Med Spa workspace' },
};
const TWILIO = {
	aesthetixTwilioApi: { id: CREDENTIAL_IDS.twilio, name: 'Local Twilio' },
	...WORKSPACE,
};
const SMTP = { aesthetixSmtpApi: { id: CREDENTIAL_IDS.smtp, name: 'Local SMTP' }, ...WORKSPACE };
const SLACK = {
	aesthetixSlackApi: { id: CREDENTIAL_IDS.slack, name: 'Local Slack' },
	...WORKSPACE,
};
const CHANNELS = { ...SMTP, ...TWILIO };
const MAYA = '+15550002001';

/** The editor's schema URL for a node: `schemas/<type>/<x.y.z>[/<resource>][/<operation>].json`. */
const padVersion = (version: number) =>
	String(version).split('.').concat(['0', '0']).slice(0, 3).join('.');
const schemaPath = (type: string, version: number, resource?: unknown, operation?: unknown) =>
	`/${['schemas', type, padVersion(version), resource, operation].filter(Boolean).join('/')}.json`;
/** What a schema describes, whatever the version: a node type and, where it has them, a resource and an operation. */
const shapeOf = (type: string, resource?: unknown, operation?: unknown) =>
	[type, resource, operation].filter(Boolean).join(' ');

let position = 0;
/** One step of a chain: runs once whatever the items before it, so each operation gives one output to check. */
function step(
	name: string,
	type: string,
	typeVersion: number,
	parameters: Json,
	credentials: Json = WORKSPACE,
): Node {
	position += 1;
	return {
		id: `schema-step-${position}`,
		name,
		type: `${PACKAGE}.${type}`,
		typeVersion,
		position: [position * 200, 0],
		executeOnce: true,
		parameters,
		credentials,
	};
}
const workspace = (
	name: string,
	resource: string,
	operation: string,
	parameters: Json = {},
	typeVersion = 1.1,
) => step(name, 'workspace', typeVersion, { resource, operation, ...parameters });

/** A webhook (answering at once) followed by the steps in order. */
function chain(id: string, path: string, steps: Node[]): Workflow {
	const hook = {
		id: `${id}-hook`,
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId: `5c1d2e3f-4a5b-4c6d-8e7f-${id.slice(-12).toLowerCase().padStart(12, '0')}`,
		parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
	} as unknown as Node;
	const nodes = [hook, ...steps];
	const connections = Object.fromEntries(
		nodes
			.slice(0, -1)
			.map((node, i) => [
				node.name,
				{ main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] },
			]),
	);
	return { id, name: id, active: false, settings: { executionOrder: 'v1' }, nodes, connections };
}

const body = "$('Webhook').first().json.body";
const idOf = (node: string) => `={{ $('${node}').first().json.id }}`;

/** Every Workspace operation, in an order where each finds what it needs, with Send SMS and Slack giving Get Conversation, Statistics and Premium Usage something to report. */
const workspaceChain = chain('aeSchemaWorkspce', 'schema-workspace', [
	workspace('Set Reputation', 'settings', 'setReputation', {
		reviewLink: 'https://g.page/r/glow/review',
		enabled: true,
		senderEmail: 'hello@glowmedspa.test',
	}),
	workspace('Get Reputation', 'settings', 'getReputation'),
	workspace('Set Premium', 'settings', 'setPremium', { premiumEnabled: true }),
	workspace('Create Team User', 'teamUser', 'create', {
		userName: 'Noor Patel',
		email: 'noor@glowmedspa.test',
		additionalFields: { phone: '+15550003001', role: 'provider' },
	}),
	workspace(
		'Create Team User v1',
		'teamUser',
		'create',
		{ userName: 'Pia Berg', additionalFields: { email: 'pia@glowmedspa.test' } },
		1,
	),
	workspace('Import Team', 'teamUser', 'import', {
		users: '={{ [{ name: "Omar Ali", email: "omar@glowmedspa.test", role: "coordinator" }] }}',
	}),
	workspace('Update Team User', 'teamUser', 'update', {
		userId: idOf('Create Team User'),
		updateFields: { team: 'Treatment' },
	}),
	workspace('Get Team Users', 'teamUser', 'getAll'),
	workspace('Password Link', 'teamUser', 'passwordLink', {
		userId: idOf('Create Team User'),
		expiresAfterHours: 24,
	}),
	workspace('Deactivate Team User', 'teamUser', 'deactivate', { userId: idOf('Import Team') }),
	workspace('Activate Team User', 'teamUser', 'activate', {
		userId: idOf('Import Team'),
		email: 'omar@glowmedspa.test',
	}),
	workspace('Delete Team User', 'teamUser', 'delete', { userId: 'omar@glowmedspa.test' }),
	workspace('Save Template', 'template', 'save', {
		kind: 'sms',
		name: 'Reminder',
		body: 'Hi {{contact.first_name}}, see you soon.',
	}),
	workspace('Get Template', 'template', 'get', { templateId: idOf('Save Template') }),
	workspace('Get Templates', 'template', 'getAll', { kind: 'sms' }),
	workspace('Delete Template', 'template', 'delete', { templateId: idOf('Save Template') }),
	workspace('Find or Create Contact', 'contact', 'findOrCreate', {
		email: 'rosa@example.test',
		phone: '+15554440200',
		firstName: 'Rosa',
		assignedUser: 'noor@glowmedspa.test',
	}),
	workspace('Update Contact', 'contact', 'update', {
		contactId: idOf('Find or Create Contact'),
		updateFields: { last_name: 'Diaz', dnd_calls: true },
	}),
	workspace('Get Consent', 'contact', 'getConsent', { contactId: idOf('Find or Create Contact') }),
	step(
		'Send SMS',
		'sendSms',
		1.1,
		{
			contact: "={{ $('Update Contact').first().json }}",
			message: 'Hi {{contact.first_name}}, your visit is confirmed.',
			callingHours: 'off',
		},
		TWILIO,
	),
	workspace('Get Conversation', 'contact', 'getConversation', {
		contactId: idOf('Find or Create Contact'),
	}),
	workspace('Action Statistics', 'statistics', 'get', {
		workflowId: '={{ $workflow.id }}',
		actionName: 'Send SMS',
		includeRecipients: true,
	}),
	step(
		'Slack',
		'slack',
		1,
		{
			contact: "={{ $('Update Contact').first().json }}",
			event: 'publicChannel',
			channel: { __rl: true, mode: 'id', value: 'CFRONTDESK' },
			message: 'New lead: {{contact.first_name}}',
		},
		SLACK,
	),
	workspace('Premium Usage', 'settings', 'getPremiumUsage', { per: 'day' }),
	workspace('Delete Contact', 'contact', 'delete', { contactId: idOf('Find or Create Contact') }),
]);

const notify = (name: string, type: string, parameters: Json) =>
	step(
		name,
		'internalNotification',
		1,
		{ type, contact: `={{ ${body}.contact }}`, toUserType: ['allUsers'], ...parameters },
		CHANNELS,
	);
/** The actions that answer at once, each with the contact posted to the webhook. */
const actionsChain = chain('aeSchemaActions1', 'schema-actions', [
	step(
		'Send Email',
		'sendEmail',
		1,
		{
			contact: `={{ ${body}.contact }}`,
			fromEmail: 'hello@glowmedspa.test',
			subject: 'Your visit, {{contact.first_name}}',
			message: 'Hi {{contact.first_name}}, see you at {{company.name}}.',
			copies: { cc: 'frontdesk@glowmedspa.test' },
		},
		SMTP,
	),
	step(
		'Send SMS v1',
		'sendSms',
		1,
		{
			contact: `={{ ${body}.contact }}`,
			message: 'Hi {{contact.first_name}}, your {{contact.missing_field}}visit is confirmed.',
		},
		TWILIO,
	),
	notify('Notify by Email', 'email', {
		fromEmail: 'alerts@glowmedspa.test',
		subject: 'New lead: {{contact.first_name}}',
		message: '<p>{{contact.first_name}} needs a call.</p>',
	}),
	notify('Notify In-App', 'inApp', { title: 'Lead {{contact.first_name}}', message: 'Call them' }),
	notify('Notify by SMS', 'sms', { message: 'New lead {{contact.first_name}}' }),
	notify('Notify on WhatsApp', 'whatsapp', {
		contentSid: { __rl: true, mode: 'id', value: 'HX' + 'c'.repeat(32) },
		contentVariables: { variable: [{ key: '1', value: '{{contact.first_name}}' }] },
	}),
	step(
		'Review Request',
		'reviewRequest',
		1,
		{ contact: `={{ ${body}.contact }}`, reviewType: 'email' },
		SMTP,
	),
	step('Log External Call', 'logExternalCall', 1, {
		direction: 'outbound',
		date: '2026-11-20T15:00:00Z',
		to: `={{ ${body}.contact.phone }}`,
		from: MAYA,
		callStatus: 'completed',
		attachment: '',
		additionalFields: { durationSeconds: 95, notes: 'Booked a follow-up' },
	}),
]);

/** The examples at version 1, as older workflows keep them, and at 1.1 (today's), for the actions that wait. */
const atVersion1 = (workflow: Workflow) => {
	for (const node of workflow.nodes) if (node.type.startsWith(PACKAGE)) node.typeVersion = 1;
	return workflow;
};
const callExample = atVersion1(exampleWorkflow('appointment-call-reminder.json'));
const voicemailExample = atVersion1(exampleWorkflow('no-show-voicemail.json'));
const smsTaskExample = atVersion1(exampleWorkflow('consultation-follow-up-sms.json'));
const callTaskExample = atVersion1(exampleWorkflow('lead-follow-up-call.json'));
const at11 = (workflow: Workflow, id: string, path: string) =>
	variant(workflow, {
		id,
		path,
		nodes: Object.fromEntries(
			workflow.nodes
				.filter((n) => n.type.startsWith(PACKAGE))
				.map((n) => [n.name, { typeVersion: 1.1 }]),
		),
	});
const call11 = at11(callExample, 'aeSchemaCall0011', 'schema-call');
const voicemail11 = at11(voicemailExample, 'aeSchemaVmail011', 'schema-voicemail');
const smsTask11 = at11(smsTaskExample, 'aeSchemaSmsTask1', 'schema-sms-task');
const callTask11 = at11(callTaskExample, 'aeSchemaCallTask', 'schema-call-task');
const spareTask11 = at11(smsTaskExample, 'aeSchemaSmsSpare', 'schema-sms-spare');

const queue = (name: string, operation: string, parameters: Json = {}, typeVersion = 1.1) =>
	step(name, 'manualActions', typeVersion, { operation, ...parameters }, TWILIO);
const task = (key: string) => ({ __rl: true, mode: 'id', value: `={{ ${body}.${key} }}` });
/** Every Manual Actions operation on the tasks the two waiting examples queued (and a third one to delete). */
const queueChain = chain('aeSchemaQueue001', 'schema-queue', [
	queue('Get Many Tasks', 'getAll', { returnAll: true, filters: {} }),
	queue('Get Many Tasks v1', 'getAll', { filters: {} }, 1),
	queue('Get Task', 'get', { task: task('smsTask') }),
	queue('Reassign Task', 'reassign', { task: task('smsTask'), assignee: `={{ ${body}.maya }}` }),
	queue('Complete SMS Task', 'complete', {
		task: task('smsTask'),
		taskType: 'sms',
		completedBy: 'maya@glowmedspa.test',
		message: '',
	}),
	queue('Complete Call Task', 'complete', {
		task: task('callTask'),
		taskType: 'call',
		completedBy: 'maya@glowmedspa.test',
		outcome: 'connected',
		notes: 'Booked',
	}),
	queue('Delete Task', 'delete', { task: task('spareTask'), completedBy: 'maya@glowmedspa.test' }),
]);

const queueV1Chain = chain('aeSchemaQueueV01', 'schema-queue-v1', [
	queue(
		'Complete SMS Task v1',
		'complete',
		{ taskId: `={{ ${body}.smsTask }}`, completedBy: 'Maya Lopez', message: '' },
		1,
	),
	queue(
		'Complete Call Task v1',
		'complete',
		{
			taskId: `={{ ${body}.callTask }}`,
			completedBy: 'Maya Lopez',
			outcome: 'connected',
			notes: '',
		},
		1,
	),
]);

/** A Send SMS as the editor adds one today (version 1.1, its defaults), never run, with a node after it. */
const preview: Workflow = {
	id: 'aeSchemaPreview1',
	name: 'Preview',
	active: false,
	settings: { executionOrder: 'v1' },
	nodes: [
		{
			id: 'preview-start',
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: 'preview-sms',
			name: 'Send SMS',
			type: `${PACKAGE}.sendSms`,
			typeVersion: 1.1,
			position: [240, 0],
			parameters: {},
			credentials: TWILIO,
		},
		{
			id: 'preview-next',
			name: 'Next Step',
			type: 'n8n-nodes-base.noOp',
			typeVersion: 1,
			position: [480, 0],
			parameters: {},
		},
	],
	connections: {
		Start: { main: [[{ node: 'Send SMS', type: 'main', index: 0 }]] },
		'Send SMS': { main: [[{ node: 'Next Step', type: 'main', index: 0 }]] },
	},
};

const workflows = [
	exampleWorkflow('workspace-endpoint.json'),
	workspaceChain,
	actionsChain,
	callExample,
	call11,
	voicemailExample,
	voicemail11,
	smsTaskExample,
	smsTask11,
	callTaskExample,
	callTask11,
	spareTask11,
	queueChain,
	queueV1Chain,
	preview,
];

let stack: Stack;
let store: WorkspaceStore;
let audio: Awaited<ReturnType<typeof serveAudioFiles>>;
let nodeTypes: NodeType[];
/** The schema shapes checked against a real output, and the files behind them. */
const checked = new Set<string>();

async function get(path: string) {
	const res = await fetch(`${stack.host.baseUrl}${path}`, {
		headers: { cookie: await stack.host.session() },
	});
	return { status: res.status, body: await res.text() };
}

async function servedSchema(path: string) {
	const res = await get(path);
	expect({ path, status: res.status }).toEqual({ path, status: 200 });
	return JSON.parse(res.body);
}

const ajv = new Ajv({ allErrors: true, strict: true });

/**
 * Outputs only another suite's set-up produces (a second clinic and n8n's own API for the
 * snapshots): that suite checks them against the schemas its host serves, as this one does.
 */
const CHECKED_IN_OTHER_SUITES = new Set(
	['export', 'load', 'preview', 'push'].map((operation) =>
		shapeOf(`${PACKAGE}.workspace`, 'snapshot', operation),
	),
);

/** Each node of the package in the workflow ran, and its last run's items match the schema the editor would show for it. */
async function expectOutputsMatchSchemas(workflow: Workflow, execution: Execution) {
	expect({ status: execution.status, error: execution.data.resultData.error?.message }).toEqual({
		status: 'success',
		error: undefined,
	});
	for (const node of workflow.nodes.filter(
		(n) => n.type.startsWith(`${PACKAGE}.`) && !n.type.endsWith('workspaceEndpoint'),
	)) {
		const { resource, operation } = node.parameters;
		const path = schemaPath(node.type, node.typeVersion, resource, operation);
		const items = (execution.data.resultData.runData[node.name]?.at(-1)?.data?.main[0] ?? []).map(
			(i) => i.json,
		);
		expect({ node: node.name, ran: items.length > 0 }).toEqual({ node: node.name, ran: true });
		const validate = ajv.compile(await servedSchema(path));
		for (const item of items) {
			validate(item);
			expect({ node: node.name, path, item, errors: validate.errors ?? [] }).toEqual({
				node: node.name,
				path,
				item,
				errors: [],
			});
		}
		checked.add(shapeOf(node.type, resource, operation));
	}
}

async function run(
	workflow: Workflow,
	path: string,
	payload: Json,
	prepare?: () => Promise<void>,
): Promise<Execution> {
	const before = await stack.host.lastExecutionId(workflow.id);
	await prepare?.();
	expect((await stack.trigger(path, payload)).status).toBe(200);
	return eventually(async () => {
		const execution = await stack.host.lastExecution(workflow.id, { after: before });
		expect(execution.status).not.toBe('waiting');
		return execution;
	}, 120_000);
}

/**
 * Every schema the editor can ask for: each node of the package that feeds a next node (not the
 * triggers, nor the AI-agent tool variants n8n derives from `usableAsTool`, whose output goes to the
 * agent), each of its versions, each resource and operation.
 */
function previewRequests(): Array<{ path: string; shape: string }> {
	const requests: Array<{ path: string; shape: string }> = [];
	const mappable = nodeTypes.filter(
		(t) =>
			t.name.startsWith(`${PACKAGE}.`) &&
			!t.group.includes('trigger') &&
			!t.outputs?.includes('ai_tool'),
	);
	for (const type of mappable) {
		const resources = type.properties
			.find((p) => p.name === 'resource')
			?.options?.map((o) => o.value) ?? [undefined];
		const pairs = resources.flatMap((resource) =>
			type.properties
				.filter(
					(p) =>
						p.name === 'operation' &&
						(!resource ||
							((p.displayOptions as Json)?.show as Json)?.resource?.toString() ===
								String(resource)),
				)
				.flatMap((p) => p.options!.map((o) => [resource, o.value]))
				.concat(type.properties.some((p) => p.name === 'operation') ? [] : [[resource, undefined]]),
		);
		for (const version of [type.version].flat()) {
			for (const [resource, operation] of pairs)
				requests.push({
					path: schemaPath(type.name, version, resource, operation),
					shape: shapeOf(type.name, resource, operation),
				});
		}
	}
	return requests;
}

beforeAll(async () => {
	audio = await serveAudioFiles();
	stack = await startStack({ name: 'output-schemas', port: 5861, workflows });
	store = await stack.openWorkspace();
	await store.teamUsers.create({
		name: 'Maya Lopez',
		email: 'maya@glowmedspa.test',
		phone: MAYA,
		whatsapp: MAYA,
		role: 'provider',
	});
	nodeTypes = JSON.parse((await get('/types/nodes.json')).body);
});

afterAll(async () => {
	await store?.close();
	await stack?.stop();
	await audio?.close();
});

describe('output schemas', () => {
	it('the host serves a schema the editor can preview for every version of every action node, and every operation', async () => {
		const requests = previewRequests();
		// Workspace's 25 operations and Manual Actions' 5 at two versions, the other ten action nodes at theirs.
		expect(requests.length).toBeGreaterThanOrEqual(2 * 25 + 2 * 5 + 10);
		for (const { path } of requests) {
			const schema = await servedSchema(path);
			// The editor's own test before it shows a preview: a type and at least one property.
			expect({
				path,
				type: schema.type,
				properties: Object.keys(schema.properties ?? {}).length > 0,
			}).toEqual({ path, type: 'object', properties: true });
			ajv.compile(schema);
		}
	});

	it("every Workspace operation's output matches its schema, with Send SMS and Slack between them", async () => {
		await expectOutputsMatchSchemas(
			workspaceChain,
			await run(workspaceChain, 'schema-workspace', {}),
		);
	});

	it('Send Email, Send SMS at version 1, Internal Notification of each type, Review Request and Log External Call match their schemas', async () => {
		const contact = {
			first_name: 'Jane',
			last_name: 'Park',
			email: 'jane@example.test',
			phone: '+15554440100',
		};
		await expectOutputsMatchSchemas(
			actionsChain,
			await run(actionsChain, 'schema-actions', { contact }),
		);
	});

	it.each([
		['1', callExample, 'appointment-confirmed', '+15554440301'],
		['1.1', call11, 'schema-call', '+15554440302'],
	])(
		"Call at version %s: a bridged call's output matches its schema",
		async (_version, workflow, path, phone) => {
			const contact = {
				first_name: 'Lia',
				phone,
				assigned_user: 'maya@glowmedspa.test',
				timezone: zoneAtLocalHour(12),
			};
			const execution = await run(
				workflow,
				path,
				{ contact, appointment: { start_time: '2026-12-01T15:00:00Z' } },
				async () => {
					stack.twilio.voice.answerAs(MAYA, { pressAfter: 1, talkSeconds: 60 });
					stack.twilio.voice.answerAs(phone, { talkSeconds: 20 });
				},
			);
			await expectOutputsMatchSchemas(workflow, execution);
		},
	);

	it.each([
		['1', voicemailExample, 'appointment-no-show', '+15554440401'],
		['1.1', voicemail11, 'schema-voicemail', '+15554440402'],
	])(
		'Voicemail at version %s: a voicemail left on a machine matches its schema',
		async (_version, workflow, path, phone) => {
			const contact = { first_name: 'Jane', phone, timezone: zoneAtLocalHour(12) };
			const execution = await run(
				workflow,
				path,
				{ contact, recording_url: `${audio.base}/reschedule-64k.mp3` },
				async () => {
					stack.twilio.voice.answerAs(phone, { answer: 'machine' });
				},
			);
			await expectOutputsMatchSchemas(workflow, execution);
		},
	);

	it('every Manual Actions operation matches its schema, and Manual Action SMS and Call (at 1 and 1.1) match theirs once their tasks are done', async () => {
		const phones = {
			sms: '+15554440501',
			call: '+15554440502',
			spare: '+15554440503',
			sms1: '+15554440504',
			call1: '+15554440505',
		};
		const waiting = [
			[smsTask11, 'schema-sms-task', phones.sms],
			[callTask11, 'schema-call-task', phones.call],
			[spareTask11, 'schema-sms-spare', phones.spare],
		] as const;
		const started: Record<string, number> = {};
		for (const [workflow, path, phone] of waiting) {
			started[phone] = await stack.host.lastExecutionId(workflow.id);
			expect((await stack.trigger(path, { contact: { first_name: 'Ivo', phone } })).status).toBe(
				200,
			);
		}
		const tasks = Object.fromEntries(
			await Promise.all(
				Object.entries(phones)
					.slice(0, 3)
					.map(async ([key, phone]) => [key, (await pendingTaskFor(store, phone)).id]),
			),
		);
		const maya = await store.teamUsers.find('maya@glowmedspa.test');
		const queued = await run(queueChain, 'schema-queue', {
			smsTask: tasks.sms,
			callTask: tasks.call,
			spareTask: tasks.spare,
			maya: maya!.id,
		});
		await expectOutputsMatchSchemas(queueChain, queued);

		// The deleted task's workflow goes on too, its manual action marked deleted.
		for (const [workflow, , phone] of waiting) {
			const execution = await eventually(async () => {
				const found = await stack.host.lastExecution(workflow.id, { after: started[phone] });
				expect(found.status).toBe('success');
				return found;
			}, 60_000);
			await expectOutputsMatchSchemas(workflow, execution);
		}
		// The saved version 1 examples, their tasks completed from the queue at version 1.
		const v1 = {
			smsTask: [smsTaskExample, 'consultation-form', phones.sms1],
			callTask: [callTaskExample, 'contact-created', phones.call1],
		} as const;
		const v1Started: Record<string, number> = {};
		const v1Tasks: Record<string, number> = {};
		for (const [key, [workflow, path, phone]] of Object.entries(v1)) {
			v1Started[key] = await stack.host.lastExecutionId(workflow.id);
			expect((await stack.trigger(path, { contact: { first_name: 'Ana', phone } })).status).toBe(
				200,
			);
			v1Tasks[key] = (await pendingTaskFor(store, phone)).id;
		}
		await expectOutputsMatchSchemas(
			queueV1Chain,
			await run(queueV1Chain, 'schema-queue-v1', v1Tasks),
		);
		for (const [key, [workflow]] of Object.entries(v1)) {
			const execution = await eventually(async () => {
				const found = await stack.host.lastExecution(workflow.id, { after: v1Started[key] });
				expect(found.status).toBe('success');
				return found;
			}, 60_000);
			await expectOutputsMatchSchemas(workflow, execution);
		}
	});

	it('every schema the editor can ask for was checked against a real output', () => {
		const shapes = new Set(previewRequests().map((r) => r.shape));
		expect(
			[...shapes].filter((shape) => !checked.has(shape) && !CHECKED_IN_OTHER_SUITES.has(shape)),
		).toEqual([]);
	});
});

describe('the preview in the editor', () => {
	let browser: Browser;
	beforeAll(async () => {
		browser = await launchChromium();
	});
	afterAll(async () => {
		await browser?.close();
	});

	it('a Send SMS added at version 1.1 and never run shows "Usually outputs the following fields" to the node after it', async () => {
		const page = await signedInEditor(
			browser,
			{ baseUrl: stack.host.baseUrl, owner: stack.host.owner },
			'light',
		);
		await openWorkflow(page, stack.host.baseUrl, preview.id);
		// The editor asks for the schema of the node's own version, 1.1 padded to 1.1.0.
		const asked = page.waitForResponse((res) =>
			res.url().endsWith(`/schemas/${PACKAGE}.sendSms/1.1.0.json`),
		);
		const ndv = await openNode(page, 'Next Step');
		expect((await asked).status()).toBe(200);
		const input = ndv.locator('[data-test-id="ndv-input-panel"]');
		await input.locator('[data-test-id="schema-preview-warning"]').waitFor();
		expect(await input.locator('[data-test-id="schema-preview-warning"]').innerText()).toContain(
			'Usually outputs the following fields',
		);
		for (const field of ['sms', 'status', 'to', 'blank_merge_fields'])
			await input.getByText(field, { exact: true }).first().waitFor();
		await screenshot(page, 'schema-preview-send-sms', 'light');
	});
});
