/**
 * The Templates page of the Inbox in a real n8n host, driven in headless Chromium at desktop and
 * phone sizes: Write with AI against the chat completions double (the spec's HydraFacial prompt),
 * Use Subject, Re-generate, Use Email, saving the template, Send Test Mail and Send Test SMS, the
 * custom-value picker and the preview's blank fields, a failing and a slow model, and a Send Email
 * workflow that sends the saved template. Screenshots go to test-artifacts/templates/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { WorkspaceStore } from '../../core/store/workspaceStore';
import { signedInPage } from '../support/inboxBrowser';

const {
	startStack,
	exampleWorkflow,
	variant,
	CREDENTIAL_IDS,
	ARTIFACTS,
} = require('../support/stack');
const { ChatDouble } = require('../support/chatDouble');
const { setPassword } = require('../../dist/core/inbox/auth');

jest.setTimeout(300_000);

type Stack = Awaited<ReturnType<typeof startStack>>;
let stack: Stack;
let store: WorkspaceStore;
let browser: Browser;
let chat: InstanceType<typeof ChatDouble>;
const shots = join(ARTIFACTS, 'templates');
const PASSWORD = 'Glow-Inbox-2026';
const HYDRAFACIAL = 'Write a promotional email offering 20% off a first HydraFacial';
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
const AI_CREDENTIAL = 'aeAiModelLocal01';

// The endpoint with the optional credentials the Templates page uses: SMTP for Send Test Mail, the model for Write with AI.
const endpoint = variant(exampleWorkflow('workspace-endpoint.json'), {
	id: 'aeWorkspaceEndpt',
	nodes: {
		'Workspace Endpoint': (node: { credentials: Record<string, unknown> }) => {
			node.credentials.aesthetixSmtpApi = { id: CREDENTIAL_IDS.smtp, name: 'Local SMTP' };
			node.credentials.aesthetixAiModelApi = { id: AI_CREDENTIAL, name: 'Local chat model' };
		},
	},
});
const workflows = [endpoint, exampleWorkflow('hydrafacial-promo.json')];
const inbox = () => `${stack.host.baseUrl}/webhook/aesthetix/inbox`;

function signedIn(email: string, viewport = DESKTOP): Promise<Page> {
	return signedInPage(browser, inbox(), email, PASSWORD, viewport);
}

/** Submits the template form with one of its buttons and waits for the page it answers with. */
/** The text of an email preview, which the page shows in a sandboxed frame of its own. */
function previewText(page: Page, frame: string): Promise<string | null> {
	return page.frameLocator(frame).locator('body').textContent();
}

async function press(page: Page, selector: string): Promise<void> {
	await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

beforeAll(async () => {
	mkdirSync(shots, { recursive: true });
	chat = await new ChatDouble().start();
	stack = await startStack({
		name: 'templates',
		port: 5791,
		workflows,
		extraCredentials: () => [
			{
				id: AI_CREDENTIAL,
				name: 'Local chat model',
				type: 'aesthetixAiModelApi',
				data: {
					baseUrl: chat.baseUrl,
					model: 'draft-writer',
					apiKey: chat.apiKey,
					timeoutSeconds: 3,
				},
			},
		],
	});
	store = await stack.openWorkspace();
	for (const user of [
		{ name: 'Olivia Owner', email: 'owner@glowmedspa.test', role: 'owner' },
		{ name: 'Maya Lopez', email: 'maya@glowmedspa.test', role: 'coordinator' },
	]) {
		await setPassword(store, (await store.teamUsers.create(user)).id, PASSWORD);
	}
	browser = await chromium.launch({
		executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
	});
});

afterEach(() => chat.behave('ok'));

afterAll(async () => {
	await browser?.close();
	await store?.close();
	await stack?.stop();
	await chat?.stop();
});

describe('Write with AI to a saved template to a Send Email', () => {
	it("takes the spec's HydraFacial prompt from Generate to a saved template that a Send Email sends", async () => {
		const page = await signedIn('owner@glowmedspa.test');
		await press(page, 'header a:has-text("Templates")');
		await page.screenshot({ path: join(shots, 'desktop-templates-empty.png'), fullPage: true });
		await press(page, 'a:has-text("New Email template")');

		await page.fill('textarea[name=ai_prompt]', HYDRAFACIAL);
		await page.selectOption('select[name=ai_tone]', 'Friendly');
		await press(page, 'button:has-text("Generate")');
		await expect(page.textContent('#ai-draft-subject')).resolves.toBe(
			'20% off your first HydraFacial',
		);
		await expect(previewText(page, '#ai-draft #preview-body')).resolves.toContain('Hi Jane!');
		await page.screenshot({ path: join(shots, 'desktop-ai-draft.png'), fullPage: true });

		await page.fill('input[name=ai_followup]', 'Mention that the offer ends on Friday.');
		await press(page, 'button:has-text("Re-generate")');
		await expect(previewText(page, '#ai-draft #preview-body')).resolves.toContain(
			'the offer ends on Friday',
		);
		await expect(page.isChecked('input[name=use_subject]')).resolves.toBe(true);
		await press(page, 'button:has-text("Use Email")');
		await expect(page.inputValue('input[name=subject]')).resolves.toBe(
			'20% off your first HydraFacial',
		);
		await expect(page.inputValue('textarea[name=body]')).resolves.toContain(
			'Hi {{contact.first_name}}!',
		);
		await expect(page.textContent('.notice')).resolves.toBe(
			'The AI draft is in the form. Save the template to keep it.',
		);
		expect(chat.problems).toEqual([]);
		expect(chat.requests.map((r: { messages: unknown[] }) => r.messages.length)).toEqual([2, 4]);

		await page.fill('input[name=name]', 'HydraFacial 20% Off');
		await press(page, 'button:has-text("Save template")');
		await expect(page.textContent('.notice')).resolves.toBe('Template saved.');
		await expect(previewText(page, '#preview-body')).resolves.toContain('Hi Jane!');
		await expect(page.textContent('#blank-fields')).resolves.toBe(
			'Every custom value has a value for this sample.',
		);
		await page.screenshot({ path: join(shots, 'desktop-template-saved.png'), fullPage: true });
		const [saved] = await store.templates.list('email');
		expect(saved).toMatchObject({
			name: 'HydraFacial 20% Off',
			subject: '20% off your first HydraFacial',
		});

		await page.fill('input[name=test_from]', 'hello@glowmedspa.test');
		await page.fill('input[name=test_to]', 'owner@glowmedspa.test');
		await press(page, 'button:has-text("Send Test Mail")');
		await expect(page.textContent('.notice')).resolves.toBe(
			'Test mail sent to owner@glowmedspa.test.',
		);
		const [test] = await stack.smtp.waitForMessages(1);
		expect(test).toMatchObject({
			subject: '[Test] 20% off your first HydraFacial',
			to: ['owner@glowmedspa.test'],
		});
		expect(test.html).toContain('Hi Jane!');

		const sent = await stack.trigger('hydrafacial-promo', {
			template_id: saved.id,
			contact: { first_name: 'Ana', email: 'ana@example.com' },
		});
		expect(sent.status).toBe(200);
		expect(sent.json.email).toMatchObject({
			status: 'accepted',
			to: 'ana@example.com',
			subject: '20% off your first HydraFacial',
		});
		expect(sent.json.email.template).toMatchObject({
			id: saved.id,
			name: 'HydraFacial 20% Off',
			synced: true,
		});
		const mails = await stack.smtp.waitForMessages(2);
		expect(mails[1]).toMatchObject({
			to: ['ana@example.com'],
			subject: '20% off your first HydraFacial',
		});
		expect(mails[1].html).toContain('Hi Ana!');
		expect(mails[1].html).toContain('Glow Med Spa');
		expect(mails[1].html).toContain('the offer ends on Friday');
		// A promotion is marketing email: its unsubscribe link is added at the foot.
		expect(sent.json.email.email_type).toBe('marketing');
		expect(mails[1].html).toContain(
			`<a href="${sent.json.email.unsubscribe_link}">Unsubscribe</a>`,
		);
	});
});

describe('the Aesthetix AI Model API credential', () => {
	it('tests the address, key and model with a short chat completion the published schema accepts', async () => {
		const data = {
			baseUrl: chat.baseUrl,
			model: 'draft-writer',
			apiKey: chat.apiKey,
			timeoutSeconds: 3,
		};
		const before = chat.requests.length;
		expect(await stack.host.testCredential('aesthetixAiModelApi', data)).toMatchObject({
			status: 'OK',
		});
		expect(chat.requests[before]).toMatchObject({ model: 'draft-writer', max_tokens: 5 });
		expect(chat.problems).toEqual([]);
		const wrong = await stack.host.testCredential('aesthetixAiModelApi', {
			...data,
			apiKey: 'sk-wrong',
		});
		expect(wrong.status).toBe('Error');
	});
});

describe('the Templates page', () => {
	it('builds an SMS template on a phone with the custom-value picker, lists blank fields, and sends a test SMS', async () => {
		const page = await signedIn('owner@glowmedspa.test', PHONE);
		await page.goto(`${inbox()}/templates`);
		await page.screenshot({ path: join(shots, 'phone-templates.png'), fullPage: true });
		await press(page, 'a:has-text("New SMS template")');
		await page.fill('input[name=name]', 'Reminder with provider');
		await page.fill('textarea[name=body]', 'Hi');
		await page.click('#custom-values summary');
		await press(page, 'button.tag:has-text("{{contact.first_name}}")');
		await page.fill(
			'textarea[name=body]',
			`${await page.inputValue('textarea[name=body]')}, see you on`,
		);
		await page.click('#custom-values summary');
		await press(page, 'button.tag:has-text("{{appointment.only_start_date}}")');
		await page.fill('textarea[name=body]', `${await page.inputValue('textarea[name=body]')} with`);
		await page.click('#custom-values summary');
		await press(page, 'button.tag:has-text("{{user.first_name}}")');
		await expect(page.inputValue('textarea[name=body]')).resolves.toBe(
			'Hi {{contact.first_name}}, see you on {{appointment.only_start_date}} with {{user.first_name}}',
		);
		await expect(page.textContent('#preview-body')).resolves.toMatch(
			/^Hi Jane, see you on \w+day, \w+ \d+, \d{4} with $/,
		);
		await expect(page.textContent('#blank-fields li')).resolves.toBe(
			'{{user.first_name}}: needs A contact with an assigned user (Assign to User earlier in the workflow, or the trigger)',
		);
		await page.screenshot({ path: join(shots, 'phone-sms-template.png'), fullPage: true });
		await page.fill('input[name=test_to]', '+1 555 555 0199');
		await press(page, 'button:has-text("Send Test SMS")');
		await expect(page.textContent('.notice')).resolves.toBe('Test SMS sent to +15555550199.');
		const [text] = await stack.twilio.waitForMessages(1);
		expect(text).toMatchObject({ to: '+15555550199' });
		expect(text.body).toMatch(/^Hi Jane, see you on /);
		await press(page, 'button:has-text("Save template")');
		expect((await store.templates.list('sms')).map((t) => t.body)).toEqual([
			'Hi {{contact.first_name}}, see you on {{appointment.only_start_date}} with {{user.first_name}}',
		]);
	});

	it('shows what went wrong when the model fails or is too slow, and keeps the form', async () => {
		const page = await signedIn('owner@glowmedspa.test');
		await page.goto(`${inbox()}/template?kind=email`);
		await page.fill('input[name=name]', 'Unsaved draft');
		await page.fill('textarea[name=body]', '<p>My own words</p>');
		await page.fill('textarea[name=ai_prompt]', HYDRAFACIAL);
		chat.behave('fail');
		await press(page, 'button:has-text("Generate")');
		await expect(page.textContent('#ai-error')).resolves.toBe(
			'The model answered HTTP 500: The server had an error while processing your request. Sorry about that!. Nothing was changed; try Generate again.',
		);
		await expect(page.inputValue('textarea[name=body]')).resolves.toBe('<p>My own words</p>');
		await page.screenshot({ path: join(shots, 'desktop-ai-failed.png'), fullPage: true });
		chat.behave('slow', 8000);
		const started = Date.now();
		await press(page, 'button:has-text("Generate")');
		await expect(page.textContent('#ai-error')).resolves.toBe(
			'The model did not answer within 3 seconds. Nothing was changed; try Generate again.',
		);
		expect(Date.now() - started).toBeLessThan(7000);
		await expect(page.inputValue('input[name=name]')).resolves.toBe('Unsaved draft');
	});

	it('is for owners and admins only, refuses a form without its CSRF token, and deletes from the list', async () => {
		const maya = await signedIn('maya@glowmedspa.test');
		expect(await maya.locator('header a:has-text("Templates")').count()).toBe(0);
		expect((await maya.goto(`${inbox()}/templates`))?.status()).toBe(403);
		const owner = await signedIn('owner@glowmedspa.test');
		const forged = await owner.context().request.post(`${inbox()}/template`, {
			form: { kind: 'email', name: 'Forged', body: 'x', action: 'save' },
			maxRedirects: 0,
		});
		expect(forged.status()).toBe(403);
		expect((await store.templates.list('email')).map((t) => t.name)).not.toContain('Forged');
		await owner.goto(`${inbox()}/templates`);
		await press(owner, 'button[aria-label="Delete Reminder with provider"]');
		await expect(owner.textContent('.notice')).resolves.toBe('Deleted "Reminder with provider".');
		expect(await store.templates.list('sms')).toEqual([]);
	});
});
