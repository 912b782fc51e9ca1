/**
 * The Inbox pages, served by the workspace endpoint in a real n8n host, driven in headless Chromium
 * at desktop and phone sizes: sign-in, the Manual Actions queue, working an SMS and a call task, the
 * notification bell, and what a signed-out or other user cannot do. Screenshots go to
 * test-artifacts/inbox/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { WorkspaceStore } from '../../core/store/workspaceStore';
import { signedInPage } from '../support/inboxBrowser';

const { startStack, exampleWorkflow, ARTIFACTS } = require('../support/stack');
const { eventually, pendingTaskFor: pendingIn } = require('../support/workflows');
const { setPassword } = require('../../dist/core/inbox/auth');

jest.setTimeout(300_000);

type Stack = Awaited<ReturnType<typeof startStack>>;
let stack: Stack;
let store: WorkspaceStore;
let browser: Browser;
const shots = join(ARTIFACTS, 'inbox');
const ids: Record<string, number> = {};
const PASSWORD = 'Glow-Inbox-2026';

const workflows = [
	exampleWorkflow('workspace-endpoint.json'),
	exampleWorkflow('consultation-follow-up-sms.json'),
	exampleWorkflow('lead-follow-up-call.json'),
];
const inbox = () => `${stack.host.baseUrl}/webhook/aesthetix/inbox`;

function signedIn(email: string, viewport = { width: 1280, height: 800 }): Promise<Page> {
	return signedInPage(browser, inbox(), email, PASSWORD, viewport);
}

beforeAll(async () => {
	mkdirSync(shots, { recursive: true });
	stack = await startStack({ name: 'inbox', port: 5761, workflows });
	store = await stack.openWorkspace();
	for (const [key, user] of Object.entries({
		maya: { name: 'Maya Lopez', email: 'maya@glowmedspa.test', role: 'coordinator' },
		sam: { name: 'Sam Reyes', email: 'sam@glowmedspa.test', role: 'coordinator' },
		ivy: { name: 'Ivy Chen', email: 'ivy@glowmedspa.test', role: 'admin' },
	})) {
		ids[key] = (await store.teamUsers.create(user)).id;
		await setPassword(store, ids[key], PASSWORD);
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

afterAll(async () => {
	await browser?.close();
	await store?.close();
	await stack?.stop();
});

describe('signing in', () => {
	it('sends a signed-out visitor to the sign-in page and refuses a wrong password', async () => {
		const page = await (await browser.newContext()).newPage();
		await page.goto(inbox());
		expect(page.url()).toBe(`${inbox()}/login`);
		await page.goto(`${inbox()}/task?id=1`);
		expect(page.url()).toBe(`${inbox()}/login`);
		await page.fill('input[name=email]', 'maya@glowmedspa.test');
		await page.fill('input[name=password]', 'not the password');
		await page.click('button:has-text("Sign in")');
		await expect(page.textContent('.error')).resolves.toBe(
			'That email and password do not match an active team user.',
		);
	});
});

describe('the Manual Actions queue', () => {
	it('lets the coordinator personalise and send the consultation SMS, and the workflow continues', async () => {
		await stack.trigger('consultation-form', {
			contact: { first_name: 'Ana', phone: '+15559990001', assigned_user: 'maya@glowmedspa.test' },
		});
		const task = await pendingIn(store, '+15559990001');
		const page = await signedIn('maya@glowmedspa.test');
		await expect(page.textContent(`.task[data-task="${task.id}"] strong`)).resolves.toBe(
			'SMS: Ana',
		);
		await page.screenshot({ path: join(shots, 'desktop-queue.png'), fullPage: true });
		await page.click(`.task[data-task="${task.id}"] a.start`);
		const textarea = page.locator('textarea[name=message]');
		await expect(textarea.inputValue()).resolves.toMatch(/^Hi Ana, thanks for your interest\./);
		await textarea.fill(
			'Hi Ana! Maya here. Book your consultation: https://book.glowmedspa.test/consultation',
		);
		await page.screenshot({ path: join(shots, 'desktop-sms-task.png'), fullPage: true });
		await page.click('button:has-text("Send")');
		await page.waitForURL(/\?done=/);
		await expect(page.textContent('.notice')).resolves.toBe('Message sent.');
		const [text] = await stack.twilio.waitForMessages(1);
		expect(text).toMatchObject({
			to: '+15559990001',
			body: 'Hi Ana! Maya here. Book your consultation: https://book.glowmedspa.test/consultation',
		});
		await eventually(async () =>
			expect((await stack.host.lastExecution('aeConsultFormSms')).status).toBe('success'),
		);
		expect(await page.locator(`.task[data-task="${task.id}"]`).count()).toBe(0);
	});

	it('works a call from a phone with the Play button and records the outcome', async () => {
		await stack.trigger('contact-created', {
			contact: { first_name: 'Eve', phone: '+15559990002', assigned_user: 'maya@glowmedspa.test' },
		});
		const task = await pendingIn(store, '+15559990002');
		const page = await signedIn('maya@glowmedspa.test', { width: 390, height: 844 });
		const play = page.locator(`.task[data-task="${task.id}"] a.play`);
		await expect(play.isVisible()).resolves.toBe(true);
		await expect(page.locator(`.task[data-task="${task.id}"] a.start`).isVisible()).resolves.toBe(
			false,
		);
		await page.screenshot({ path: join(shots, 'phone-queue.png'), fullPage: true });
		await play.tap();
		await expect(page.getAttribute('a:has-text("Call")', 'href')).resolves.toBe('tel:+15559990002');
		await page.selectOption('select[name=outcome]', 'left_voicemail');
		await page.fill('textarea[name=notes]', 'Left a message about the consult');
		await page.screenshot({ path: join(shots, 'phone-call-task.png'), fullPage: true });
		await page.click('button:has-text("Save outcome")');
		await page.waitForURL(/\?done=/);
		const execution = await eventually(async () => {
			const last = await stack.host.lastExecution('aeLeadFollowCall');
			expect(last.status).toBe('success');
			return last;
		});
		expect(
			execution.data.resultData.runData['Lead Follow-Up Call'].at(-1).data.main[0][0].json
				.manual_action,
		).toMatchObject({
			outcome: 'left_voicemail',
			completed_by: 'Maya Lopez',
		});
		const log = await store.conversations.forContact(task.contact_id);
		expect(log.at(-1)).toMatchObject({
			channel: 'call',
			status: 'left_voicemail',
			body: 'Left a message about the consult',
		});
	});

	it("shows a user only their own tasks, and an admin everyone's", async () => {
		await stack.trigger('contact-created', {
			contact: { first_name: 'Flo', phone: '+15559990003', assigned_user: 'maya@glowmedspa.test' },
		});
		await stack.trigger('contact-created', {
			contact: { first_name: 'Gil', phone: '+15559990004' },
		});
		const mayas = await pendingIn(store, '+15559990003');
		const unassigned = await pendingIn(store, '+15559990004');
		const sam = await signedIn('sam@glowmedspa.test');
		expect(await sam.locator('.task').count()).toBe(0);
		const denied = await sam.goto(`${inbox()}/task?id=${mayas.id}`);
		expect(denied?.status()).toBe(404);
		const ivy = await signedIn('ivy@glowmedspa.test');
		await expect(ivy.textContent('h1')).resolves.toBe('Manual Actions (all users)');
		expect(await ivy.locator(`.task[data-task="${mayas.id}"]`).count()).toBe(1);
		await expect(ivy.textContent(`.task[data-task="${unassigned.id}"] .muted`)).resolves.toContain(
			'Unassigned',
		);
	});

	it('refuses a form posted without its CSRF token', async () => {
		const task = await pendingIn(store, '+15559990003');
		const page = await signedIn('maya@glowmedspa.test');
		// The page's own CSP forbids scripts from posting; this posts with the signed-in browser's cookie.
		const forged = await page.context().request.post(`${inbox()}/task`, {
			form: { id: String(task.id), action: 'delete' },
			maxRedirects: 0,
		});
		expect(forged.status()).toBe(403);
		const wrong = await page.context().request.post(`${inbox()}/task`, {
			form: { id: String(task.id), action: 'delete', csrf: 'guess' },
			maxRedirects: 0,
		});
		expect(wrong.status()).toBe(403);
		expect((await store.manualTasks.get(task.id))?.status).toBe('pending');
	});
});

describe('the bell', () => {
	it("lists the signed-in user's notifications with the unread count, and marks them read", async () => {
		const base = {
			redirect_page: '/contacts/7',
			contact_id: null,
			workflow_id: 'wf',
			action_name: 'Notify the Owner',
		};
		await store.notifications.create({
			...base,
			user_id: ids.maya,
			title: 'High-value purchase',
			message: 'Lena bought the Radiance Package',
		});
		await store.notifications.create({
			...base,
			user_id: ids.maya,
			title: 'New review',
			message: '<b>5 stars</b> from Ana',
		});
		await store.notifications.create({
			...base,
			user_id: ids.sam,
			title: 'Not for Maya',
			message: 'Sam only',
		});
		const page = await signedIn('maya@glowmedspa.test');
		await expect(page.textContent('#unread')).resolves.toBe('2');
		await page.click('a[aria-label=Notifications]');
		const titles = await page.locator('.notification strong').allTextContents();
		expect(titles).toEqual(['New review', 'High-value purchase']);
		await expect(page.textContent('.notification >> nth=0')).resolves.toContain(
			'<b>5 stars</b> from Ana',
		);
		await page.screenshot({ path: join(shots, 'desktop-bell.png'), fullPage: true });
		await page.click('.notification.unread >> nth=0 >> button:has-text("Mark as read")');
		await page.waitForURL(`${inbox()}/bell`);
		await expect(page.textContent('#unread')).resolves.toBe('1');
		expect(await store.notifications.unreadCount(ids.maya)).toBe(1);
		expect(await store.notifications.unreadCount(ids.sam)).toBe(1);
	});
});
