/**
 * n8n's real editor in Chromium, in light and dark theme, with this package installed in a real n8n
 * host: a value dragged from the input panel into Send SMS's Message beside a custom value, run with
 * "Execute step", and the warning an editor run shows when it reached a real contact. Screenshots
 * land in test-artifacts/editor/.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import {
	canvasNode,
	executeStep,
	showJson,
	launchChromium,
	openNode,
	openWorkflow,
	screenshots,
	showTheme,
	signedInEditor,
	THEMES,
} from '../support/editorBrowser';

const { startStack, CREDENTIAL_IDS } = require('../support/stack');
const { editorWorkflow, eventually } = require('../support/workflows');

jest.setTimeout(600_000);

type Stack = Awaited<ReturnType<typeof startStack>>;
let stack: Stack;
let browser: Browser;

const TESTER = '+15550001000';
const twilio = {
	aesthetixTwilioApi: { id: CREDENTIAL_IDS.twilio, name: 'Local Twilio' },
	aesthetixWorkspaceApi: { id: CREDENTIAL_IDS.workspace, name: 'Glow Med Spa workspace' },
};
/** 15:00 UTC is 10:00 AM in the workspace's America/New_York. */
const person = (phone: string) => ({
	first_name: 'Jane',
	phone,
	appointment: { start_time: '2026-12-01T15:00:00Z' },
});
const sendSms = (message: string, testPhoneNumber: string) => ({
	name: 'Send SMS',
	type: 'n8n-nodes-aesthetix.sendSms',
	parameters: {
		contact: '={{ { first_name: $json.first_name, phone: $json.phone } }}',
		message,
		testPhoneNumber,
	},
	credentials: twilio,
});
const CONTACT = '+15553340001';
const DRAGGED = 'aeUiDragged0001';
const WARNED = 'aeUiWarned00001';

const workflows = [
	editorWorkflow(DRAGGED, sendSms('', TESTER), [person(CONTACT)]),
	editorWorkflow(WARNED, sendSms('See you soon, {{contact.first_name}}!', ''), [person(CONTACT)]),
	everyNode(),
];

/**
 * The editor signed in, in light theme. What the tests assert does not depend on the theme; each
 * screenshot is taken in both (`screenshots`), and the icons are checked in both.
 */
function editor(): Promise<Page> {
	return signedInEditor(browser, { baseUrl: stack.host.baseUrl, owner: stack.host.owner }, 'light');
}

beforeAll(async () => {
	stack = await startStack({ name: 'editor', port: 5831, workflows });
	browser = await launchChromium();
});

afterAll(async () => {
	await browser?.close();
	await stack?.stop();
});

beforeEach(() => stack.twilio.reset());

/** Every node of the package on one canvas, with the options whose stored values once showed as subtitles. */
function everyNode(): Record<string, unknown> {
	const workspace = { aesthetixWorkspaceApi: twilio.aesthetixWorkspaceApi };
	const smtp = { aesthetixSmtpApi: { id: CREDENTIAL_IDS.smtp, name: 'Local SMTP' }, ...workspace };
	const slack = {
		aesthetixSlackApi: { id: CREDENTIAL_IDS.slack, name: 'Local Slack' },
		...workspace,
	};
	const hook = (n: number) => `7e1f0c2a-9b3d-4c5e-8f6a-${String(n).padStart(12, '0')}`;
	const nodes: Array<
		[string, string, Record<string, unknown>, Record<string, unknown>, Record<string, unknown>?]
	> = [
		[
			'Send Email',
			'sendEmail',
			{
				subject: 'Thanks for booking',
				message: 'Hi {{contact.first_name}}',
				copies: { bcc: 'records@glowmedspa.test', cc: 'frontdesk@glowmedspa.test' },
			},
			smtp,
		],
		['Send SMS', 'sendSms', { message: 'See you soon, {{contact.first_name}}!' }, twilio],
		[
			'Slack',
			'slack',
			{
				event: 'publicChannel',
				channel: { __rl: true, mode: 'id', value: 'CFRONTDESK' },
				message: 'New lead',
			},
			slack,
		],
		[
			'Notify by Email',
			'internalNotification',
			{ type: 'email', subject: 'New lead', message: 'A new lead' },
			smtp,
		],
		[
			'Notify in the App',
			'internalNotification',
			{ type: 'inApp', title: 'New lead', message: 'A new lead' },
			workspace,
		],
		[
			'Manual Action SMS',
			'manualActionSms',
			{ message: 'Hi {{contact.first_name}}', advancedSettings: { assignTo: '' } },
			workspace,
			{ typeVersion: 1.1, webhookId: hook(1) },
		],
		[
			'Manual Action Call',
			'manualActionCall',
			{},
			workspace,
			{ typeVersion: 1.1, webhookId: hook(2) },
		],
		[
			'Complete SMS Task',
			'manualActions',
			{ operation: 'complete', taskType: 'sms' },
			workspace,
			{ typeVersion: 1.1 },
		],
		[
			'Complete Call Task',
			'manualActions',
			{ operation: 'complete', taskType: 'call' },
			workspace,
			{ typeVersion: 1.1 },
		],
		['Call', 'call', {}, twilio, { webhookId: hook(3) }],
		[
			'Voicemail',
			'voicemail',
			{ audioSource: 'url', audioUrl: 'https://files.glowmedspa.test/vm.mp3' },
			twilio,
			{ webhookId: hook(4) },
		],
		['Review Request', 'reviewRequest', { reviewType: 'sms' }, twilio],
		['Log External Call', 'logExternalCall', { direction: 'inbound' }, workspace],
		[
			'Find Contact',
			'workspace',
			{ resource: 'contact', operation: 'findOrCreate', phone: '+15551234567' },
			workspace,
		],
		[
			'Workspace Endpoint',
			'workspaceEndpoint',
			{ path: 'aesthetix-ui' },
			workspace,
			{ webhookId: hook(5) },
		],
		[
			'Inbound Webhook Trigger',
			'inboundWebhookTrigger',
			{ path: 'inbound-ui', authentication: 'none' },
			workspace,
			{ webhookId: hook(6) },
		],
	];
	return {
		id: 'aeUiEveryNode01',
		name: 'Every Aesthetix node',
		active: false,
		settings: { executionOrder: 'v1' },
		// A Manual Trigger keeps the workflow an editor-only one: its triggers are shown, never activated.
		nodes: [
			{
				id: 'aeUiEveryNode01-start',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [-320, 0],
				parameters: {},
			},
		].concat(
			nodes.map(([name, type, parameters, credentials, extra], i) => ({
				id: `aeUiEveryNode01-${i}`,
				name,
				type: `n8n-nodes-aesthetix.${type}`,
				typeVersion: 1,
				position: [(i % 4) * 320, Math.floor(i / 4) * 220],
				parameters,
				credentials,
				...(extra ?? {}),
			})),
		),
		connections: {},
	};
}

const EVERY = 'aeUiEveryNode01';
/** The canvas subtitles the issue found as stored values (inApp, sms, publicChannel, getAll...), as the panel names them. */
const SUBTITLES: Record<string, string> = {
	Slack: 'Send Public Channel Message',
	'Notify by Email': 'Email',
	'Notify in the App': 'Notification (In-App)',
	'Review Request': 'SMS',
	'Log External Call': 'Inbound',
	'Complete SMS Task': 'Complete',
};

/** The parameters a node's panel shows, in the order it shows them (collections' fields as `copies.cc`). */
async function shownFields(ndv: Locator): Promise<string[]> {
	await ndv.locator('[data-parameter-path]').first().waitFor();
	const paths = await ndv
		.locator('[data-parameter-path]')
		.evaluateAll((els) => els.map((e) => e.getAttribute('data-parameter-path') ?? ''));
	return [...new Set(paths.map((p) => p.replace(/^parameters\./, '')))];
}

async function closeNode(page: Page): Promise<void> {
	await page.keyboard.press('Escape');
	await page.locator('[data-test-id="ndv"]').waitFor({ state: 'hidden' });
}

/** The given fields as the panel orders them (the others left out), to compare with the order expected. */
const inOrder = (fields: string[], ...wanted: string[]) => fields.filter((f) => wanted.includes(f));

describe('every node of the package', () => {
	it('has its own icon on the canvas, drawn for each theme, and a readable subtitle', async () => {
		const page = await editor();
		await openWorkflow(page, stack.host.baseUrl, EVERY);
		for (const theme of THEMES) {
			await showTheme(page, theme);
			await page.waitForFunction(
				`[...document.querySelectorAll('[data-test-id="canvas-node"][data-node-type^="n8n-nodes-aesthetix."] img')].length === 16`,
			);
			const shown: Array<{ name: string; type: string; icon: string; subtitle: string }> =
				await page
					.locator('[data-test-id="canvas-node"][data-node-type^="n8n-nodes-aesthetix."]')
					.evaluateAll((nodes) =>
						nodes.map((n) => ({
							name: n.getAttribute('data-node-name') ?? '',
							type: n.getAttribute('data-node-type') ?? '',
							icon: n.querySelector('img')?.getAttribute('src') ?? '',
							subtitle: n.querySelector('[class*="_subtitle_"]')?.textContent?.trim() ?? '',
						})),
					);
			const iconOfType = new Map(shown.map((n) => [n.type, n.icon]));
			expect(iconOfType.size).toBe(14);
			expect(new Set(iconOfType.values()).size).toBe(14);
			for (const icon of iconOfType.values()) {
				expect(icon).toMatch(/^\/icons\/n8n-nodes-aesthetix\/dist\/icons\/[a-z-]+(\.dark)?\.svg$/);
				expect([theme, icon.endsWith('.dark.svg')]).toEqual([theme, theme === 'dark']);
				// The browser asks the host for the same URL: it must be the SVG, not a 404 drawn as a broken image.
				const served = await page.request.get(`${stack.host.baseUrl}${icon}`);
				expect([icon, served.status(), served.headers()['content-type']]).toEqual([
					icon,
					200,
					expect.stringContaining('svg'),
				]);
			}
			const subtitles = Object.fromEntries(shown.map((n) => [n.name, n.subtitle]));
			for (const [name, subtitle] of Object.entries(SUBTITLES))
				expect([name, subtitles[name]]).toEqual([name, subtitle]);
			expect(subtitles['Find Contact']).toMatch(/: Contact$/);
			expect(
				Object.values(subtitles).filter((s) =>
					/^(inApp|sms|email|publicChannel|getAll|complete|inbound|findOrCreate)$/.test(s),
				),
			).toEqual([]);
		}
		await screenshots(page, 'canvas-every-node');
	});

	it('labels each credential selector by what it connects', async () => {
		const page = await editor();
		await openWorkflow(page, stack.host.baseUrl, EVERY);
		const ndv = await openNode(page, 'Send SMS');
		await ndv.getByText('Twilio Account', { exact: true }).waitFor();
		await ndv.getByText('Workspace', { exact: true }).first().waitFor();
		expect(await ndv.getByText('Credential', { exact: true }).count()).toBe(0);
		await screenshots(page, 'ndv-credential-labels');
	});

	it("lists Internal Notification's fields in the spec's order per type, and Send Email's Cc before Bcc", async () => {
		const page = await editor();
		await openWorkflow(page, stack.host.baseUrl, EVERY);
		const email = await shownFields(await openNode(page, 'Notify by Email'));
		const emailOrder = ['fromName', 'fromEmail', 'toUserType', 'subject', 'message'];
		expect(inOrder(email, ...emailOrder)).toEqual(emailOrder);
		await screenshots(page, 'ndv-internal-notification-email');
		await closeNode(page);
		const inApp = await shownFields(await openNode(page, 'Notify in the App'));
		const inAppOrder = ['title', 'message', 'redirectPage', 'toUserType'];
		expect(inOrder(inApp, ...inAppOrder)).toEqual(inAppOrder);
		expect(inApp).not.toContain('fromName');
		await screenshots(page, 'ndv-internal-notification-in-app');
		await closeNode(page);
		const sendEmail = await openNode(page, 'Send Email');
		const fields = await shownFields(sendEmail);
		expect(inOrder(fields, 'copies.cc', 'copies.bcc')).toEqual(['copies.cc', 'copies.bcc']);
		await sendEmail
			.locator('[data-parameter-path="parameters.copies.cc"]')
			.scrollIntoViewIfNeeded();
		await screenshots(page, 'ndv-send-email-cc-bcc');
	});

	it('says on Call and Voicemail, which have no test number, that a run from the editor rings the real contact', async () => {
		const page = await editor();
		await openWorkflow(page, stack.host.baseUrl, EVERY);
		const call = await openNode(page, 'Call');
		await call
			.getByText(
				"Running this step from the editor (Execute step or Execute workflow) calls the contact's assigned user and then the real contact: there is no test number for it. Try it with a contact of your own.",
			)
			.waitFor();
		await screenshots(page, 'ndv-call-editor-run-notice');
		await closeNode(page);
		const voicemail = await openNode(page, 'Voicemail');
		await voicemail
			.getByText(
				'Running this step from the editor (Execute step or Execute workflow) drops the voicemail on the real contact: there is no test number for it. Try it with a contact of your own.',
			)
			.waitFor();
		await screenshots(page, 'ndv-voicemail-editor-run-notice');
	});

	it('starts Assign To on the contact owner, and shows only the task type’s fields when completing a manual action', async () => {
		const page = await editor();
		await openWorkflow(page, stack.host.baseUrl, EVERY);
		const sms = await openNode(page, 'Manual Action SMS');
		const assignTo = sms
			.locator('[data-parameter-path="parameters.advancedSettings.assignTo"] input')
			.first();
		await assignTo.scrollIntoViewIfNeeded();
		// The choices load from the workspace after the panel opens.
		await eventually(
			async () => expect(await assignTo.inputValue()).toBe('Contact Owner (Default)'),
			60_000,
		);
		await screenshots(page, 'ndv-assign-to-default');
		await closeNode(page);
		const smsTask = await shownFields(await openNode(page, 'Complete SMS Task'));
		expect(smsTask).toContain('message');
		expect(smsTask).not.toContain('outcome');
		await screenshots(page, 'ndv-complete-sms-task');
		await closeNode(page);
		const callTask = await shownFields(await openNode(page, 'Complete Call Task'));
		expect(callTask).toEqual(expect.arrayContaining(['outcome', 'notes']));
		expect(callTask).not.toContain('message');
		await screenshots(page, 'ndv-complete-call-task');
	});
});

// Last: a page that has run a step is left for a new one, which loads the whole editor again.
describe('the editor', () => {
	it("drags a field into Send SMS's Message beside a custom value, runs the step and shows the text that went out", async () => {
		const page = await editor();
		await openWorkflow(page, stack.host.baseUrl, DRAGGED);
		await screenshots(page, 'canvas-send-sms');
		const ndv = await openNode(page, 'Send SMS');
		const message = ndv.locator('[data-test-id="parameter-input-message"]');
		await ndv
			.locator('[data-test-id="ndv-input-panel"]')
			.getByText('first_name', { exact: true })
			.dragTo(message);
		// Dropping a field turns Message into an expression holding {{ $json.first_name }}, with the cursor in it.
		const expression = message.locator('.cm-content', { hasText: '$json.first_name' });
		await expression.waitFor();
		expect(await expression.innerText()).toBe('{{ $json.first_name }}');
		await expression.click();
		await page.keyboard.press('Control+End');
		await page.keyboard.insertText(', see you at {{appointment.only_start_time}}.');
		await page.keyboard.press('Control+Home');
		await page.keyboard.insertText('Hi ');
		expect(await expression.innerText()).toBe(
			'Hi {{ $json.first_name }}, see you at {{appointment.only_start_time}}.',
		);
		// The editor keeps the typed text after a short debounce: leave the field, then wait for n8n's own
		// preview of it (which cannot know custom values, so shows them blank) before running the step.
		await ndv.getByText('Message', { exact: true }).first().click();
		await ndv.getByText('Hi Jane, see you at .', { exact: true }).first().waitFor();
		await screenshots(page, 'ndv-dragged-message');

		const output = await executeStep(page);
		// The text reaching Twilio is the event to wait for; a busy host may take a while to run the step.
		const [text] = await stack.twilio.waitForMessages(1, 150_000);
		expect(text).toMatchObject({ to: TESTER, body: 'Hi Jane, see you at 10:00 AM.' });
		await showJson(output);
		await output.getByText('"Hi Jane, see you at 10:00 AM."').first().waitFor();
		await screenshots(page, 'ndv-dragged-message-sent');
	});

	it('shows the notice beside an empty Test Phone Number, and after the run the warning that a real contact was texted', async () => {
		const page = await editor();
		await openWorkflow(page, stack.host.baseUrl, WARNED);
		const ndv = await openNode(page, 'Send SMS');
		const notice = ndv.getByText(
			'Test Phone Number is empty: running this step from the editor (Execute step or Execute workflow) texts the real contact.',
		);
		await notice.scrollIntoViewIfNeeded();
		await screenshots(page, 'ndv-test-phone-notice');

		const output = await executeStep(page);
		const hint = output.locator('[data-test-id="node-hint"]', {
			hasText: 'This run from the editor reached 1 real contact',
		});
		await hint.waitFor();
		expect(await hint.innerText()).toContain(
			`This run from the editor reached 1 real contact (${CONTACT}). Fill in Test Phone Number to text yourself instead.`,
		);
		await showJson(output);
		await output.getByText('"reached_real_contact"').first().waitFor();
		await screenshots(page, 'ndv-editor-run-warning');
		expect(stack.twilio.messages.map((m: { to: string }) => m.to)).toEqual([CONTACT]);

		await page.keyboard.press('Escape');
		await canvasNode(page, 'Send SMS').waitFor();
		await screenshots(page, 'canvas-after-editor-run');
	});
});
