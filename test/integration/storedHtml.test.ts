/**
 * Stored template HTML (written in the Inbox, by workflows through Sync Edits and the Workspace node,
 * or drafted by Write with AI) is shown on the owner's Templates page. In Chromium it must not act on
 * that page: a <meta http-equiv="refresh"> must not take the owner elsewhere, and a <base href> must
 * not re-point the page's links and forms.
 */
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { pageHeaders } from '../../core/inbox/pageHeaders';
import { handleTemplates, type TemplatesDeps } from '../../core/inbox/templatesRoute';
import { migrate } from '../../core/store/migrations';
import { SqliteDatabase } from '../../core/store/sqliteDatabase';
import { WorkspaceStore } from '../../core/store/workspaceStore';
import { launchChromium } from '../support/editorBrowser';

jest.setTimeout(60_000);

const dir = mkdtempSync(join(tmpdir(), 'aesthetix-stored-html-'));
let store: WorkspaceStore;
let server: Server;
let origin: string;
let browser: Browser;
/** Requests that reached the decoy address the stored HTML points at. */
const decoyHits: string[] = [];

const ctx = { base: '/inbox', csrf: 'token' };

beforeAll(async () => {
	const db = new SqliteDatabase(join(dir, 'workspace.sqlite'));
	await migrate(db);
	store = new WorkspaceStore(db);
	const deps: TemplatesDeps = {
		store,
		base: '/inbox',
		company: { name: 'Glow Med Spa', phone: '+15550001111', time_zone: 'America/New_York' },
	};
	server = createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		if (url.pathname.startsWith('/decoy')) {
			decoyHits.push(url.pathname);
			res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>Sign in again</h1>');
			return;
		}
		void handleTemplates(
			{
				method: 'GET',
				route: url.pathname.replace(/^\/inbox\//, ''),
				query: Object.fromEntries(url.searchParams),
				body: {},
			},
			ctx,
			deps,
		).then((page) => {
			res.writeHead(page.status, { ...pageHeaders(), 'content-type': 'text/html; charset=utf-8' });
			res.end(page.html ?? '');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	browser = await launchChromium();
});

afterAll(async () => {
	await browser?.close();
	await new Promise((resolve) => server?.close(resolve));
	await store?.close();
	rmSync(dir, { recursive: true, force: true });
});

describe("stored template HTML on the owner's Templates page", () => {
	it('neither redirects the page nor re-points its links and forms, and the preview still shows', async () => {
		const template = await store.templates.save(
			'email',
			'Promo',
			`<meta http-equiv="refresh" content="0;url=${origin}/decoy/refresh"><base href="${origin}/decoy/base/"><p>Hi {{contact.first_name}}, welcome back.</p>`,
			'Hello',
		);
		const page = await browser.newPage();
		const url = `${origin}/inbox/template?id=${template.id}`;
		await page.goto(url);
		// A refresh of 0 seconds fires at once; give a loaded machine a moment to show it would have.
		await page.waitForTimeout(1500);
		expect(page.url()).toBe(url);
		// Where each form posts, as the browser resolves it (a button named "action" hides form.action).
		const formActions = (await page.evaluate(
			"[...document.forms].map((form) => Object.getOwnPropertyDescriptor(HTMLFormElement.prototype, 'action').get.call(form))",
		)) as string[];
		expect(formActions.length).toBeGreaterThan(0);
		for (const action of formActions) expect(action.startsWith(`${origin}/inbox/`)).toBe(true);
		expect(await page.evaluate('document.baseURI')).toBe(url);
		await expect(
			page.frameLocator('#preview-body').locator('body').textContent(),
		).resolves.toContain('Hi Jane, welcome back.');
		expect(decoyHits).toEqual([]);
		await page.close();
	});

	it("every page's policy refuses a <base> element and keeps scripts and framing out", () => {
		const policy = pageHeaders(['https://media.example']);
		expect(policy['Content-Security-Policy'].split('; ')).toEqual([
			"default-src 'none'",
			"style-src 'unsafe-inline'",
			"img-src 'self'",
			"form-action 'self'",
			"frame-ancestors 'none'",
			"base-uri 'none'",
			'media-src https://media.example',
		]);
		expect(pageHeaders()['Content-Security-Policy']).toContain("base-uri 'none'");
	});
});
