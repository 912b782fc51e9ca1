/**
 * The Workspace node driving saved templates, contacts and statistics that Send Email reads,
 * through n8n's engine in process. The credentials' Test buttons and the dropdowns the editor fills
 * run in a real host: test/e2e/workspace.test.ts.
 */
import type { WorkspaceStore } from '../../core/store/workspaceStore';

const { exampleWorkflow, variant } = require('../support/stack');
const { startDoubles } = require('../support/inProcess');
const { webhookWorkflow: hookedWorkflow } = require('../support/workflows');

const webhookWorkflow = (id: string, path: string, node: Record<string, unknown>) =>
	hookedWorkflow(id, path, { credentials: { aesthetixWorkspaceApi: WORKSPACE }, ...node });

type Stack = Awaited<ReturnType<typeof startDoubles>>;
let stack: Stack;

const WORKSPACE = { id: 'aeWorkspace00001', name: 'Glow Med Spa workspace' };

const booking = exampleWorkflow('booking-confirmation.json');
const workflows = [
	webhookWorkflow('aeSaveTemplate01', 'save-template', {
		name: 'Save Template',
		type: 'n8n-nodes-aesthetix.workspace',
		parameters: {
			resource: 'template',
			operation: 'save',
			kind: 'email',
			name: '={{ $json.body.name }}',
			subject: '={{ $json.body.subject }}',
			body: '={{ $json.body.body }}',
		},
	}),
	webhookWorkflow('aeListTemplates1', 'list-templates', {
		name: 'List Templates',
		type: 'n8n-nodes-aesthetix.workspace',
		parameters: { resource: 'template', operation: 'getAll', kind: 'email' },
	}),
	webhookWorkflow('aeSetDnd00000001', 'set-dnd', {
		name: 'Set DND',
		type: 'n8n-nodes-aesthetix.workspace',
		parameters: {
			resource: 'contact',
			operation: 'update',
			contactId: '={{ $json.body.contactId }}',
			updateFields: { dnd_email: true },
		},
	}),
	webhookWorkflow('aeStatistics0001', 'statistics', {
		name: 'Statistics',
		type: 'n8n-nodes-aesthetix.workspace',
		parameters: {
			resource: 'statistics',
			operation: 'get',
			workflowId: '={{ $json.body.workflowId }}',
			actionName: '={{ $json.body.actionName }}',
		},
	}),
	webhookWorkflow('aeEraseContact01', 'erase-contact', {
		name: 'Erase Contact',
		type: 'n8n-nodes-aesthetix.workspace',
		parameters: {
			resource: 'contact',
			operation: 'delete',
			contactId: '={{ $json.body.contactId }}',
		},
	}),
	webhookWorkflow('aeEraseUser00001', 'erase-user', {
		name: 'Erase User',
		type: 'n8n-nodes-aesthetix.workspace',
		parameters: { resource: 'teamUser', operation: 'delete', userId: '={{ $json.body.user }}' },
	}),
	variant(booking, {
		id: 'aeTemplateEmail1',
		path: 'templated-email',
		nodes: {
			'Booking Confirmation Email': {
				parameters: {
					subject: '',
					message: '',
					template: '={{ $json.body.templateId }}',
					syncWithTemplate: '={{ $json.body.sync }}',
				},
			},
		},
	}),
];

beforeAll(async () => {
	stack = await startDoubles({ workflows });
});

afterAll(async () => {
	await stack?.stop();
});

describe('templates, contacts and statistics through the Workspace node', () => {
	let templateId: number;

	beforeEach(() => stack.smtp.reset());

	it('saves an email template that Send Email then follows (Sync Edits to Template on) or copies (off)', async () => {
		const save = (body: string) =>
			stack.trigger('save-template', {
				name: 'Confirmation',
				subject: 'See you {{appointment.only_start_date}}',
				body,
			});
		const first = await save('<p>Version 1 for {{contact.first_name}}</p>');
		templateId = first.json[0].id;
		expect(first.json[0]).toMatchObject({ kind: 'email', name: 'Confirmation' });
		const listed = await stack.trigger('list-templates', {});
		expect(listed.json.map((t: { name: string }) => t.name)).toContain('Confirmation');

		const send = (sync: boolean) =>
			stack.trigger('templated-email', {
				contact: { first_name: 'Jane', email: 'jane@example.com' },
				appointment: { start_time: '2026-12-01T15:00:00Z' },
				templateId,
				sync,
			});
		await send(true);
		await send(false);
		await save('<p>Version 2 for {{contact.first_name}}</p>');
		await send(true);
		const last = await send(false);
		const mails = await stack.smtp.waitForMessages(4);
		expect(mails.map((m: { html: string }) => m.html.match(/Version \d for Jane/)![0])).toEqual([
			'Version 1 for Jane',
			'Version 1 for Jane',
			'Version 2 for Jane',
			'Version 1 for Jane',
		]);
		expect(mails[0].subject).toBe('See you Tuesday, December 1, 2026');
		expect(last.json.email.template).toEqual({
			id: templateId,
			name: 'Confirmation',
			synced: false,
		});
	});

	it('puts a contact in Do Not Disturb for email, after which Send Email skips them', async () => {
		const sent = await stack.trigger('templated-email', {
			contact: { email: 'quiet@example.com' },
			templateId,
			sync: true,
		});
		const contactId = sent.json.email.contact_id;
		const dnd = await stack.trigger('set-dnd', { contactId });
		expect(dnd.json[0]).toMatchObject({ id: contactId, dnd_email: true });
		stack.smtp.reset();
		const skipped = await stack.trigger('templated-email', {
			contact: { email: 'quiet@example.com' },
			templateId,
			sync: true,
		});
		// The workflow's DND is in the contact's consent trail, and the skipped send says so.
		expect(skipped.json.email).toMatchObject({
			status: 'skipped',
			reason: expect.stringMatching(
				/^The contact is in Do Not Disturb for email: set by the "Set DND" node of workflow aeSetDnd00000001 \(\d{4}-\d\d-\d\d \d\d:\d\d UTC\)$/,
			),
		});
		expect(stack.smtp.messages).toHaveLength(0);
		const store: WorkspaceStore = await stack.openWorkspace();
		expect(await store.consent.trail(contactId)).toEqual([
			expect.objectContaining({ channel: 'email', flag: 'dnd_email', source: 'workflow' }),
		]);
	});

	it("reads an action's statistics by its name", async () => {
		stack.smtp.refuseRecipient('bounce@example.com');
		await stack.trigger('templated-email', {
			contact: { email: 'stats@example.com' },
			templateId,
			sync: true,
		});
		await stack.trigger('templated-email', {
			contact: { email: 'bounce@example.com' },
			templateId,
			sync: true,
		});
		const { json } = await stack.trigger('statistics', {
			workflowId: 'aeTemplateEmail1',
			actionName: 'Booking Confirmation Email',
		});
		expect(json[0]).toMatchObject({
			workflow_id: 'aeTemplateEmail1',
			action_name: 'Booking Confirmation Email',
			rejected: 1,
		});
		expect(json[0].accepted).toBeGreaterThanOrEqual(6);
	});

	it("erases a contact on request (the right to erasure), keeping the action's counts anonymous", async () => {
		const sent = await stack.trigger('templated-email', {
			contact: { first_name: 'Erin', email: 'erin@example.com' },
			templateId,
			sync: true,
		});
		const contactId = sent.json.email.contact_id;
		const counts = async () =>
			(
				await stack.trigger('statistics', {
					workflowId: 'aeTemplateEmail1',
					actionName: 'Booking Confirmation Email',
				})
			).json[0];
		const before = await counts();
		const erased = await stack.trigger('erase-contact', { contactId });
		expect(erased.json[0]).toMatchObject({
			erased: 'contact',
			id: contactId,
			removed: { contacts: 1, delivery_records_anonymized: 1 },
		});
		expect(await counts()).toEqual(before);
		const store: WorkspaceStore = await stack.openWorkspace();
		expect(await store.contacts.get(contactId)).toBeUndefined();
		expect(JSON.stringify(await store.db.all('SELECT * FROM delivery_records'))).not.toContain(
			'erin@example.com',
		);
		const failed = await stack.trigger('erase-contact', { contactId });
		expect(failed.status).toBe('error');
		expect(failed.run.error.message).toBe(`Contact ID: no contact has the id ${contactId}`);
	});

	it('erases a team user named by email, leaving their contacts unassigned', async () => {
		const store: WorkspaceStore = await stack.openWorkspace();
		const ivy = await store.teamUsers.create({
			name: 'Ivy Departed',
			email: 'ivy.departed@glowmedspa.test',
		});
		const contact = await store.contacts.findOrCreate({
			email: 'ivys.patient@example.com',
			assigned_user_id: ivy.id,
		});
		const erased = await stack.trigger('erase-user', { user: 'ivy.departed@glowmedspa.test' });
		expect(erased.json[0]).toMatchObject({
			erased: 'team_user',
			id: ivy.id,
			removed: { team_users: 1, contacts_unassigned: 1 },
		});
		expect(await store.teamUsers.get(ivy.id)).toBeUndefined();
		expect((await store.contacts.get(contact.id))!.assigned_user_id).toBeNull();
	});
});
