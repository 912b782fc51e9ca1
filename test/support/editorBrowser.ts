import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

const { ARTIFACTS } = require('./stack');
const { N8N_MAJOR } = require('./n8nHost');

/** Where the editor's screenshots go, one per state worth looking at, in both themes; each n8n major its own folder. */
export const EDITOR_SHOTS = path.join(
	ARTIFACTS,
	N8N_MAJOR >= 2 ? 'editor' : `editor-${N8N_MAJOR}.x`,
);

export type Theme = 'light' | 'dark';

export function launchChromium(): Promise<Browser> {
	return chromium.launch({
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
}

/** n8n's real editor, signed in as the owner through its sign-in page; the theme is the system's (n8n's default). */
export async function signedInEditor(
	browser: Browser,
	host: { baseUrl: string; owner: { email: string; password: string } },
	theme: Theme,
): Promise<Page> {
	const context = await browser.newContext({
		viewport: { width: 1440, height: 900 },
		colorScheme: theme,
	});
	// A loaded machine makes the editor's first paint slow; waiting on selectors, not time, keeps it robust.
	context.setDefaultTimeout(90_000);
	const page = await context.newPage();
	await page.goto(`${host.baseUrl}/signin`);
	await page.fill('input[name=emailOrLdapLoginId]', host.owner.email);
	await page.fill('input[type=password]', host.owner.password);
	await page.keyboard.press('Enter');
	await page.waitForURL(/\/home\//);
	return page;
}

/** Opens a saved workflow on the canvas and waits for its nodes. */
export async function openWorkflow(page: Page, baseUrl: string, workflowId: string): Promise<void> {
	await page.goto(`${baseUrl}/workflow/${workflowId}`);
	await page.locator('[data-test-id="canvas-node"]').first().waitFor();
}

export function canvasNode(page: Page, name: string): Locator {
	return page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`);
}

/** Opens a node's panel (the NDV) by double-clicking it on the canvas. */
export async function openNode(page: Page, name: string): Promise<Locator> {
	await canvasNode(page, name).dblclick();
	const ndv = page.locator('[data-test-id="ndv"]');
	await ndv.waitFor();
	return ndv;
}

/** Runs the open node with "Execute step" and waits for its output. */
export async function executeStep(page: Page): Promise<Locator> {
	await page.locator('[data-test-id="ndv"] [data-test-id="node-execute-button"]').first().click();
	const output = page.locator('[data-test-id="output-panel"]');
	await output.locator('[data-test-id="run-data-pane-header"]').waitFor();
	return output;
}

/** Switches a run-data panel to its JSON view, where every output field and value is on screen as text. */
export async function showJson(panel: Locator): Promise<void> {
	await panel
		.locator('[data-test-id="ndv-run-data-display-mode"]')
		.getByText('JSON', { exact: true })
		.click();
	await panel.locator('.json-data, [data-test-id="run-data-json"], .vjs-tree').first().waitFor();
}

export async function screenshot(page: Page, name: string, theme: Theme): Promise<string> {
	fs.mkdirSync(EDITOR_SHOTS, { recursive: true });
	const file = path.join(EDITOR_SHOTS, `${name}-${theme}.png`);
	await page.screenshot({ path: file });
	return file;
}
