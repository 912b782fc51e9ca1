/**
 * The editor's fields in a real n8n host: the pickers are answered by the host from the workspace and
 * the Twilio account, workflows saved with the new fields send what they should, and workflows saved
 * before them (the examples, version 1 nodes, typed roles and Content SIDs) still run.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import type { WorkspaceStore } from '../../core/store/workspaceStore';
import {
	executeStep,
	launchChromium,
	openNode,
	openWorkflow,
	screenshots,
	signedInEditor,
} from '../support/editorBrowser';

const { startStack, exampleWorkflow, variant } = require('../support/stack');
const {
	webhookWorkflow: hooked,
	editorWorkflow,
	eventually,
	pendingTaskFor: pendingIn,
	taskFor,
} = require('../support/workflows');

jest.setTimeout(300_000);

type Stack = Awaited<ReturnType<typeof startStack>>;
let stack: Stack;
let store: WorkspaceStore;

const WORKSPACE = { id: 'aeWorkspace00001', name: 'Glow Med Spa workspace' };
const TWILIO = { id: 'aeTwilioLocal001', name: 'Local Twilio' };
const APPROVED = 'HX' + 'a'.repeat(32);

const consultation = exampleWorkflow('consultation-follow-up-sms.json');
const followUpCall = exampleWorkflow('lead-follow-up-call.json');
const highValue = exampleWorkflow('high-value-purchase.json');
const CALL = 'Lead Follow-Up Call';

/** Manual Actions as version 1.1 saves it. */
const queue = (id: string, path: string, parameters: Record<string, unknown>) =>
	hooked(id, path, {
		name: 'Queue',
		type: 'n8n-nodes-aesthetix.manualActions',
		typeVersion: 1.1,
		parameters,
		credentials: { aesthetixWorkspaceApi: WORKSPACE, aesthetixTwilioApi: TWILIO },
	});

const picked = (value: string, mode = 'list') => ({ __rl: true, mode, value });

const UI_WORKFLOW = 'aeUiWhatsApp0001';

/** A template whose variables are named rather than numbered, as the Content API allows. */
const NAMED = {
	sid: 'HX' + 'e'.repeat(32),
	friendly_name: 'staff_booking',
	language: 'en',
	variables: { client_name: 'Jane', service: 'HydraFacial' },
	status: 'approved',
	body: 'Booked: {{client_name}} for {{service}}. Check the calendar.',
};

/** The fields the editor shows for a template's variables, as n8n's resource mapper saves them. */
const variableSchema = (fields: Array<[string, string]>) =>
	fields.map(([id, displayName]) => ({
		id,
		displayName,
		required: true,
		defaultMatch: false,
		canBeUsedToMatch: false,
		display: true,
		type: 'string',
		removed: false,
	}));
const SCHEMAS: Record<string, Array<[string, string]>> = {
	[APPROVED]: [
		['1', '{{1}} (e.g. Jane)'],
		['2', '{{2}} (e.g. HydraFacial)'],
	],
	[NAMED.sid]: [
		['client_name', '{{client_name}} (e.g. Jane)'],
		['service', '{{service}} (e.g. HydraFacial)'],
	],
};

/** Internal Notification 1.1 sending a WhatsApp template to the owner, its variables filled in the editor. */
const whatsAppV11 = (id: string, path: string, sid: string, value: Record<string, string>) =>
	hooked(id, path, {
		name: 'Notify',
		type: 'n8n-nodes-aesthetix.internalNotification',
		typeVersion: 1.1,
		parameters: {
			type: 'whatsapp',
			contact: '={{ $json.body.contact }}',
			toUserType: ['roles'],
			roles: ['owner'],
			contentSid: { ...picked(sid), cachedResultName: 'template' },
			templateVariables: {
				mappingMode: 'defineBelow',
				value,
				matchingColumns: [],
				schema: variableSchema(SCHEMAS[sid]),
				attemptToConvertTypes: false,
				convertFieldsToString: true,
			},
		},
		credentials: { aesthetixWorkspaceApi: WORKSPACE, aesthetixTwilioApi: TWILIO },
	});

const workflows = [
	consultation,
	followUpCall,
	highValue,
	// The example as it was saved before Roles became a picker: roles typed as text.
	variant(highValue, {
		id: 'aeHighValueOld01',
		path: 'package-purchased-typed-roles',
		nodes: {
			'Notify the Owner': (node: { parameters: Record<string, unknown> }) =>
				(node.parameters.roles = 'owner'),
			'Text the Lead Esthetician': (node: { parameters: Record<string, unknown> }) =>
				(node.parameters.roles = 'lead esthetician'),
		},
	}),
	variant(followUpCall, {
		id: 'aeCallLimitV11',
		path: 'call-limit-v11',
		nodes: {
			[CALL]: (node: Record<string, unknown>) => {
				node.typeVersion = 1.1;
				node.parameters = {
					contact: '={{ $json.body.contact }}',
					limitWaitTime: true,
					waitAmount: 3,
					waitUnit: 'seconds',
				};
			},
		},
	}),
	queue('aeQueueSmsV11001', 'complete-sms', {
		operation: 'complete',
		task: picked('={{ $json.body.taskId }}'),
		taskType: 'sms',
		completedBy: '={{ $json.body.by }}',
		message: '={{ $json.body.message ?? "" }}',
	}),
	queue('aeQueueCallV1101', 'complete-call', {
		operation: 'complete',
		task: picked('={{ $json.body.taskId }}', 'id'),
		taskType: 'call',
		completedBy: '={{ $json.body.by }}',
		outcome: 'left_voicemail',
		notes: 'Will try again Friday',
	}),
	queue('aeQueueListV1101', 'list-tasks', {
		operation: 'getAll',
		limit: 1,
		filters: { assignee: '={{ $json.body.assignee }}', status: 'pending' },
	}),
	queue('aeQueueMoveV1101', 'reassign-task', {
		operation: 'reassign',
		task: picked('={{ $json.body.taskId }}'),
		assignee: '={{ $json.body.to }}',
	}),
	hooked('aeTeamUserV11001', 'team-user-v11', {
		name: 'Team User',
		type: 'n8n-nodes-aesthetix.workspace',
		typeVersion: 1.1,
		parameters: {
			resource: 'teamUser',
			operation: 'create',
			userName: '={{ $json.body.name }}',
			email: '={{ $json.body.email }}',
			additionalFields: { role: 'esthetician' },
		},
		credentials: { aesthetixWorkspaceApi: WORKSPACE },
	}),
	// Version 1, as saved before Email became its own field.
	hooked('aeTeamUserV1001', 'team-user-v1', {
		name: 'Team User',
		type: 'n8n-nodes-aesthetix.workspace',
		parameters: {
			resource: 'teamUser',
			operation: 'create',
			userName: '={{ $json.body.name }}',
			additionalFields: { email: '={{ $json.body.email }}', team: 'Front Desk' },
		},
		credentials: { aesthetixWorkspaceApi: WORKSPACE },
	}),
	hooked('aeWhatsAppPicked', 'whatsapp-picked', {
		name: 'Notify',
		type: 'n8n-nodes-aesthetix.internalNotification',
		parameters: {
			type: 'whatsapp',
			contact: '={{ $json.body.contact }}',
			toUserType: ['roles'],
			roles: ['owner'],
			contentSid: { ...picked(APPROVED), cachedResultName: 'staff_new_lead (en)' },
			contentVariables: {
				variable: [
					{ key: '1', value: '{{contact.first_name}}' },
					{ key: '2', value: '{{contact.interest}}' },
				],
			},
		},
		credentials: { aesthetixWorkspaceApi: WORKSPACE, aesthetixTwilioApi: TWILIO },
	}),
	whatsAppV11('aeWhatsAppVars01', 'whatsapp-variables', APPROVED, {
		1: '{{contact.first_name}}',
		// Dragged from the input panel beside a custom value: n8n's expression and the spec's custom value in one field.
		2: '={{ $json.body.contact.interest }} with {{contact.first_name}}',
	}),
	whatsAppV11('aeWhatsAppNamed1', 'whatsapp-named', NAMED.sid, {
		client_name: '={{ $json.body.contact.first_name }}',
		service: '{{contact.interest}}',
	}),
	editorWorkflow(
		UI_WORKFLOW,
		{
			name: 'Notify',
			type: 'n8n-nodes-aesthetix.internalNotification',
			typeVersion: 1.1,
			parameters: {
				type: 'whatsapp',
				contact: '={{ $json.contact }}',
				toUserType: ['roles'],
				roles: ['owner'],
			},
			credentials: { aesthetixWorkspaceApi: WORKSPACE, aesthetixTwilioApi: TWILIO },
		},
		[{ contact: { first_name: 'Lena', phone: '+15558890030' } }],
	),
];

const options = async (
	node: string,
	version: number,
	methodName: string,
	currentNodeParameters: Record<string, unknown> = {},
) =>
	(
		await stack.host.rest('/dynamic-node-parameters/options', {
			method: 'POST',
			body: {
				path: 'parameters.x',
				nodeTypeAndVersion: { name: `n8n-nodes-aesthetix.${node}`, version },
				methodName,
				currentNodeParameters,
				credentials: { aesthetixWorkspaceApi: WORKSPACE },
			},
		})
	).data;

const search = async (
	node: string,
	version: number,
	methodName: string,
	filter: string,
	currentNodeParameters: Record<string, unknown> = {},
) =>
	(
		await stack.host.rest('/dynamic-node-parameters/resource-locator-results', {
			method: 'POST',
			body: {
				path: 'parameters.x',
				nodeTypeAndVersion: { name: `n8n-nodes-aesthetix.${node}`, version },
				methodName,
				currentNodeParameters,
				credentials: { aesthetixWorkspaceApi: WORKSPACE, aesthetixTwilioApi: TWILIO },
				filter,
			},
		})
	).data;

/** The fields n8n's resource mapper shows for the node's current parameters (POST /rest/dynamic-node-parameters/resource-mapper-fields). */
const mapperFields = async (
	node: string,
	version: number,
	methodName: string,
	currentNodeParameters: Record<string, unknown>,
) =>
	(
		await stack.host.rest('/dynamic-node-parameters/resource-mapper-fields', {
			method: 'POST',
			body: {
				path: 'parameters.templateVariables',
				nodeTypeAndVersion: { name: `n8n-nodes-aesthetix.${node}`, version },
				methodName,
				currentNodeParameters,
				credentials: { aesthetixWorkspaceApi: WORKSPACE, aesthetixTwilioApi: TWILIO },
			},
		})
	).data;

/**
 * The node or credential descriptions the editor loads, after n8n has added what it adds: the file n8n
 * writes for /types/<kind>.json (18 MB for nodes, too large to fetch reliably on a loaded machine).
 */
const typeFile = (kind: 'nodes' | 'credentials') =>
	JSON.parse(
		fs.readFileSync(
			path.join(stack.host.userFolder, '.cache', 'n8n', 'public', 'types', `${kind}.json`),
			'utf8',
		),
	);

async function failureOf(
	workflowId: string,
	path: string,
	body: Record<string, unknown>,
): Promise<string | undefined> {
	const before = await stack.host.lastExecutionId(workflowId);
	await stack.trigger(path, body);
	return (await stack.host.lastExecution(workflowId, { after: before })).data.resultData.error
		?.message;
}

let ids: Record<string, number>;

beforeAll(async () => {
	stack = await startStack({ name: 'editor-fields', port: 5801, workflows });
	store = await stack.openWorkspace();
	const olivia = await store.teamUsers.create({
		name: 'Olivia Owner',
		email: 'owner@glowmedspa.test',
		phone: '+15550001000',
		whatsapp: '+15550001000',
		role: 'owner',
		team: 'Management',
	});
	const maya = await store.teamUsers.create({
		name: 'Maya Lopez',
		email: 'maya@glowmedspa.test',
		phone: '+15550001001',
		role: 'lead esthetician',
		team: 'Treatment',
	});
	const sam = await store.teamUsers.create({
		name: 'Sam Reyes',
		email: 'sam@glowmedspa.test',
		role: 'coordinator',
		team: 'Front Desk',
	});
	ids = { olivia: olivia.id, maya: maya.id, sam: sam.id };
	// n8n looks for expired waits once a minute: the run whose wait limit passes starts first, so that
	// look comes while the other tests run rather than after the test that checks it.
	await stack.trigger('call-limit-v11', {
		contact: { first_name: 'Hal', phone: '+15558890007' },
	});
});

afterAll(async () => {
	await store?.close();
	await stack?.stop();
});

beforeEach(() => stack.twilio.reset());

describe('pickers the host fills from the workspace and the Twilio account', () => {
	it('Assign To offers the contact owner as its default, then the team', async () => {
		const choices = await options('manualActionSms', 1.1, 'getAssignToOptions');
		expect(choices[0]).toMatchObject({ name: 'Contact Owner (Default)', value: '' });
		expect(choices.slice(1)).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ name: 'Olivia Owner', value: ids.olivia }),
				expect.objectContaining({ name: 'Maya Lopez', value: ids.maya }),
				expect.objectContaining({ name: 'Sam Reyes', value: ids.sam }),
			]),
		);
		expect(choices).toHaveLength(4);
	});

	it('Roles and Teams list what the directory holds', async () => {
		expect(
			(await options('internalNotification', 1, 'getRoles', { type: 'inApp' })).map(
				(o: { value: string }) => o.value,
			),
		).toEqual(['coordinator', 'lead esthetician', 'owner']);
		expect(
			(await options('internalNotification', 1, 'getTeams', { type: 'inApp' })).map(
				(o: { value: string }) => o.value,
			),
		).toEqual(['Front Desk', 'Management', 'Treatment']);
	});

	it("the WhatsApp Template lists only the account's approved templates, and finds one by name", async () => {
		const all = await search('internalNotification', 1, 'searchWhatsAppTemplates', '', {
			type: 'whatsapp',
		});
		expect(all.results).toEqual([
			{ name: 'staff_new_lead (en)', value: APPROVED },
			{ name: 'staff_high_value_purchase (en)', value: 'HX' + 'b'.repeat(32) },
		]);
		expect(
			(
				await search('internalNotification', 1, 'searchWhatsAppTemplates', 'purchase', {
					type: 'whatsapp',
				})
			).results,
		).toEqual([{ name: 'staff_high_value_purchase (en)', value: 'HX' + 'b'.repeat(32) }]);
		expect(stack.twilio.requests).toContainEqual({
			method: 'GET',
			path: '/v1/ContentAndApprovals',
		});
	});

	it('Manual Actions picks open tasks, contacts and assignees from the workspace', async () => {
		await stack.trigger('consultation-form', {
			contact: {
				first_name: 'Pia',
				last_name: 'Park',
				phone: '+15558890001',
				assigned_user: 'maya@glowmedspa.test',
			},
		});
		const task = await pendingIn(store, '+15558890001');
		const tasks = await search('manualActions', 1.1, 'searchOpenTasks', 'pia', {
			operation: 'complete',
		});
		expect(tasks.results).toEqual([
			{ name: `#${task.id} SMS · Pia Park · Consultation Follow-Up SMS`, value: String(task.id) },
		]);
		const contacts = await search('manualActions', 1.1, 'searchContacts', 'park', {
			operation: 'getAll',
		});
		expect(contacts.results).toEqual([
			{ name: 'Pia Park (+15558890001)', value: String(task.contact_id) },
		]);
		const assignees = await options('manualActions', 1.1, 'getTaskAssignees', {
			operation: 'getAll',
		});
		expect(assignees[0]).toEqual({ name: 'Unassigned', value: 'unassigned' });
		expect(assignees).toContainEqual(
			expect.objectContaining({ name: 'Maya Lopez', value: String(ids.maya) }),
		);
	});

	it("n8n offers no Custom API Call on Manual Actions, and the Twilio credential's Test button still checks the keys", async () => {
		const nodeTypes = typeFile('nodes') as Array<{
			name: string;
			properties: Array<{ name: string; options: Array<{ value: string }> }>;
		}>;
		const manualActions = nodeTypes.filter(
			(n: { name: string }) => n.name === 'n8n-nodes-aesthetix.manualActions',
		);
		expect(manualActions.length).toBeGreaterThan(0);
		for (const description of manualActions) {
			const operation = description.properties.find((p) => p.name === 'operation');
			expect(operation?.options.map((o: { value: string }) => o.value)).toEqual([
				'complete',
				'delete',
				'get',
				'getAll',
				'reassign',
			]);
		}
		const credentialTypes = typeFile('credentials') as Array<{
			name: string;
			authenticate?: unknown;
		}>;
		expect(
			credentialTypes.find((c) => c.name === 'aesthetixTwilioApi')?.authenticate,
		).toBeUndefined();
		const base = {
			accountSid: stack.twilio.accountSid,
			apiBaseUrl: stack.twilio.baseUrl,
			senderType: 'phoneNumber',
			fromNumber: '+15550009999',
			authType: 'authToken',
		};
		expect(
			await stack.host.testCredential('aesthetixTwilioApi', {
				...base,
				authToken: stack.twilio.authToken,
			}),
		).toMatchObject({ status: 'OK' });
		expect(
			await stack.host.testCredential('aesthetixTwilioApi', { ...base, authToken: 'wrong' }),
		).toMatchObject({
			status: 'Error',
			message: expect.stringContaining('Twilio refused the credential'),
		});
	});
});

describe('Manual Actions 1.1 working the queue', () => {
	it('completes an SMS task picked from the list by a team user picked from the directory: the SMS goes out and the workflow continues', async () => {
		await stack.trigger('consultation-form', {
			contact: { first_name: 'Rae', phone: '+15558890002', assigned_user: 'maya@glowmedspa.test' },
		});
		const task = await pendingIn(store, '+15558890002');
		const waiting = await stack.host.lastExecution(consultation.id);
		expect(waiting.status).toBe('waiting');
		const done = await stack.trigger('complete-sms', {
			taskId: String(task.id),
			by: ids.maya,
			message: 'Hi Rae, Maya here: Thursday at 3 works!',
		});
		expect(done.json[0]).toMatchObject({
			id: task.id,
			status: 'completed',
			completed_by: 'Maya Lopez',
			completed_now: true,
			workflow_resumed: true,
		});
		expect(stack.twilio.messages).toEqual([
			expect.objectContaining({
				to: '+15558890002',
				body: 'Hi Rae, Maya here: Thursday at 3 works!',
			}),
		]);
		const resumed = await eventually(async () => {
			const exec = await stack.host.finishedExecution(waiting.id);
			expect(exec.status).toBe('success');
			return exec;
		});
		expect(resumed.data.resultData.lastNodeExecuted).toBe(consultation.nodes[2].name);
	});

	it('refuses to complete a call task as SMS, naming Task Type, and records the call outcome when the type is Call', async () => {
		await stack.trigger('contact-created', {
			contact: { first_name: 'Ezra', phone: '+15558890003' },
		});
		const task = await pendingIn(store, '+15558890003');
		expect(
			await failureOf('aeQueueSmsV11001', 'complete-sms', { taskId: String(task.id), by: ids.sam }),
		).toBe(`Task Type: task ${task.id} is a call task; choose Call`);
		expect(await store.manualTasks.get(task.id)).toMatchObject({ status: 'pending' });
		const done = await stack.trigger('complete-call', {
			taskId: String(task.id),
			by: 'sam@glowmedspa.test',
		});
		expect(done.json[0]).toMatchObject({
			status: 'completed',
			completed_by: 'Sam Reyes',
			outcome: 'left_voicemail',
			notes: 'Will try again Friday',
		});
		expect(stack.twilio.messages).toEqual([]);
	});

	it('refuses a Completed By that is not a team user', async () => {
		await stack.trigger('consultation-form', {
			contact: { first_name: 'Lu', phone: '+15558890004' },
		});
		const task = await pendingIn(store, '+15558890004');
		expect(
			await failureOf('aeQueueSmsV11001', 'complete-sms', {
				taskId: String(task.id),
				by: 'Nobody Here',
			}),
		).toMatch(/^Completed By: no team user is "Nobody Here"/);
		expect(await store.manualTasks.get(task.id)).toMatchObject({ status: 'pending' });
		expect(stack.twilio.messages).toEqual([]);
	});

	it('Get Many returns up to Limit tasks of the assignee picked', async () => {
		for (const phone of ['+15558890005', '+15558890006']) {
			await stack.trigger('consultation-form', {
				contact: { first_name: 'Kim', phone, assigned_user: 'owner@glowmedspa.test' },
			});
			await pendingIn(store, phone);
		}
		const { json } = await stack.trigger('list-tasks', { assignee: String(ids.olivia) });
		expect(json).toHaveLength(1);
		expect(json[0]).toMatchObject({ assignee_user_id: ids.olivia, status: 'pending' });
	});

	it('Reassign moves the task to the team user picked, or to Unassigned', async () => {
		await stack.trigger('consultation-form', {
			contact: { first_name: 'Bo', phone: '+15558890008', assigned_user: 'maya@glowmedspa.test' },
		});
		const task = await pendingIn(store, '+15558890008');
		const moved = await stack.trigger('reassign-task', {
			taskId: String(task.id),
			to: String(ids.sam),
		});
		expect(moved.json[0]).toMatchObject({ id: task.id, assignee_user_id: ids.sam });
		const freed = await stack.trigger('reassign-task', {
			taskId: String(task.id),
			to: 'unassigned',
		});
		expect(freed.json[0]).toMatchObject({ id: task.id, assignee_user_id: null });
	});
});

describe('Internal Notification with picked fields, and as saved before the pickers', () => {
	it('sends the WhatsApp template picked from the approved list to the role picked from the directory', async () => {
		const { json } = await stack.trigger('whatsapp-picked', {
			contact: { first_name: 'Lena', phone: '+15558890010', interest: 'HydraFacial' },
		});
		expect(json[0].notification.recipients).toEqual([
			expect.objectContaining({ name: 'Olivia Owner', status: 'sent' }),
		]);
		expect(stack.twilio.messages).toEqual([
			expect.objectContaining({
				to: 'whatsapp:+15550001000',
				content_sid: APPROVED,
				content_variables: '{"1":"Lena","2":"HydraFacial"}',
			}),
		]);
	});

	it.each([
		['picked from the directory', 'package-purchased'],
		['typed as text before the picker', 'package-purchased-typed-roles'],
	])(
		'the high-value purchase example reaches the owner and the lead esthetician with roles %s',
		async (_how, path) => {
			const before = (await store.notifications.forUser(ids.olivia)).length;
			await stack.trigger(path, {
				contact: { first_name: 'Jo', last_name: 'Park', phone: '+15558890011' },
				purchase: { package: 'Glow Package', amount: '$2,400' },
				appointment: { start_time: '2026-12-01T15:00:00Z' },
			});
			await eventually(async () =>
				expect((await store.notifications.forUser(ids.olivia)).length).toBe(before + 1),
			);
			await stack.twilio.arrivals.waitFor(1, 10_000, 'texts');
			expect(stack.twilio.messages).toEqual([
				expect.objectContaining({
					to: '+15550001001',
					body: expect.stringContaining('Heads up: Jo bought Glow Package.'),
				}),
			]);
		},
	);
});

describe("Internal Notification 1.1: the WhatsApp template's own variables", () => {
	const library = () => stack.twilio.contentTemplates;
	let saved: unknown[];
	beforeAll(() => {
		saved = library();
		stack.twilio.contentTemplates = [...saved, NAMED];
	});
	afterAll(() => (stack.twilio.contentTemplates = saved));

	it('the host answers the chosen template with one field per variable, labelled with its placeholder and sample', async () => {
		const numbered = await mapperFields(
			'internalNotification',
			1.1,
			'getWhatsAppTemplateVariables',
			{ type: 'whatsapp', contentSid: picked(APPROVED) },
		);
		expect(numbered.fields).toEqual(
			variableSchema(SCHEMAS[APPROVED]).map(({ removed: _removed, ...field }) => field),
		);
		const named = await mapperFields('internalNotification', 1.1, 'getWhatsAppTemplateVariables', {
			type: 'whatsapp',
			contentSid: picked(NAMED.sid, 'id'),
		});
		expect(named.fields.map((f: { displayName: string }) => f.displayName)).toEqual([
			'{{client_name}} (e.g. Jane)',
			'{{service}} (e.g. HydraFacial)',
		]);
		expect(stack.twilio.requests).toContainEqual({
			method: 'GET',
			path: `/v1/Content/${NAMED.sid}`,
		});
		const none = await mapperFields('internalNotification', 1.1, 'getWhatsAppTemplateVariables', {
			type: 'whatsapp',
			contentSid: picked(''),
		});
		expect(none).toEqual({
			fields: [],
			emptyFieldsNotice:
				'Choose a Template from the list, or give its Content SID, to fill its variables',
		});
	});

	it('names a chosen SID the Twilio account does not have', async () => {
		await expect(
			mapperFields('internalNotification', 1.1, 'getWhatsAppTemplateVariables', {
				type: 'whatsapp',
				contentSid: picked('HX' + 'f'.repeat(32), 'id'),
			}),
		).rejects.toThrow(`Template HX${'f'.repeat(32)} is not in this Twilio account`);
	});

	it('sends the template with its variables filled from custom values and item data, as ContentVariables JSON', async () => {
		const { json } = await stack.trigger('whatsapp-variables', {
			contact: { first_name: 'Lena', phone: '+15558890020', interest: 'HydraFacial' },
		});
		expect(json[0].notification).toMatchObject({ status: 'sent', blank_merge_fields: [] });
		expect(stack.twilio.messages).toEqual([
			expect.objectContaining({
				to: 'whatsapp:+15550001000',
				content_sid: APPROVED,
				content_variables: '{"1":"Lena","2":"HydraFacial with Lena"}',
			}),
		]);
	});

	it('sends named variables by their names', async () => {
		await stack.trigger('whatsapp-named', {
			contact: { first_name: 'Noor', phone: '+15558890021', interest: 'Chemical peel' },
		});
		expect(stack.twilio.messages).toEqual([
			expect.objectContaining({
				content_sid: NAMED.sid,
				content_variables: '{"client_name":"Noor","service":"Chemical peel"}',
			}),
		]);
	});

	it('refuses a variable left empty, naming it and the custom value that had no value, and sends nothing', async () => {
		const message = await failureOf('aeWhatsAppNamed1', 'whatsapp-named', {
			contact: { first_name: 'Noor', phone: '+15558890022' },
		});
		expect(message).toBe(
			'Template Variable {{service}} (e.g. HydraFacial) is empty: {{contact.interest}} had no value',
		);
		expect(stack.twilio.messages).toEqual([]);
	});
});

describe("the editor: Internal Notification's WhatsApp Template Variables", () => {
	let browser: Browser;
	beforeAll(async () => (browser = await launchChromium()));
	afterAll(async () => browser?.close());

	it("shows the chosen template's variables as fields labelled with their samples, and sends what is filled in them", async () => {
		const page = await signedInEditor(
			browser,
			{ baseUrl: stack.host.baseUrl, owner: stack.host.owner },
			'light',
		);
		await openWorkflow(page, stack.host.baseUrl, UI_WORKFLOW);
		const ndv = await openNode(page, 'Notify');
		const testId = (id: string) => `[data-test-id="${id}"]`;
		await ndv.locator(testId('rlc-input')).first().click();
		await page.locator(testId('rlc-item')).filter({ hasText: 'staff_new_lead (en)' }).click();
		const fields = ndv.locator(testId('mapping-fields-container'));
		await fields.getByText('{{2}} (e.g. HydraFacial)').waitFor();
		expect(await fields.getByText('{{1}} (e.g. Jane)').count()).toBe(1);
		await ndv.getByText('Template Variables', { exact: true }).first().scrollIntoViewIfNeeded();
		await screenshots(page, 'ndv-whatsapp-template-variables');

		expect(await fields.locator(testId('parameter-input-field')).count()).toBe(2);
		// A custom value typed as a user types it, and plain text.
		await fields.locator(testId('parameter-input-1')).locator('input').first().click();
		await page.keyboard.type('Hi {{contact.first_name}}');
		await fields
			.locator(testId('parameter-input-2'))
			.locator('input')
			.first()
			.fill('a HydraFacial');
		// The editor keeps typed text after a short debounce: leave the field before running the step.
		await ndv.getByText('Template Variables', { exact: true }).first().click();
		await screenshots(page, 'ndv-whatsapp-template-variables-filled');
		await executeStep(page);
		const [sent] = await stack.twilio.waitForMessages(1, 150_000);
		expect(sent).toMatchObject({
			to: 'whatsapp:+15550001000',
			content_sid: APPROVED,
			content_variables: '{"1":"Hi Lena","2":"a HydraFacial"}',
		});
		await page.context().close();
	});
});

describe('Team User > Create or Update', () => {
	it('creates by the Email field of version 1.1, then updates the same user from a version 1 workflow keeping Email under Additional Fields', async () => {
		const created = await stack.trigger('team-user-v11', {
			name: 'Nia Brooks',
			email: 'nia@glowmedspa.test',
		});
		expect(created.json[0]).toMatchObject({
			name: 'Nia Brooks',
			email: 'nia@glowmedspa.test',
			role: 'esthetician',
		});
		const updated = await stack.trigger('team-user-v1', {
			name: 'Nia Brooks-Hale',
			email: 'nia@glowmedspa.test',
		});
		expect(updated.json[0]).toMatchObject({
			id: created.json[0].id,
			name: 'Nia Brooks-Hale',
			team: 'Front Desk',
			role: 'esthetician',
		});
		expect(await failureOf('aeTeamUserV11001', 'team-user-v11', { name: 'No Mail' })).toMatch(
			/^Email is empty/,
		);
	});
});

// Last, so that n8n's once-a-minute look for expired waits comes while the tests above run.
describe('Manual Actions 1.1: Limit Wait Time', () => {
	it('Limit Wait Time, one switch from version 1.1, moves the workflow on when the task is not worked in time', async () => {
		// Started with the suite (see beforeAll): the task was queued, and no one works it.
		const task = await taskFor(store, '+15558890007');
		const execution = await eventually(async () => {
			const last = await stack.host.lastExecution('aeCallLimitV11');
			expect(last.status).toBe('success');
			return last;
		}, 90_000);
		const output = execution.data.resultData.runData['Call Worked'][0].data.main[0][0].json;
		expect(output.manual_action).toMatchObject({
			task_id: task.id,
			status: 'not_completed_in_time',
		});
	});
});
