/**
 * Each contact's Conversations and the Reputation page in the Inbox, served by the workspace endpoint
 * in a real n8n host and driven in headless Chromium at desktop and phone sizes: search, one timeline
 * of every kind of entry newest first with paging, recordings playing under the page's no-script CSP,
 * the access rules, and every Inbox page at 390 px wide. Screenshots go to test-artifacts/inbox/.
 */
import { createHmac } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { WorkspaceStore } from '../../core/store/workspaceStore';
import { signedInPage } from '../support/inboxBrowser';

const { startStack, exampleWorkflow, ARTIFACTS } = require('../support/stack');
const { eventually, pendingTaskFor } = require('../support/workflows');
const { setPassword } = require('../../dist/core/inbox/auth');

jest.setTimeout(300_000);

type Stack = Awaited<ReturnType<typeof startStack>>;
let stack: Stack;
let store: WorkspaceStore;
let browser: Browser;
let recordings: Server;
let recordingsBase: string;
const shots = join(ARTIFACTS, 'inbox');
const ids: Record<string, number> = {};
const PASSWORD = 'Glow-Inbox-2026';
const SECRET = 'dialer-shared-secret-2026';
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

const workflows = [
	exampleWorkflow('workspace-endpoint.json'),
	exampleWorkflow('external-calls.json'),
	exampleWorkflow('review-request.json'),
	exampleWorkflow('lead-follow-up-call.json'),
];
const inbox = () => `${stack.host.baseUrl}/webhook/aesthetix/inbox`;

/** One second of silence as a WAV file: a recording the browser can load. */
function wav(): Buffer {
	const samples = 8000;
	const header = Buffer.alloc(44);
	header.write('RIFF', 0);
	header.writeUInt32LE(36 + samples, 4);
	header.write('WAVEfmt ', 8);
	header.writeUInt32LE(16, 16);
	header.writeUInt16LE(1, 20);
	header.writeUInt16LE(1, 22);
	header.writeUInt32LE(8000, 24);
	header.writeUInt32LE(8000, 28);
	header.writeUInt16LE(1, 32);
	header.writeUInt16LE(8, 34);
	header.write('data', 36);
	header.writeUInt32LE(samples, 40);
	return Buffer.concat([header, Buffer.alloc(samples, 128)]);
}

function signedIn(email: string, viewport = DESKTOP): Promise<Page> {
	return signedInPage(browser, inbox(), email, PASSWORD, viewport);
}

function postCall(call: Record<string, unknown>) {
	const body = JSON.stringify(call);
	return fetch(stack.host.webhookUrl('external-calls'), {
		method: 'POST',
		headers: {
			'content-type': 'application/json',
			'x-signature-256': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`,
		},
		body,
	});
}

const base = {
	subject: null,
	provider_message_id: null,
	workflow_id: 'wf-seed',
	execution_id: '1',
};

/** Jane's history: every kind of entry the conversation holds, oldest first. */
async function seedJane(contactId: number) {
	const at = (minute: number) =>
		`2026-11-2${Math.floor(minute / 60)}T1${minute % 6}:${String(minute % 60).padStart(2, '0')}:00.000Z`;
	const entries = [
		{
			channel: 'email',
			direction: 'outbound',
			status: 'accepted',
			subject: 'Thanks for booking with us',
			body: '<p>Hi Jane, your appointment is confirmed.</p>',
			from_address: 'Glow Med Spa <hello@glowmedspa.test>',
			to_address: 'jane@example.com',
			action_name: 'Booking Confirmation Email',
		},
		{
			channel: 'sms',
			direction: 'outbound',
			status: 'delivered',
			body: 'Hi Jane, this is a reminder for your appointment tomorrow at 10:00 AM.',
			from_address: '+15550009999',
			to_address: '+15556660001',
			action_name: '24-Hour Reminder SMS',
		},
		{
			channel: 'sms',
			direction: 'inbound',
			status: 'received',
			body: 'Can I come 15 minutes later?',
			from_address: '+15556660001',
			to_address: '+15550009999',
			action_name: null,
		},
		{
			channel: 'slack',
			direction: 'outbound',
			status: 'sent',
			body: 'A new high-priority lead has been added: Jane Doe',
			from_address: 'bot',
			to_address: '#front-desk',
			action_name: 'Notify Front Desk',
		},
		{
			channel: 'call',
			direction: 'outbound',
			status: 'connected',
			body: 'Confirmed the new time',
			from_address: '+15550001001',
			to_address: '+15556660001',
			action_name: 'Appointment Call Reminder',
			meta: { recording_url: `${recordingsBase}/calls/bridged.wav`, duration_seconds: 95 },
		},
		{
			channel: 'voicemail',
			direction: 'outbound',
			status: 'delivered',
			body: null,
			from_address: '+15550009999',
			to_address: '+15556660001',
			action_name: 'No-Show Voicemail',
			meta: { recording_url: `${recordingsBase}/voicemails/reschedule.wav` },
		},
	];
	for (const [i, entry] of entries.entries()) {
		await store.conversations.log({
			...base,
			meta: {},
			...entry,
			contact_id: contactId,
			created_at: at(i * 7),
		} as Parameters<WorkspaceStore['conversations']['log']>[0]);
	}
}

beforeAll(async () => {
	mkdirSync(shots, { recursive: true });
	recordings = createServer((req, res) => {
		res.writeHead(200, { 'content-type': 'audio/wav', 'accept-ranges': 'none' });
		res.end(wav());
	});
	await new Promise<void>((resolve) => recordings.listen(0, '127.0.0.1', resolve));
	recordingsBase = `http://127.0.0.1:${(recordings.address() as AddressInfo).port}`;
	stack = await startStack({
		name: 'conversations',
		port: 5791,
		workflows,
		extraCredentials: () => [
			{
				id: 'aeDialerSecret01',
				name: 'Front desk dialer',
				type: 'aesthetixInboundWebhookApi',
				data: { secret: SECRET },
			},
		],
	});
	store = await stack.openWorkspace();
	for (const [key, user] of Object.entries({
		maya: {
			name: 'Maya Lopez',
			email: 'maya@glowmedspa.test',
			phone: '+15550001001',
			role: 'coordinator',
		},
		sam: {
			name: 'Sam Reyes',
			email: 'sam@glowmedspa.test',
			role: 'coordinator',
			contact_access: 'assigned' as const,
		},
		ivy: { name: 'Ivy Chen', email: 'ivy@glowmedspa.test', role: 'owner' },
	})) {
		ids[key] = (await store.teamUsers.create(user)).id;
		await setPassword(store, ids[key], PASSWORD);
	}
	await store.settings.set('reputation', {
		review_link: 'https://g.page/r/glow-med-spa/review',
		enabled: true,
	});
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
			'--autoplay-policy=no-user-gesture-required',
		],
	});
});

afterAll(async () => {
	await browser?.close();
	await store?.close();
	await stack?.stop();
	await new Promise((r) => recordings?.close(r));
});

let janeId: number;

describe("a contact's conversation", () => {
	it('shows every kind of entry as one timeline, newest first', async () => {
		const jane = await store.contacts.findOrCreate({
			first_name: 'Jane',
			last_name: 'Doe',
			email: 'jane@example.com',
			phone: '+15556660001',
		});
		janeId = jane.id;
		await store.contacts.update(jane.id, { assigned_user_id: ids.maya });
		await seedJane(jane.id);
		// The rest arrives through the real actions: the dialer's external call, a review request and a manual call task.
		expect(
			(
				await postCall({
					call_id: 'c-77',
					direction: 'inbound',
					from: '+15556660001',
					to: '+15550001111',
					date: '2026-11-25T09:00:00Z',
					status: 'completed',
					duration: 184,
					recording_url: `${recordingsBase}/dialer/c-77.wav`,
					notes: 'Asked about HydraFacial pricing',
				})
			).status,
		).toBe(202);
		await eventually(async () =>
			expect(
				(await store.conversations.forContact(jane.id)).some((m) => m.channel === 'external_call'),
			).toBe(true),
		);
		expect(
			(
				await stack.trigger('appointment-completed', {
					contact: { first_name: 'Jane', email: 'jane@example.com' },
				})
			).status,
		).toBe(200);
		await stack.trigger('contact-created', {
			contact: { first_name: 'Jane', phone: '+15556660001', assigned_user: 'maya@glowmedspa.test' },
		});
		const task = await pendingTaskFor(store, '+15556660001');
		const maya = await signedIn('maya@glowmedspa.test');
		await maya.goto(`${inbox()}/task?id=${task.id}`);
		await maya.selectOption('select[name=outcome]', 'left_voicemail');
		await maya.fill('textarea[name=notes]', 'Left a message about the consult');
		await maya.click('button:has-text("Save outcome")');
		await maya.waitForURL(/\?done=/);

		await maya.click('a[href$="/contacts"]');
		await maya.fill('input[name=q]', 'jane');
		await maya.click('button:has-text("Search")');
		await maya.click(`.contact[data-contact="${jane.id}"]`);
		await expect(maya.textContent('h1')).resolves.toBe('Jane Doe');
		const titles = await maya.locator('.entry .entry-head strong').allTextContents();
		expect(titles).toEqual([
			'Manual call task',
			'Review request (Email)',
			'External call (inbound)',
			'Voicemail',
			'Call',
			'Slack message',
			'Text received',
			'Text sent',
			'Email: Thanks for booking with us',
		]);
		const statuses = await maya.locator('.entry .status').allTextContents();
		expect(statuses).toEqual([
			'Left voicemail',
			'Sent',
			'Completed',
			'Delivered',
			'Connected',
			'Sent',
			'Received',
			'Delivered',
			'Accepted',
		]);
		await expect(maya.textContent('.entry.external_call')).resolves.toContain(
			'Asked about HydraFacial pricing',
		);
		await expect(maya.textContent('.entry.external_call .meta')).resolves.toContain('3:04');
		expect(await maya.locator('audio').count()).toBe(3);
		await maya.screenshot({ path: join(shots, 'desktop-conversation.png'), fullPage: true });
		const phone = await signedIn('maya@glowmedspa.test', PHONE);
		await phone.goto(`${inbox()}/contact?id=${jane.id}`);
		await phone.screenshot({ path: join(shots, 'phone-conversation.png'), fullPage: true });
	});

	it('plays the recordings under the page CSP, which allows only their origins', async () => {
		const page = await signedIn('maya@glowmedspa.test');
		const response = await page.goto(`${inbox()}/contact?id=${janeId}`);
		const csp = response!.headers()['content-security-policy'];
		expect(csp).toContain(`media-src ${recordingsBase}`);
		expect(csp).toContain("default-src 'none'");
		expect(csp).not.toContain('script-src');
		const src = await page.getAttribute('.entry.external_call audio', 'src');
		expect(src).toBe(`${recordingsBase}/dialer/c-77.wav`);
		type Audio = {
			muted: boolean;
			play(): Promise<void>;
			duration: number;
			error: { code: number } | null;
		};
		const played = await page.$eval('.entry.external_call audio', async (audio: Audio) => {
			audio.muted = true;
			await audio.play();
			return { duration: audio.duration, error: audio.error?.code ?? null };
		});
		expect(played).toEqual({ duration: 1, error: null });
	});

	it('lets only a clean origin into media-src: a recording host with ; or , adds no directive', async () => {
		const recordingUrls = [
			'https://recordings.dialer.test;script-src*/a.mp3',
			"https://evil.test,'unsafe-inline'/b.mp3",
			`${recordingsBase}/dialer/c-91.wav`,
		];
		for (const [i, recording_url] of recordingUrls.entries())
			expect(
				(
					await postCall({
						call_id: `c-9${i}`,
						direction: 'inbound',
						from: '+15556660091',
						to: '+15550001111',
						status: 'completed',
						recording_url,
					})
				).status,
			).toBe(202);
		const odile = await eventually(async () => {
			const contact = await store.contacts.findByEmailOrPhone(null, '+15556660091');
			expect(contact).toBeDefined();
			expect(await store.conversations.forContact(contact!.id)).toHaveLength(3);
			return contact!;
		});
		const page = await signedIn('maya@glowmedspa.test');
		const response = await page.goto(`${inbox()}/contact?id=${odile.id}`);
		const csp = response!.headers()['content-security-policy'];
		const directives = csp.split(';').map((d) => d.trim());
		expect(directives.filter((d) => d.startsWith('media-src'))).toEqual([
			`media-src ${recordingsBase}`,
		]);
		// The Inbox's own directives and nothing a recording host smuggled in.
		expect(directives.map((d) => d.split(' ')[0])).toEqual([
			'default-src',
			'style-src',
			'img-src',
			'form-action',
			'frame-ancestors',
			'base-uri',
			'media-src',
		]);
		expect(csp).not.toMatch(/script-src|evil\.test|dialer\.test/);
		await page.context().close();
	});

	it('pages the timeline twenty entries at a time', async () => {
		const busy = await store.contacts.findOrCreate({
			first_name: 'Paula',
			last_name: 'Pages',
			phone: '+15556660002',
		});
		for (let i = 1; i <= 25; i++) {
			await store.conversations.log({
				...base,
				meta: {},
				contact_id: busy.id,
				channel: 'sms',
				direction: 'outbound',
				status: 'delivered',
				body: `Text number ${i}`,
				from_address: '+15550009999',
				to_address: '+15556660002',
				action_name: 'Drip',
				created_at: `2026-11-01T10:${String(i).padStart(2, '0')}:00.000Z`,
			});
		}
		const page = await signedIn('ivy@glowmedspa.test');
		await page.goto(`${inbox()}/contact?id=${busy.id}`);
		const first = await page.locator('.entry .text').allTextContents();
		expect(first).toHaveLength(20);
		expect(first[0]).toBe('Text number 25');
		expect(first[19]).toBe('Text number 6');
		await expect(page.textContent('.pager .muted')).resolves.toBe('Page 1 of 2');
		await page.click('a[rel=next]');
		expect(await page.locator('.entry .text').allTextContents()).toEqual([
			'Text number 5',
			'Text number 4',
			'Text number 3',
			'Text number 2',
			'Text number 1',
		]);
		await page.click('a[rel=prev]');
		await expect(page.textContent('.pager .muted')).resolves.toBe('Page 1 of 2');
	});

	it('finds contacts by name, email or phone', async () => {
		const page = await signedIn('ivy@glowmedspa.test');
		const found = async (q: string) => {
			await page.goto(`${inbox()}/contacts?q=${encodeURIComponent(q)}`);
			return page.locator('.contact strong').allTextContents();
		};
		expect(await found('Jane Doe')).toEqual(['Jane Doe']);
		expect(await found('JANE@example')).toEqual(['Jane Doe']);
		expect(await found('(555) 666-0002')).toEqual(['Paula Pages']);
		expect(await found('nobody-here')).toEqual([]);
		await expect(page.textContent('main p.muted')).resolves.toBe('No contact matches that search.');
		await page.goto(`${inbox()}/contacts?q=${encodeURIComponent('<b>x</b>')}`);
		expect(await page.inputValue('input[name=q]')).toBe('<b>x</b>');
		await page.goto(`${inbox()}/contacts?q=pa`);
		await page.screenshot({ path: join(shots, 'desktop-contacts.png'), fullPage: true });
	});

	it('shows a user with "only assigned contacts" only theirs, and no other conversation', async () => {
		const own = await store.contacts.findOrCreate({
			first_name: 'Sara',
			last_name: 'Assigned',
			phone: '+15556660003',
		});
		await store.contacts.update(own.id, { assigned_user_id: ids.sam });
		const sam = await signedIn('sam@glowmedspa.test');
		await sam.goto(`${inbox()}/contacts`);
		expect(await sam.locator('.contact strong').allTextContents()).toEqual(['Sara Assigned']);
		await sam.goto(`${inbox()}/contacts?q=jane`);
		expect(await sam.locator('.contact').count()).toBe(0);
		const denied = await sam.goto(`${inbox()}/contact?id=${janeId}`);
		expect(denied?.status()).toBe(404);
		expect((await sam.goto(`${inbox()}/contact?id=${own.id}`))?.status()).toBe(200);
		const signedOut = await (await browser.newContext()).newPage();
		await signedOut.goto(`${inbox()}/contact?id=${janeId}`);
		expect(signedOut.url()).toBe(`${inbox()}/login`);
	});
});

describe('the Reputation page', () => {
	it('lets an owner change the settings and lists each review request with its status', async () => {
		const page = await signedIn('ivy@glowmedspa.test');
		await page.click('a[href$="/reputation"]');
		await expect(page.inputValue('input[name=review_link]')).resolves.toBe(
			'https://g.page/r/glow-med-spa/review',
		);
		await page.fill('input[name=email_subject]', 'How was your visit, {{contact.first_name}}?');
		await page.fill('input[name=sender_email]', 'hello@glowmedspa.test');
		await page.click('button:has-text("Save")');
		await expect(page.textContent('.notice')).resolves.toBe('Reputation settings saved.');
		expect(await store.settings.get('reputation', {})).toMatchObject({
			email_subject: 'How was your visit, {{contact.first_name}}?',
			sender_email: 'hello@glowmedspa.test',
			enabled: true,
		});
		const rows = await page.locator('.request').allTextContents();
		expect(rows).toHaveLength(1);
		expect(rows[0]).toContain('Jane Doe');
		expect(rows[0]).toContain('Send Review Request · Email');
		await expect(page.textContent('.request .status')).resolves.toBe('Sent');
		await page.screenshot({ path: join(shots, 'desktop-reputation.png'), fullPage: true });
	});

	it('is not shown to other users', async () => {
		const maya = await signedIn('maya@glowmedspa.test');
		expect(await maya.locator('a[href$="/reputation"]').count()).toBe(0);
		expect((await maya.goto(`${inbox()}/reputation`))?.status()).toBe(404);
		const forged = await maya
			.context()
			.request.post(`${inbox()}/reputation`, { form: { enabled: '' }, maxRedirects: 0 });
		expect(forged.status()).toBe(403);
		expect(await store.settings.get('reputation', {})).toMatchObject({ enabled: true });
	});
});

describe('every Inbox page on a phone', () => {
	it('signs in at 390 px wide without sideways scrolling', async () => {
		const page = await (
			await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true })
		).newPage();
		await page.goto(`${inbox()}/login`);
		expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
		await page.screenshot({ path: join(shots, 'phone-login.png'), fullPage: true });
	});

	it.each([
		['queue', () => ''],
		['bell', () => '/bell'],
		['contacts', () => '/contacts?q=a'],
		['conversation', () => `/contact?id=${janeId}`],
		['reputation', () => '/reputation'],
	])('reads well at 390 px wide: %s', async (name, path) => {
		const page = await signedIn('ivy@glowmedspa.test', PHONE);
		await page.goto(`${inbox()}${path()}`);
		const layout = (await page.evaluate(`({
			scrollWidth: document.documentElement.scrollWidth,
			header: document.querySelector('header').getBoundingClientRect().height,
			nav: document.querySelector('header nav').getBoundingClientRect().height,
			offScreen: [...document.querySelectorAll('header nav a, header nav button')]
				.filter((el) => { const r = el.getBoundingClientRect(); return !r.width || r.left < 0 || r.right > 390; })
				.map((el) => el.textContent.trim()),
		})`)) as { scrollWidth: number; header: number; nav: number; offScreen: string[] };
		expect(layout.scrollWidth).toBeLessThanOrEqual(390);
		// Every link on the screen, the bell and Sign out included: the navigation wraps to a second
		// line at most, not four lines of wrapped links.
		expect(layout.offScreen).toEqual([]);
		expect(layout.nav).toBeLessThan(64);
		expect(layout.header).toBeLessThan(120);
		await page.screenshot({ path: join(shots, `phone-${name}.png`), fullPage: true });
	});
});
