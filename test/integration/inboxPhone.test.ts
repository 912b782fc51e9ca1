/**
 * The Inbox's header at 390 px wide, in Chromium: an owner's navigation is the longest (Tasks,
 * Contacts, Reviews, Stats, Templates, the bell, Sign out), and every link of it must stay on the
 * screen, none cut off or scrolled out of sight.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { html } from '../../core/inbox/html';
import { layout } from '../../core/inbox/layout';
import { pageHeaders } from '../../core/inbox/pageHeaders';
import type { TeamUser } from '../../core/store/types';
import { launchChromium } from '../support/editorBrowser';

const { ARTIFACTS } = require('../support/stack');

jest.setTimeout(60_000);

const owner: TeamUser = {
	id: 1,
	name: 'Dr. Olivia Montgomery-Castellanos',
	email: 'owner@glowmedspa.test',
	phone: null,
	whatsapp: null,
	slack_user_id: null,
	role: 'owner',
	team: null,
	contact_access: 'all',
	dnd: false,
	active: true,
};

let server: Server;
let origin: string;
let browser: Browser;

beforeAll(async () => {
	server = createServer((_req, res) => {
		res.writeHead(200, { ...pageHeaders(), 'content-type': 'text/html; charset=utf-8' });
		res.end(
			layout('Manual Actions', html`<h1>Manual Actions</h1>`, {
				base: '/inbox',
				user: owner,
				csrf: 'token',
				unread: 12,
			}),
		);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	browser = await launchChromium();
});

afterAll(async () => {
	await browser?.close();
	await new Promise((resolve) => server?.close(resolve));
});

describe("the Inbox's navigation on a 390 px phone", () => {
	it('keeps every link, the bell and Sign out on the screen', async () => {
		const context = await browser.newContext({
			viewport: { width: 390, height: 844 },
			isMobile: true,
			hasTouch: true,
		});
		const page = await context.newPage();
		await page.goto(`${origin}/inbox`);
		const items =
			(await page.evaluate(`[...document.querySelectorAll('header nav a, header nav button')]
			.map((el) => { const r = el.getBoundingClientRect(); return { text: el.textContent.trim(), left: r.left, right: r.right, width: r.width }; })`)) as Array<{
				text: string;
				left: number;
				right: number;
				width: number;
			}>;
		expect(items.map((i) => i.text)).toEqual([
			'Manual ActionsTasks',
			'ConversationsContacts',
			'ReputationReviews',
			'StatisticsStats',
			'TemplatesTemplates',
			'NotificationsBell12',
			'Sign out',
		]);
		const offScreen = items.filter((i) => i.width === 0 || i.left < 0 || i.right > 390);
		expect(offScreen).toEqual([]);
		expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
		await page.screenshot({ path: join(ARTIFACTS, 'inbox', 'phone-owner-navigation.png') });
		await context.close();
	});
});
