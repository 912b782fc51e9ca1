import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { handleTemplates, type TemplatesDeps } from '../../core/inbox/templatesRoute';
import { migrate } from '../../core/store/migrations';
import { SqliteDatabase } from '../../core/store/sqliteDatabase';
import { WorkspaceStore } from '../../core/store/workspaceStore';
import { createSmtpTransport } from '../../providers/smtp';
import { createTwilioMessaging } from '../../providers/twilio';

const { SmtpDouble } = require('../support/smtpDouble');
const { TwilioDouble } = require('../support/twilioDouble');

jest.setTimeout(30_000);

const dir = mkdtempSync(join(tmpdir(), 'aesthetix-templates-'));
let store: WorkspaceStore;
let smtp: InstanceType<typeof SmtpDouble>;
let twilio: InstanceType<typeof TwilioDouble>;
let deps: TemplatesDeps;
const ctx = { base: '/inbox', csrf: 'token' };
const company = { name: 'Glow Med Spa', phone: '+15550001111', time_zone: 'America/New_York' };

const post = (body: Record<string, unknown>, over: Partial<TemplatesDeps> = {}) =>
	handleTemplates({ method: 'POST', route: 'template', query: {}, body }, ctx, {
		...deps,
		...over,
	});

beforeAll(async () => {
	const db = new SqliteDatabase(join(dir, 'workspace.sqlite'));
	await migrate(db);
	store = new WorkspaceStore(db);
	smtp = await new SmtpDouble().start();
	twilio = await new TwilioDouble().start();
	deps = {
		store,
		base: '/inbox',
		company,
		mail: () =>
			createSmtpTransport({
				host: '127.0.0.1',
				port: smtp.port,
				secure: false,
				starttls: 'never',
				poolSize: 1,
				rateLimitPerSecond: 0,
				timeoutMs: 3000,
			}),
		texts: createTwilioMessaging({
			accountSid: twilio.accountSid,
			auth: { kind: 'authToken', authToken: twilio.authToken },
			webhookAuthToken: twilio.authToken,
			sender: { kind: 'phoneNumber', fromNumber: '+15550009999' },
			apiBaseUrl: twilio.baseUrl,
		}),
	};
});

afterAll(async () => {
	await smtp.stop();
	await twilio.stop();
	await store.close();
	rmSync(dir, { recursive: true, force: true });
});

describe('the Templates page', () => {
	it('without a model, the Write with AI button says how to configure one', async () => {
		const page = await handleTemplates(
			{ method: 'GET', route: 'template', query: { kind: 'email' }, body: {} },
			ctx,
			deps,
		);
		expect(page.html).toContain(
			'<button class="btn" disabled id="ai-setup">Write with AI needs a model: in n8n, add an &quot;Aesthetix AI Model API&quot; credential (base URL, model, API key of any OpenAI-compatible chat completions API) to the Workspace Endpoint node, then publish its workflow again.</button>',
		);
		const generate = await post({
			kind: 'email',
			name: 'x',
			body: 'y',
			ai_prompt: 'Write something',
			action: 'generate',
		});
		expect(generate.status).toBe(400);
	});

	it('saves, refuses a template that cannot render, and escapes merge values in the preview', async () => {
		const broken = await post({
			kind: 'email',
			name: 'Broken',
			subject: 'Hi',
			body: 'Hi {{#if contact.first_name}}',
			action: 'save',
		});
		expect(broken.status).toBe(400);
		expect(broken.html).toContain('Message has a merge field that cannot be read');
		const saved = await post({
			kind: 'email',
			name: 'Welcome',
			subject: 'Welcome {{contact.first_name}}',
			body: '<p>Hi {{contact.first_name}}</p>',
			action: 'save',
		});
		expect(saved.status).toBe(303);
		const [template] = await store.templates.list('email');
		expect(saved.redirect).toBe(`/inbox/template?id=${template.id}&saved=1`);
		const clash = await post({
			kind: 'email',
			name: 'Welcome',
			subject: '',
			body: 'Other',
			action: 'save',
		});
		expect(clash.status).toBe(409);
	});

	it('sends a test SMS and a test mail rendered for the sample contact', async () => {
		const sms = await post({
			kind: 'sms',
			name: 'Reminder',
			body: 'Hi {{contact.first_name}}',
			test_to: '+1 555 555 0199',
			action: 'test',
		});
		expect(sms.html).toContain('Test SMS sent to +15555550199.');
		const [text] = await twilio.waitForMessages(1);
		expect(text).toMatchObject({ to: '+15555550199', body: 'Hi Jane' });
		const mail = await post({
			kind: 'email',
			name: 'Promo',
			subject: 'For {{contact.first_name}}',
			body: '<p>Hi {{contact.first_name}}</p>',
			test_to: 'me@glow.test',
			test_from: 'hello@glow.test',
			action: 'test',
		});
		expect(mail.html).toContain('Test mail sent to me@glow.test.');
		const [sent] = await smtp.waitForMessages(1);
		expect(sent).toMatchObject({ subject: '[Test] For Jane', to: ['me@glow.test'] });
		const bad = await post({
			kind: 'sms',
			name: 'Reminder',
			body: 'Hi',
			test_to: '555',
			action: 'test',
		});
		expect(bad.status).toBe(400);
		expect(bad.html).toContain('Test phone number &quot;555&quot; needs a + and the country code');
	});
});
