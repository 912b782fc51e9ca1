/**
 * The credentials' tests as the editor's Test button runs them, and the dropdowns the editor fills
 * from the workspace, in a real n8n host. The Workspace node's operations run in process:
 * test/inprocess/workspace.test.ts.
 */
const { startStack } = require('../support/stack');
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

// The dropdown test saves the template it then finds.
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

describe('the editor reading the workspace', () => {
	it('fills the Template and team user dropdowns from the workspace', async () => {
		const saved = await stack.trigger('save-template', {
			name: 'Confirmation',
			subject: 'See you {{appointment.only_start_date}}',
			body: '<p>Version 1 for {{contact.first_name}}</p>',
		});
		const templateId = saved.json[0].id;
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
});
