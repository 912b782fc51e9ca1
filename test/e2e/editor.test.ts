/**
 * n8n's real editor in Chromium, in light and dark theme, with this package installed in a real n8n
 * host: a value dragged from the input panel into Send SMS's Message beside a custom value, run with
 * "Execute step", and the warning an editor run shows when it reached a real contact. Screenshots
 * land in test-artifacts/editor/.
 */
import type { Browser, Page } from 'playwright-core';
import { canvasNode, executeStep, showJson, launchChromium, openNode, openWorkflow, screenshot, signedInEditor, type Theme } from '../support/editorBrowser';

const { startStack, CREDENTIAL_IDS } = require('../support/stack');
const { editorWorkflow } = require('../support/workflows');

jest.setTimeout(600_000);

type Stack = Awaited<ReturnType<typeof startStack>>;
let stack: Stack;
let browser: Browser;

const THEMES: Theme[] = ['light', 'dark'];
const TESTER = '+15550001000';
const twilio = {
	aesthetixTwilioApi: { id: CREDENTIAL_IDS.twilio, name: 'Local Twilio' },
	aesthetixWorkspaceApi: { id: CREDENTIAL_IDS.workspace, name: 'Glow Med Spa workspace' },
};
/** 15:00 UTC is 10:00 AM in the workspace's America/New_York. */
const person = (phone: string) => ({ first_name: 'Jane', phone, appointment: { start_time: '2026-12-01T15:00:00Z' } });
const sendSms = (message: string, testPhoneNumber: string) => ({
	name: 'Send SMS',
	type: 'n8n-nodes-aesthetix.sendSms',
	parameters: { contact: '={{ { first_name: $json.first_name, phone: $json.phone } }}', message, testPhoneNumber },
	credentials: twilio,
});
const CONTACT = { light: '+15553340001', dark: '+15553340002' };
const draggedId = (theme: Theme) => `aeUiDragged${theme === 'light' ? 'Lite' : 'Dark'}`;
const warnedId = (theme: Theme) => `aeUiWarned0${theme === 'light' ? 'Lite' : 'Dark'}`;

const workflows = THEMES.flatMap((theme) => [
	editorWorkflow(draggedId(theme), sendSms('', TESTER), [person(CONTACT[theme])]),
	editorWorkflow(warnedId(theme), sendSms('See you soon, {{contact.first_name}}!', ''), [person(CONTACT[theme])]),
]);

const pages: Page[] = [];
async function editor(theme: Theme): Promise<Page> {
	const page = await signedInEditor(browser, { baseUrl: stack.host.baseUrl, owner: stack.host.owner }, theme);
	pages.push(page);
	return page;
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

describe.each(THEMES)('the editor in %s theme', (theme) => {
	it("drags a field into Send SMS's Message beside a custom value, runs the step and shows the text that went out", async () => {
		const page = await editor(theme);
		await openWorkflow(page, stack.host.baseUrl, draggedId(theme));
		await screenshot(page, 'canvas-send-sms', theme);
		const ndv = await openNode(page, 'Send SMS');
		const message = ndv.locator('[data-test-id="parameter-input-message"]');
		await ndv.locator('[data-test-id="ndv-input-panel"]').getByText('first_name', { exact: true }).dragTo(message);
		// Dropping a field turns Message into an expression holding {{ $json.first_name }}, with the cursor in it.
		const expression = message.locator('.cm-content', { hasText: '$json.first_name' });
		await expression.waitFor();
		expect(await expression.innerText()).toBe('{{ $json.first_name }}');
		await expression.click();
		await page.keyboard.press('Control+End');
		await page.keyboard.insertText(', see you at {{appointment.only_start_time}}.');
		await page.keyboard.press('Control+Home');
		await page.keyboard.insertText('Hi ');
		expect(await expression.innerText()).toBe('Hi {{ $json.first_name }}, see you at {{appointment.only_start_time}}.');
		await screenshot(page, 'ndv-dragged-message', theme);

		const output = await executeStep(page);
		await showJson(output);
		await output.getByText('"Hi Jane, see you at 10:00 AM."').first().waitFor();
		await screenshot(page, 'ndv-dragged-message-sent', theme);
		const [text] = await stack.twilio.waitForMessages(1);
		expect(text).toMatchObject({ to: TESTER, body: 'Hi Jane, see you at 10:00 AM.' });
	});

	it('shows the notice beside an empty Test Phone Number, and after the run the warning that a real contact was texted', async () => {
		const page = await editor(theme);
		await openWorkflow(page, stack.host.baseUrl, warnedId(theme));
		const ndv = await openNode(page, 'Send SMS');
		const notice = ndv.getByText('Test Phone Number is empty: running this step from the editor (Execute step or Execute workflow) texts the real contact.');
		await notice.scrollIntoViewIfNeeded();
		await screenshot(page, 'ndv-test-phone-notice', theme);

		const output = await executeStep(page);
		const hint = output.locator('[data-test-id="node-hint"]', { hasText: 'This run from the editor reached 1 real contact' });
		await hint.waitFor();
		expect(await hint.innerText()).toContain(`This run from the editor reached 1 real contact (${CONTACT[theme]}). Fill in Test Phone Number to text yourself instead.`);
		await showJson(output);
		await output.getByText('"reached_real_contact"').first().waitFor();
		await screenshot(page, 'ndv-editor-run-warning', theme);
		expect(stack.twilio.messages.map((m: { to: string }) => m.to)).toEqual([CONTACT[theme]]);

		await page.keyboard.press('Escape');
		await canvasNode(page, 'Send SMS').waitFor();
		await screenshot(page, 'canvas-after-editor-run', theme);
	});
});
