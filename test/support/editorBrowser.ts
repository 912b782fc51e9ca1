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

/**
 * One signed-in editor per host, kept for the browser's life. The editor is a large application:
 * loading it costs a busy machine about ten seconds of CPU (hundreds of module files), moving between
 * workflows inside it a fraction of one, so `openWorkflow` moves there the way a user's click does,
 * and a theme is the system's colour scheme switched under the open editor (n8n's default theme
 * follows the system's, live, icons included).
 */
const sessions = new WeakMap<Browser, Map<string, Promise<Page>>>();

async function signIn(
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

/** Pages that have run a workflow or a step: see `signedInEditor`. */
const ran = new WeakSet<Page>();

function watchRuns(page: Page): Page {
	page.on('request', (request) => {
		if (request.method() === 'POST' && /\/rest\/workflows\/[^/]+\/run/.test(request.url()))
			ran.add(page);
	});
	return page;
}

/**
 * n8n's real editor, signed in as the owner through its sign-in page, in the theme given as the
 * system's colour scheme (n8n's default theme follows it). Calls for the same host share one
 * signed-in context and, as long as nothing was run in it, one page. A page that has run something
 * is closed and the next call gets a new page of the same context: in n8n 2.41 the next workflow
 * opened in that page does not open a node's panel on a double click. A test that closes the page or
 * its context gets a fresh sign-in.
 */
export async function signedInEditor(
	browser: Browser,
	host: { baseUrl: string; owner: { email: string; password: string } },
	theme: Theme,
): Promise<Page> {
	let byKey = sessions.get(browser);
	if (!byKey) sessions.set(browser, (byKey = new Map()));
	const key = `${host.baseUrl} ${host.owner.email}`;
	const kept = await byKey.get(key)?.catch(() => null);
	let page: Page;
	if (kept && !kept.isClosed()) {
		page = kept;
		if (ran.has(kept)) {
			page = watchRuns(await kept.context().newPage());
			await kept.close();
			byKey.set(key, Promise.resolve(page));
		}
	} else {
		const session = signIn(browser, host, theme).then(watchRuns);
		byKey.set(key, session);
		page = await session;
	}
	await page.emulateMedia({ colorScheme: theme });
	return page;
}

/** The editor's own router (Vue's), an expression evaluated in the page. */
const ROUTER = `document.querySelector('#app')?.__vue_app__?.config.globalProperties.$router`;

/**
 * Opens a saved workflow on the canvas as saved (what an earlier test left unsaved is discarded)
 * and waits for its nodes. Where the editor is loaded already it moves there through n8n's own
 * router, from a workflow by way of the workflow list so that the canvas is built anew; otherwise it
 * loads the editor there.
 */
export async function openWorkflow(page: Page, baseUrl: string, workflowId: string): Promise<void> {
	const target = `/workflow/${workflowId}`;
	const loaded = page.url().startsWith(baseUrl) && (await page.evaluate(`Boolean(${ROUTER})`));
	if (!loaded) {
		await page.goto(`${baseUrl}${target}`);
		await page.locator('[data-test-id="canvas-node"]').first().waitFor();
		return;
	}
	// A node's panel an earlier test left open is closed first, as a user closes it before moving on.
	const ndv = page.locator('[data-test-id="ndv"]');
	if (await ndv.isVisible()) {
		await page.keyboard.press('Escape');
		await ndv.waitFor({ state: 'hidden' });
	}
	const onCanvas = page.url().startsWith(`${baseUrl}/workflow/`);
	for (const to of onCanvas ? ['/home/workflows', target] : [target]) await routeTo(page, to);
	// Any canvas before was taken down on the way: the first node drawn is this workflow's.
	await page.locator('[data-test-id="canvas-node"]').first().waitFor();
}

/**
 * Moves the open editor to a path through its router. Leaving a workflow with unsaved changes asks
 * first; the next test starts from what is saved. Right after signing in the editor is still moving
 * itself to its home page, which cancels a move asked for meanwhile: that move is asked again.
 */
async function routeTo(page: Page, to: string): Promise<void> {
	const leave = page.getByRole('button', { name: 'Leave without saving' });
	const never = new Promise<never>(() => undefined);
	for (let attempt = 1; ; attempt++) {
		const arrived = page.waitForURL((url) => url.pathname === to).then(() => 'arrived' as const);
		const cancelled = page
			.evaluate(`${ROUTER}.push(${JSON.stringify(to)}).then((failure) => Boolean(failure))`)
			.then(
				(failed) => (failed ? ('cancelled' as const) : never),
				() => never,
			);
		const asked = leave.waitFor({ timeout: 60_000 }).then(
			() => 'asked' as const,
			() => never,
		);
		const outcome = await Promise.race([arrived, asked, cancelled]);
		if (outcome === 'asked') {
			await leave.click();
			await arrived;
			return;
		}
		if (outcome === 'arrived') return;
		arrived.catch(() => undefined);
		if (attempt >= 20)
			throw new Error(`The editor did not move to ${to}: its router cancelled it.`);
		await page.waitForTimeout(500);
	}
}

export function canvasNode(page: Page, name: string): Locator {
	return page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`);
}

/**
 * Opens a node's panel (the NDV) by double-clicking it on the canvas. On a loaded machine a double
 * click can come to nothing (the panel never opened within 90 s): as a person would, it clicks
 * again when no panel has opened after a while.
 */
export async function openNode(page: Page, name: string): Promise<Locator> {
	const ndv = page.locator('[data-test-id="ndv"]');
	for (let attempt = 1; ; attempt++) {
		await canvasNode(page, name).dblclick();
		try {
			await ndv.waitFor({ timeout: attempt < 3 ? 30_000 : undefined });
			return ndv;
		} catch (error) {
			if (attempt >= 3) throw error;
		}
	}
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

export const THEMES: Theme[] = ['light', 'dark'];

/**
 * Shows the open editor in a theme: the system's colour scheme, which n8n's default theme follows
 * as it changes. Returns once n8n has repainted (the page's background is the theme's) and the icons
 * it swapped for the theme have loaded.
 */
export async function showTheme(page: Page, theme: Theme): Promise<void> {
	const background = `getComputedStyle(document.body).backgroundColor`;
	const dark = `matchMedia('(prefers-color-scheme: dark)').matches`;
	if ((await page.evaluate(dark)) === (theme === 'dark')) return;
	const before = await page.evaluate(background);
	await page.emulateMedia({ colorScheme: theme });
	await page.waitForFunction(`${background} !== ${JSON.stringify(before)}`);
	// An image the browser defers (off screen) never completes: the wait for them is bounded.
	await page
		.waitForFunction(`[...document.images].every((i) => i.complete)`, undefined, {
			timeout: 5_000,
		})
		.catch(() => undefined);
}

/**
 * A screenshot of the page as it is, in each theme, back in light afterwards: what a test shows
 * does not depend on the theme, how it looks does.
 */
export async function screenshots(page: Page, name: string): Promise<void> {
	for (const theme of THEMES) {
		await showTheme(page, theme);
		await screenshot(page, name, theme);
	}
	await showTheme(page, 'light');
}
