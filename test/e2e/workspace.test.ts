/**
 * The credentials' tests as the editor's Test button runs them, and the Workspace node driving saved
 * templates, contacts and statistics that Send Email reads, in a real n8n host.
 */
const { startStack, exampleWorkflow, variant } = require('../support/stack');
const { webhookWorkflow: hookedWorkflow } = require('../support/workflows');

const webhookWorkflow = (id: string, path: string, node: Record<string, unknown>) =>
	hookedWorkflow(id, path, { credentials: { aesthetixWorkspaceApi: WORKSPACE }, ...node });
const { SmtpDouble } = require('../support/smtpDouble');
const { TwilioDouble } = require('../support/twilioDouble');
const { SlackDouble } = require('../support/slackDouble');

jest.setTimeout(300_000);

type Stack = Awaited<ReturnType<typeof startStack>>;
let stack: Stack;
let twilio: InstanceType<typeof TwilioDouble>;
let slack: InstanceType<typeof SlackDouble>;
let authedSmtp: InstanceType<typeof SmtpDouble>;

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
	twilio = await new TwilioDouble({
		apiKeys: { SK00000000000000000000000000000001: 'key-secret' },
	}).start();
	slack = await new SlackDouble().start();
	authedSmtp = await new SmtpDouble({ user: 'spa', password: 'right-password' }).start();
	stack = await startStack({ name: 'workspace', port: 5711, workflows });
});

afterAll(async () => {
	await stack?.stop();
	await Promise.all([twilio?.stop(), slack?.stop(), authedSmtp?.stop()]);
});

describe('credential tests', () => {
	it('Aesthetix SMTP logs in to the server, and names the refusal when it cannot', async () => {
		const base = {
			host: '127.0.0.1',
			port: authedSmtp.port,
			secure: false,
			starttls: 'never',
			user: 'spa',
			poolSize: 1,
			rateLimit: 0,
		};
		expect(
			await stack.host.testCredential('aesthetixSmtpApi', { ...base, password: 'right-password' }),
		).toMatchObject({ status: 'OK' });
		const wrong = await stack.host.testCredential('aesthetixSmtpApi', {
			...base,
			password: 'wrong',
		});
		expect(wrong).toMatchObject({ status: 'Error' });
		expect(wrong.message).toMatch(/refused the login for "spa": 535/);
		const down = await stack.host.testCredential('aesthetixSmtpApi', { ...base, port: 1 });
		expect(down.message).toMatch(
			/Could not reach the SMTP server at 127\.0\.0\.1:1: the connection was refused/,
		);
	});

	it('Aesthetix Twilio API fetches the account with a token or an API key', async () => {
		const base = {
			accountSid: twilio.accountSid,
			apiBaseUrl: twilio.baseUrl,
			senderType: 'phoneNumber',
			fromNumber: '+15550009999',
		};
		expect(
			await stack.host.testCredential('aesthetixTwilioApi', {
				...base,
				authType: 'authToken',
				authToken: twilio.authToken,
			}),
		).toMatchObject({ status: 'OK' });
		expect(
			await stack.host.testCredential('aesthetixTwilioApi', {
				...base,
				authType: 'apiKey',
				apiKeySid: 'SK00000000000000000000000000000001',
				apiKeySecret: 'key-secret',
			}),
		).toMatchObject({ status: 'OK' });
		expect(
			await stack.host.testCredential('aesthetixTwilioApi', {
				...base,
				authType: 'authToken',
				authToken: 'wrong',
			}),
		).toMatchObject({ status: 'Error' });
	});

	it('Aesthetix Slack API calls auth.test with the bot token', async () => {
		expect(
			await stack.host.testCredential('aesthetixSlackApi', {
				botToken: 'xoxb-test-bot',
				apiUrl: slack.apiUrl,
			}),
		).toMatchObject({ status: 'OK' });
		const wrong = await stack.host.testCredential('aesthetixSlackApi', {
			botToken: 'xoxb-nope',
			apiUrl: slack.apiUrl,
		});
		expect(wrong).toMatchObject({ status: 'Error', message: 'Slack refused the bot token' });
	});

	it('Aesthetix Workspace API opens the store and checks the settings', async () => {
		const data = {
			storeType: 'sqlite',
			sqliteFile: `${stack.root}/credential-test.sqlite`,
			timeZone: 'America/Chicago',
			publicBaseUrl: 'https://n8n.glow.test',
		};
		expect(await stack.host.testCredential('aesthetixWorkspaceApi', data)).toMatchObject({
			status: 'OK',
			message: 'The workspace store is ready',
		});
		expect(
			await stack.host.testCredential('aesthetixWorkspaceApi', {
				...data,
				timeZone: 'Mars/Olympus',
			}),
		).toMatchObject({
			status: 'Error',
			message: 'Time Zone "Mars/Olympus" is not an IANA time zone such as America/New_York',
		});
		const pg = await stack.host.testCredential('aesthetixWorkspaceApi', {
			...data,
			storeType: 'postgres',
			pgHost: '127.0.0.1',
			pgPort: 1,
		});
		expect(pg.status).toBe('Error');
		expect(pg.message).toMatch(/^The workspace store could not be opened/);
	});
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
		// The suite's one store, shared with the tests after this one: not closed here.
		const store = await stack.openWorkspace();
		expect(await store.consent.trail(contactId)).toEqual([
			expect.objectContaining({ channel: 'email', flag: 'dnd_email', source: 'workflow' }),
		]);
	});

	it('fills the Template and team user dropdowns from the workspace', async () => {
		const options = (
			nodeName: string,
			methodName: string,
			currentNodeParameters: Record<string, unknown>,
		) =>
			stack.host.rest('/dynamic-node-parameters/options', {
				method: 'POST',
				body: {
					path: 'parameters.x',
					nodeTypeAndVersion: { name: `n8n-nodes-aesthetix.${nodeName}`, version: 1 },
					methodName,
					currentNodeParameters,
					credentials: { aesthetixWorkspaceApi: WORKSPACE },
				},
			});
		const templates = (await options('sendEmail', 'getEmailTemplates', {})).data;
		expect(templates[0]).toEqual({ name: '- None (Write the Message Here) -', value: '' });
		expect(templates).toContainEqual({
			name: 'Confirmation',
			value: String(templateId),
			description: 'See you {{appointment.only_start_date}}',
		});
		const sms = (await options('sendSms', 'getSmsTemplates', {})).data;
		expect(sms).toEqual([{ name: '- None (Write the Message Here) -', value: '' }]);
		const users = (await options('internalNotification', 'getTeamUsers', { type: 'inApp' })).data;
		expect(Array.isArray(users)).toBe(true);
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
		const store = await stack.openWorkspace();
		expect(await store.contacts.get(contactId)).toBeUndefined();
		expect(JSON.stringify(await store.db.all('SELECT * FROM delivery_records'))).not.toContain(
			'erin@example.com',
		);
		const before2 = await stack.host.lastExecutionId('aeEraseContact01');
		expect((await stack.trigger('erase-contact', { contactId })).status).toBe(500);
		const failed = await stack.host.lastExecution('aeEraseContact01', { after: before2 });
		expect(failed.data.resultData.error.message).toBe(
			`Contact ID: no contact has the id ${contactId}`,
		);
	});

	it('erases a team user named by email, leaving their contacts unassigned', async () => {
		const store = await stack.openWorkspace();
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
