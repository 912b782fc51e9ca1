/**
 * Email Delivery Statistics in a real n8n host: Send Email's links and open pixel through the
 * workspace endpoint, Mailgun's and SendGrid's signed event webhooks and inbound replies (from
 * doubles that read the relayed email and sign like the providers), the Workspace node's
 * statistics with the recipients behind each count, and the Inbox's Statistics page in headless
 * Chromium at desktop and phone sizes (screenshots in test-artifacts/statistics/). Marketing email
 * here carries the one-click unsubscribe and a DKIM signature that mailauth verifies; every opt-out
 * (the one click, the providers' events) lands in the contact's consent trail.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { WorkspaceStore } from '../../core/store/workspaceStore';

const { startStack, exampleWorkflow, variant, ARTIFACTS } = require('../support/stack');
const { setPassword } = require('../../dist/core/inbox/auth');
const { webhookWorkflow, eventually } = require('../support/workflows');
const { FIRST, firstText, singleText } = require('../support/reminderText');
const { MailgunDouble, SendGridDouble } = require('../support/emailProviderDoubles');
import {
	type Mail,
	booking,
	OFFER,
	dkimSmtpCredential,
	marketingOffer,
	transactionalEmail,
	rawHeader,
	unsubscribeLink,
	contact,
} from '../support/marketingEmail';
import { signedInPage } from '../support/inboxBrowser';

jest.setTimeout(300_000);

type Stack = Awaited<ReturnType<typeof startStack>>;
let stack: Stack;
let store: WorkspaceStore;
const mailgun = new MailgunDouble();
const sendgrid = new SendGridDouble();
const INBOUND_SECRET = 'inbound-parse-secret-0123456789';

const EMAIL = 'Booking Confirmation Email';
const endpoint = exampleWorkflow('workspace-endpoint.json');
endpoint.nodes[0].credentials.aesthetixEmailEventsApi = {
	id: 'aeEmailEvents001',
	name: 'Email providers',
};

const MESSAGE =
	'<p>Hi {{contact.first_name}}, see your <a href="https://glowmedspa.test/aftercare?x=1&amp;y=2">aftercare guide</a>.</p>' +
	'<p>Questions? <a href="mailto:hello@glowmedspa.test">Write to us</a> or <a href="tel:+15550001111">call</a>.</p>' +
	'<p><a href="https://glowmedspa.test/unsubscribe?c=1">Unsubscribe</a></p>';

const statsText = singleText('aeStatsText00001', 'stats-text', {
	parameters: { ...firstText.parameters, message: '={{ $json.body.message }}' },
});

const workflows = [
	endpoint,
	marketingOffer,
	transactionalEmail,
	webhookWorkflow('aeConsentTrail01', 'consent-trail', {
		name: 'Consent',
		type: 'n8n-nodes-aesthetix.workspace',
		credentials: {
			aesthetixWorkspaceApi: { id: 'aeWorkspace00001', name: 'Glow Med Spa workspace' },
		},
		parameters: {
			resource: 'contact',
			operation: 'getConsent',
			contactId: '={{ $json.body.contact_id }}',
		},
	}),
	statsText,
	variant(booking, {
		id: 'aeTrackedEmail01',
		path: 'tracked-email',
		nodes: {
			[EMAIL]: { parameters: { message: MESSAGE, copies: { cc: '={{ $json.body.cc ?? "" }}' } } },
		},
	}),
	variant(booking, {
		id: 'aeNoOpenTrack001',
		path: 'untracked-opens',
		nodes: { [EMAIL]: { parameters: { message: MESSAGE, options: { trackOpens: false } } } },
	}),
	webhookWorkflow('aeEmailStats0001', 'email-statistics', {
		name: 'Statistics',
		type: 'n8n-nodes-aesthetix.workspace',
		credentials: {
			aesthetixWorkspaceApi: { id: 'aeWorkspace00001', name: 'Glow Med Spa workspace' },
		},
		parameters: {
			resource: 'statistics',
			operation: 'get',
			workflowId: '={{ $json.body.workflow ?? "aeTrackedEmail01" }}',
			actionName: `={{ $json.body.action ?? "${EMAIL}" }}`,
			includeRecipients: '={{ $json.body.recipients ?? false }}',
			event: '={{ $json.body.event ?? "" }}',
			limit: '={{ $json.body.limit ?? 50 }}',
			offset: '={{ $json.body.offset ?? 0 }}',
		},
	}),
];

const url = (route: string) => `${stack.host.baseUrl}/webhook/aesthetix/${route}`;
async function send(
	path: string,
	email: string,
	extra: Record<string, unknown> = {},
): Promise<{ result: Record<string, unknown>; mail: Mail }> {
	const before = stack.smtp.messages.length;
	const { status, json } = await stack.trigger(path, { ...contact(email), ...extra });
	expect(status).toBe(200);
	await stack.smtp.waitForMessages(before + 1);
	return { result: json.email, mail: stack.smtp.messages.find((m: Mail) => m.to[0] === email) };
}

const statistics = async (body: Record<string, unknown> = {}) =>
	(await stack.trigger('email-statistics', body)).json[0];

/** The first marketing email that reached an address. */
const marketingMailTo = (address: string): Mail =>
	stack.smtp.messages.find(
		(m: Mail) => m.to[0] === address && rawHeader(m, 'List-Unsubscribe') !== undefined,
	);

/** What a mailbox provider posts for RFC 8058's one click: no cookie, no sign-in, one field. */
const oneClick = (link: string) =>
	fetch(link, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: 'List-Unsubscribe=One-Click',
	});

beforeAll(async () => {
	stack = await startStack({
		name: 'email-statistics',
		port: 5771,
		workflows,
		extraCredentials: ({ smtp }: { smtp: { port: number } }) => [
			dkimSmtpCredential(smtp.port),
			{
				id: 'aeEmailEvents001',
				name: 'Email providers',
				type: 'aesthetixEmailEventsApi',
				data: {
					mailgunSigningSecret: mailgun.signingKey,
					sendgridVerificationKey: sendgrid.verificationKey,
					sendgridInboundSecret: INBOUND_SECRET,
				},
			},
		],
	});
	store = await stack.openWorkspace();
});

afterAll(async () => {
	await store?.close();
	await stack?.stop();
});

describe('opens and clicks', () => {
	it('tracks web links and opens through signed endpoint URLs, leaving mailto, tel and unsubscribe links alone', async () => {
		const { result, mail } = await send('tracked-email', 'jane@example.com');
		const tracked = /href="(http:\/\/[^"]+\/email\/click\?t=[^"]+)"/.exec(mail.html)![1];
		const pixel = /<img src="(http:\/\/[^"]+\/email\/open\?t=[^"]+)"/.exec(mail.html)![1];
		expect(result).toMatchObject({
			status: 'accepted',
			tracked_links: ['https://glowmedspa.test/aftercare?x=1&y=2'],
			open_tracking: true,
		});
		expect(mail.html).toContain('href="mailto:hello@glowmedspa.test"');
		expect(mail.html).toContain('href="tel:+15550001111"');
		expect(mail.html).toContain('href="https://glowmedspa.test/unsubscribe?c=1"');
		expect(mail.text).toContain('aftercare guide (https://glowmedspa.test/aftercare?x=1&y=2)');

		const image = await fetch(pixel);
		expect(image.status).toBe(200);
		expect(image.headers.get('content-type')).toBe('image/gif');
		await fetch(pixel);
		const visit = await fetch(tracked.replace(/&amp;/g, '&'), { redirect: 'manual' });
		expect(visit.status).toBe(302);
		expect(visit.headers.get('location')).toBe('https://glowmedspa.test/aftercare?x=1&y=2');
		const forged = await fetch(pixel.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')));
		expect(forged.status).toBe(200);
		expect(
			(
				await fetch(
					tracked.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
					{ redirect: 'manual' },
				)
			).status,
		).toBe(404);

		const events = await store.deliveryEvents.forDelivery(
			Number((await store.deliveryEvents.emailByMessageId(mail.messageId))!.id),
		);
		expect(events.map((e) => [e.event, e.source])).toEqual([
			['opened', 'pixel'],
			['clicked', 'link'],
		]);
	});
});

describe('Mailgun', () => {
	it('records Delivered once however often Mailgun retries, never for the Cc copy, and refuses forged or replayed events', async () => {
		const { mail, result } = await send('tracked-email', 'mia@example.com', {
			cc: 'frontdesk@glowmedspa.test',
		});
		// The Cc gets the same message, so nothing in it is tracked through the endpoint.
		expect(mail.cc).toEqual(['frontdesk@glowmedspa.test']);
		expect(mail.html).not.toMatch(/email\/(open|click)/);
		expect(result).toMatchObject({ tracked_links: [], open_tracking: false });
		const delivered = mailgun.event(mail, 'delivered', { id: 'mg-delivered-mia' });
		// Mailgun signs only timestamp + token: its retry may repeat both, but never with another body.
		const signature = mailgun.signature();
		const withSignature = (body: object) =>
			fetch(url('email/mailgun/events'), {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ signature, ...body }),
			});
		expect((await withSignature(delivered)).status).toBe(200);
		expect((await withSignature(delivered)).status).toBe(200);
		expect((await mailgun.post(url('email/mailgun/events'), delivered)).status).toBe(200);
		expect((await withSignature(mailgun.event(mail, 'complained'))).status).toBe(403);
		expect(
			(
				await mailgun.post(
					url('email/mailgun/events'),
					mailgun.event(mail, 'delivered', { recipient: 'frontdesk@glowmedspa.test' }),
				)
			).status,
		).toBe(200);
		const forged = await mailgun.post(
			url('email/mailgun/events'),
			mailgun.event(mail, 'complained'),
			'not-the-signing-key',
		);
		expect(forged.status).toBe(403);
		const unsigned = await fetch(url('email/mailgun/events'), {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(mailgun.event(mail, 'complained')),
		});
		expect(unsigned.status).toBe(403);

		const mia = (await statistics({ recipients: true, offset: 0 })).recipients.find(
			(r: { address: string }) => r.address === 'mia@example.com',
		);
		expect(mia.events.map((e: { event: string }) => e.event)).toEqual(['delivered']);
		expect((await store.contacts.findByEmailOrPhone('mia@example.com'))!.dnd_email).toBe(false);
		const [entry] = (await store.conversations.forContact(mia.contact_id)).filter(
			(m) => m.direction === 'outbound',
		);
		expect(entry.status).toBe('delivered');
	});

	it('matches by Message-ID when the variables are gone, records Stored, and a permanent failure puts the contact in DND', async () => {
		const { mail } = await send('tracked-email', 'gone@example.com');
		const stripped = { ...mail, headers: new Map() };
		expect(
			(await mailgun.post(url('email/mailgun/events'), mailgun.event(stripped, 'stored'))).status,
		).toBe(200);
		const temporary = mailgun.event(mail, 'failed', {
			severity: 'temporary',
			reason: 'generic',
			'delivery-status': { code: 421, message: 'try later' },
		});
		await mailgun.post(url('email/mailgun/events'), temporary);
		expect((await store.contacts.findByEmailOrPhone('gone@example.com'))!.dnd_email).toBe(false);
		const permanent = mailgun.event(mail, 'failed', {
			severity: 'permanent',
			reason: 'bounce',
			'delivery-status': { code: 550, message: '5.1.1 mailbox does not exist' },
		});
		await mailgun.post(url('email/mailgun/events'), permanent);
		expect((await store.contacts.findByEmailOrPhone('gone@example.com'))!.dnd_email).toBe(true);

		const { recipients } = await statistics({ recipients: true, event: 'bounced' });
		expect(recipients).toHaveLength(1);
		expect(recipients[0]).toMatchObject({ address: 'gone@example.com' });
		expect(
			recipients[0].events.map((e: { event: string; reason: string | null }) => [
				e.event,
				e.reason,
			]),
		).toEqual([
			['stored', null],
			['deferred', '421 try later generic'],
			['bounced', '550 5.1.1 mailbox does not exist bounce'],
		]);

		const again = await stack.trigger('tracked-email', contact('gone@example.com'));
		expect(again.json.email.status).toBe('skipped');
		// The reason says which opt-out, how and when: the consent trail's entry for it.
		expect(again.json.email.reason).toMatch(
			/^The contact is in Do Not Disturb for email: the address bounced permanently \(reported by Mailgun\): 550 5\.1\.1 mailbox does not exist bounce \(\d{4}-\d\d-\d\d \d\d:\d\d UTC\)$/,
		);
	});

	it('threads a reply from a Mailgun route to its email: Replied, and an inbound entry in the conversation', async () => {
		const { mail } = await send('tracked-email', 'rae@example.com');
		const reply = {
			from: 'Rae <rae@example.com>',
			to: 'hello@glowmedspa.test',
			subject: 'Re: Thanks for booking with us',
			text: 'See you then!',
			messageId: '<reply-rae-1@mail.example.com>',
			inReplyTo: mail.messageId,
			references: mail.messageId,
		};
		expect(
			(await mailgun.forwardReply(url('email/mailgun/inbound'), reply, 'forged-key')).status,
		).toBe(403);
		expect((await mailgun.forwardReply(url('email/mailgun/inbound'), reply)).status).toBe(200);
		expect((await mailgun.forwardReply(url('email/mailgun/inbound'), reply)).status).toBe(200);
		const rae = (await store.contacts.findByEmailOrPhone('rae@example.com'))!;
		const inbound = (await store.conversations.forContact(rae.id)).filter(
			(m) => m.direction === 'inbound',
		);
		expect(inbound).toHaveLength(1);
		expect(inbound[0]).toMatchObject({
			channel: 'email',
			body: 'See you then!',
			subject: 'Re: Thanks for booking with us',
			action_name: EMAIL,
			meta: { in_reply_to: mail.messageId },
		});
		const { contactRepliedByEmailSince } = require('../../dist/core/endpoint/email/inbound');
		expect(await contactRepliedByEmailSince(store, rae.id, new Date(Date.now() - 60_000))).toBe(
			true,
		);
		expect(await contactRepliedByEmailSince(store, rae.id, new Date(Date.now() + 60_000))).toBe(
			false,
		);
	});
});

describe('SendGrid', () => {
	it('records its signed events, refuses a batch signed with another key, and a spam report puts the contact in DND', async () => {
		const { mail } = await send('tracked-email', 'sam@example.com');
		const batch = [
			sendgrid.event(mail, 'processed'),
			sendgrid.event(mail, 'delivered', { response: '250 OK' }),
			sendgrid.event(mail, 'open'),
		];
		const other = new SendGridDouble();
		expect(
			(
				await sendgrid.post(url('email/sendgrid/events'), [sendgrid.event(mail, 'spamreport')], {
					privateKey: other.privateKey,
				})
			).status,
		).toBe(403);
		expect((await store.contacts.findByEmailOrPhone('sam@example.com'))!.dnd_email).toBe(false);
		expect((await sendgrid.post(url('email/sendgrid/events'), batch)).status).toBe(200);
		expect((await sendgrid.post(url('email/sendgrid/events'), batch)).status).toBe(200);
		const spam = [sendgrid.event(mail, 'spamreport')];
		expect((await sendgrid.post(url('email/sendgrid/events'), spam)).status).toBe(200);
		expect((await store.contacts.findByEmailOrPhone('sam@example.com'))!.dnd_email).toBe(true);
		const sam = (await statistics({ recipients: true, event: 'complained' })).recipients;
		expect(sam.map((r: { address: string }) => r.address)).toEqual(['sam@example.com']);
		expect(
			sam[0].events.map((e: { event: string; source: string }) => `${e.source}:${e.event}`),
		).toEqual(['sendgrid:delivered', 'sendgrid:opened', 'sendgrid:complained']);
	});

	it('threads a reply posted by Inbound Parse, which is proved by the URL key', async () => {
		const { mail } = await send('tracked-email', 'pat@example.com');
		const reply = {
			from: 'pat@example.com',
			to: 'hello@glowmedspa.test',
			subject: 'Re: booking',
			text: 'Can we move it?',
			messageId: '<reply-pat@example.com>',
			references: `<older@glowmedspa.test> ${mail.messageId}`,
		};
		expect(
			(await sendgrid.parseReply(url('email/sendgrid/inbound?key=wrong-key-0123456789'), reply))
				.status,
		).toBe(403);
		expect(
			(await sendgrid.parseReply(url(`email/sendgrid/inbound?key=${INBOUND_SECRET}`), reply))
				.status,
		).toBe(200);
		const pat = (await store.contacts.findByEmailOrPhone('pat@example.com'))!;
		expect(
			(await store.conversations.forContact(pat.id))
				.filter((m) => m.direction === 'inbound')
				.map((m) => m.body),
		).toEqual(['Can we move it?']);
	});
});

describe('the statistics operation', () => {
	it('returns all nine counts, never counting Cc, and pages the recipients behind them', async () => {
		stack.smtp.refuseRecipient('nobody@example.com');
		const refused = await stack.trigger('tracked-email', contact('nobody@example.com'));
		expect(refused.status).toBe(500);
		await eventually(async () => {
			const counts = await statistics();
			expect(counts).toMatchObject({
				workflow_id: 'aeTrackedEmail01',
				action_name: EMAIL,
				channel: 'email',
				accepted: 6,
				rejected: 1,
				delivered: 2,
				opened: 2,
				clicked: 1,
				replied: 2,
				bounced: 1,
				stored: 1,
				complained: 1,
			});
		});
		const first = await statistics({ recipients: true, limit: 4, offset: 0 });
		const second = await statistics({ recipients: true, limit: 4, offset: 4 });
		const addresses = [...first.recipients, ...second.recipients].map(
			(r: { address: string }) => r.address,
		);
		expect(addresses).toEqual([
			'jane@example.com',
			'mia@example.com',
			'gone@example.com',
			'rae@example.com',
			'sam@example.com',
			'pat@example.com',
			'nobody@example.com',
		]);
		expect(addresses).not.toContain('frontdesk@glowmedspa.test');
		const replied = await statistics({ recipients: true, event: 'replied' });
		expect(replied.recipients.map((r: { address: string }) => r.address)).toEqual([
			'rae@example.com',
			'pat@example.com',
		]);
	});
});

describe('marketing email and its unsubscribe', () => {
	it("a POST to the header's address with no cookie unsubscribes at once; the next marketing send is skipped with the reason", async () => {
		const lena = await send('marketing-email', 'lena@example.com');
		const link = unsubscribeLink(lena.mail);
		const contactId = lena.result.contact_id as number;
		// A GET (a link scanner, or the person) only shows the page.
		const page = await fetch(link);
		expect(page.status).toBe(200);
		expect(await page.text()).toContain("Unsubscribe from Glow Med Spa's marketing email?");
		expect((await store.contacts.get(contactId))!.email_unsubscribed).toBe(false);

		const forged = await oneClick(link.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')));
		expect(forged.status).toBe(404);
		expect((await store.contacts.get(contactId))!.email_unsubscribed).toBe(false);

		expect((await oneClick(link)).status).toBe(200);
		expect((await oneClick(link)).status).toBe(200);
		expect((await store.contacts.get(contactId))!.email_unsubscribed).toBe(true);
		expect(await store.consent.trail(contactId)).toEqual([
			expect.objectContaining({
				channel: 'email',
				flag: 'email_unsubscribed',
				opted_out: true,
				source: 'one_click',
			}),
		]);

		const before = stack.smtp.messages.length;
		const skipped = await stack.trigger('marketing-email', contact('lena@example.com'));
		expect(skipped.json.email).toMatchObject({ status: 'skipped', email_type: 'marketing' });
		expect(skipped.json.email.reason).toMatch(
			new RegExp(
				`^The contact unsubscribed from marketing email: one-click unsubscribe from the mail app, on "${OFFER}" \\(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC\\)$`,
			),
		);
		// A booking confirmation still reaches her.
		const confirmation = await send('transactional-email', 'lena@example.com');
		expect(confirmation.result.status).toBe('accepted');
		expect(stack.smtp.messages.length).toBe(before + 1);
	});

	it('signed Mailgun and SendGrid unsubscribes opt the contact out once however often sent; forged ones change nothing', async () => {
		const mo = await send('marketing-email', 'mo@example.com');
		const sia = await send('marketing-email', 'sia@example.com');
		const gus = await send('marketing-email', 'gus@example.com');
		const ids = (...all: (typeof mo)[]) => all.map((m) => m.result.contact_id as number);
		const [moId, siaId, gusId] = ids(mo, sia, gus);

		const unsubscribed = mailgun.event(mo.mail, 'unsubscribed', { id: 'mg-unsub-mo' });
		expect(
			(await mailgun.post(url('email/mailgun/events'), unsubscribed, 'not-the-key')).status,
		).toBe(403);
		expect((await store.contacts.get(moId))!.email_unsubscribed).toBe(false);
		expect((await mailgun.post(url('email/mailgun/events'), unsubscribed)).status).toBe(200);
		expect((await mailgun.post(url('email/mailgun/events'), unsubscribed)).status).toBe(200);

		const other = new SendGridDouble();
		const siaEvent = [sendgrid.event(sia.mail, 'unsubscribe')];
		expect(
			(
				await sendgrid.post(url('email/sendgrid/events'), siaEvent, {
					privateKey: other.privateKey,
				})
			).status,
		).toBe(403);
		expect((await store.contacts.get(siaId))!.email_unsubscribed).toBe(false);
		expect((await sendgrid.post(url('email/sendgrid/events'), siaEvent)).status).toBe(200);
		expect((await sendgrid.post(url('email/sendgrid/events'), siaEvent)).status).toBe(200);
		const group = [sendgrid.event(gus.mail, 'group_unsubscribe', { asm_group_id: 42 })];
		expect((await sendgrid.post(url('email/sendgrid/events'), group)).status).toBe(200);

		for (const [id, source] of [
			[moId, 'mailgun'],
			[siaId, 'sendgrid'],
			[gusId, 'sendgrid'],
		] as const) {
			expect((await store.contacts.get(id))!.email_unsubscribed).toBe(true);
			expect((await store.consent.trail(id)).map((e) => [e.flag, e.opted_out, e.source])).toEqual([
				['email_unsubscribed', true, source],
			]);
		}
		expect((await store.consent.trail(gusId))[0].detail).toContain('group 42');

		const counts = await statistics({
			workflow: 'aeMarketingMail01',
			action: OFFER,
			recipients: true,
			event: 'unsubscribed',
		});
		expect(counts.unsubscribed).toBe(4);
		expect(counts.recipients.map((r: { address: string }) => r.address)).toEqual([
			'lena@example.com',
			'mo@example.com',
			'sia@example.com',
			'gus@example.com',
		]);

		// SendGrid's group resubscribe is consent given back, in the trail beside the unsubscribe.
		await sendgrid.post(url('email/sendgrid/events'), [
			sendgrid.event(gus.mail, 'group_resubscribe', { asm_group_id: 42 }),
		]);
		expect((await store.contacts.get(gusId))!.email_unsubscribed).toBe(false);
		expect((await store.consent.trail(gusId)).map((e) => e.opted_out)).toEqual([false, true]);
	});

	it('the Workspace node returns the consent trail per channel', async () => {
		const gus = (await store.contacts.findByEmailOrPhone('gus@example.com'))!;
		const [consent] = (await stack.trigger('consent-trail', { contact_id: gus.id })).json;
		expect(consent).toMatchObject({
			contact_id: gus.id,
			email: { marketing: 'subscribed', dnd: false },
			sms: { opted_out: false, dnd: false },
			calls: { dnd: false },
			all_channels: { dnd: false },
		});
		expect(
			consent.trail.map((e: { source: string; opted_out: boolean }) => [e.source, e.opted_out]),
		).toEqual([
			['sendgrid', false],
			['sendgrid', true],
		]);
	});
});

describe('the Statistics page of the Inbox', () => {
	const shots = join(ARTIFACTS, 'statistics');
	const PASSWORD = 'Glow-Stats-2026';
	let browser: Browser;

	beforeAll(async () => {
		mkdirSync(shots, { recursive: true });
		for (const user of [
			{ name: 'Ivy Chen', email: 'ivy@glowmedspa.test', role: 'admin' },
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

	afterAll(async () => {
		await browser?.close();
	});

	function signedIn(email: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
		return signedInPage(browser, url('inbox'), email, PASSWORD, viewport);
	}

	const tile = async (section: ReturnType<Page['locator']>, name: string) =>
		Number(await section.locator(`[data-stat="${name}"] b`).textContent());

	it('shows an admin every email and SMS action with its counts, a chart, and the recipients behind a count', async () => {
		stack.twilio.deliverTo('+15557770002', 'undelivered', 30003);
		await stack.trigger('stats-text', {
			contact: { first_name: 'Tia', phone: '+15557770001' },
			message: 'Aftercare: https://glowmedspa.test/aftercare',
		});
		await stack.trigger('stats-text', {
			contact: { first_name: 'Uma', phone: '+15557770002' },
			message: 'Hello',
		});
		const [text] = stack.twilio.messages.filter((m: { to: string }) => m.to === '+15557770001');
		await fetch(text.body.match(/http:\/\/\S+\?t=\S+/)![0], { redirect: 'manual' });
		await eventually(async () =>
			expect(
				await store.deliveryEvents.counts({ workflowId: 'aeStatsText00001', actionName: FIRST }, [
					'delivered',
					'failed',
					'clicked',
				]),
			).toEqual({ delivered: 1, failed: 1, clicked: 1 }),
		);

		const page = await signedIn('ivy@glowmedspa.test');
		await page.click('header a:has-text("Statistics")');
		const email = page.locator('section.action[data-channel="email"]', { hasText: EMAIL }).first();
		expect(await tile(email, 'accepted')).toBe(6);
		expect(await tile(email, 'bounced')).toBe(1);
		expect(await tile(email, 'replied')).toBe(2);
		expect(await email.locator('.stat').count()).toBe(10);
		const sms = page.locator('section.action[data-channel="sms"]');
		expect(await sms.locator('.stat').allTextContents()).toEqual([
			'1Delivered',
			'1Clicked',
			'1Failed',
		]);
		await page.screenshot({ path: join(shots, 'desktop-statistics.png'), fullPage: true });

		await email.locator('[data-stat="bounced"]').click();
		await page.waitForSelector('tr.recipient');
		expect(await page.locator('h2').first().textContent()).toBe('Bounced: recipients');
		const rows = page.locator('tr.recipient');
		expect(await rows.count()).toBe(1);
		expect(await rows.first().textContent()).toContain('gone@example.com');
		expect(await rows.first().textContent()).toContain('550 5.1.1 mailbox does not exist');
		expect(await page.locator('figure.chart svg rect').count()).toBeGreaterThan(0);
		await page.screenshot({ path: join(shots, 'desktop-statistics-bounced.png'), fullPage: true });
		await page.context().close();
	});

	it('fits a phone, and refuses a coordinator', async () => {
		const phone = await signedIn('ivy@glowmedspa.test', { width: 390, height: 844 });
		await phone.goto(
			`${url('inbox/statistics')}?workflow=aeTrackedEmail01&action=${encodeURIComponent(EMAIL)}`,
		);
		expect(await phone.locator('tr.recipient').count()).toBe(7);
		// Nothing wider than the phone: a mobile browser would otherwise zoom the whole page out.
		expect(
			Number(await phone.evaluate('document.documentElement.scrollWidth')),
		).toBeLessThanOrEqual(390);
		await phone.screenshot({ path: join(shots, 'phone-statistics.png'), fullPage: true });
		await phone.context().close();

		const coordinator = await signedIn('maya@glowmedspa.test');
		expect(await coordinator.locator('header a:has-text("Statistics")').count()).toBe(0);
		const refused = await coordinator.goto(url('inbox/statistics'));
		expect(refused!.status()).toBe(403);
		expect(await coordinator.locator('.error').textContent()).toBe(
			'Only owners and admins can see statistics.',
		);
		await coordinator.context().close();
	});
	it("lets the person resubscribe on the link's own page, with no sign-in and no script", async () => {
		const context = await browser.newContext({
			viewport: { width: 390, height: 844 },
			isMobile: true,
		});
		const page = await context.newPage();
		const lenaId = (await store.contacts.findByEmailOrPhone('lena@example.com'))!.id;
		await page.goto(unsubscribeLink(marketingMailTo('lena@example.com')));
		expect(await page.locator('h1').textContent()).toBe('You are already unsubscribed');
		await page.screenshot({ path: join(shots, 'phone-unsubscribed.png'), fullPage: true });
		await page.click('button:has-text("Resubscribe")');
		expect(await page.locator('h1').textContent()).toBe("You're subscribed again");
		expect((await store.contacts.get(lenaId))!.email_unsubscribed).toBe(false);
		expect((await store.consent.trail(lenaId))[0]).toMatchObject({
			opted_out: false,
			source: 'unsubscribe_page',
		});
		await page.click('button:has-text("Unsubscribe")');
		expect(await page.locator('h1').textContent()).toBe("You're unsubscribed");
		expect((await store.contacts.get(lenaId))!.email_unsubscribed).toBe(true);
		await context.close();
	});

	it("shows the consent trail on the contact's page, where an owner can resubscribe or set DND", async () => {
		const sia = (await store.contacts.findByEmailOrPhone('sia@example.com'))!;
		const page = await signedIn('ivy@glowmedspa.test');
		await page.goto(`${url('inbox/contact')}?id=${sia.id}`);
		const consent = page.locator('section.consent');
		const state = (channel: string) =>
			consent.locator(`[data-channel="${channel}"] .state`).textContent();
		expect(await state('email')).toBe('Unsubscribed from marketing email');
		expect(await state('sms')).toBe('Texts allowed');
		expect(await consent.locator('li.consent-entry').allTextContents()).toEqual([
			expect.stringMatching(
				/Email · Unsubscribed from marketing email · unsubscribe reported by SendGrid, on "HydraFacial Offer Email"/,
			),
		]);
		await page.screenshot({ path: join(shots, 'desktop-consent.png'), fullPage: true });
		await consent.locator('button:has-text("Resubscribe to marketing email")').click();
		await consent.locator('button:has-text("Turn on Do Not Disturb for SMS")').click();
		expect(await state('email')).toBe('Subscribed to marketing email');
		expect(await state('sms')).toBe('Do Not Disturb for SMS');
		const entries = await consent.locator('li.consent-entry').allTextContents();
		expect(entries[0]).toMatch(/SMS · Do Not Disturb for SMS on · by Ivy Chen in the Inbox/);
		expect(entries[1]).toMatch(
			/Email · Subscribed to marketing email again · by Ivy Chen in the Inbox/,
		);
		expect((await store.contacts.get(sia.id))!).toMatchObject({
			email_unsubscribed: false,
			dnd_sms: true,
		});
		await page.context().close();

		const coordinator = await signedIn('maya@glowmedspa.test');
		await coordinator.goto(`${url('inbox/contact')}?id=${sia.id}`);
		expect(await coordinator.locator('section.consent li.consent-entry').count()).toBe(3);
		expect(await coordinator.locator('section.consent button').count()).toBe(0);
		await coordinator.context().close();
	});

	it('says the complaint rate in plain words, and pauses marketing sends above 0.3 % when the owner chooses', async () => {
		const page = await signedIn('ivy@glowmedspa.test');
		await page.goto(url('inbox/statistics'));
		const guard = page.locator('#complaint-rate');
		expect(await guard.locator('p').first().textContent()).toBe(
			'0 spam complaints on 4 marketing emails in the last 30 days: 0 %, within the 0.3 % that Gmail and Yahoo allow.',
		);
		const mo = marketingMailTo('mo@example.com');
		await sendgrid.post(url('email/sendgrid/events'), [sendgrid.event(mo, 'spamreport')]);
		await page.reload();
		expect(await guard.getAttribute('class')).toContain('over');
		expect(await guard.locator('p').first().textContent()).toMatch(
			/^Too many spam complaints: 1 of the 4 marketing emails of the last 30 days was marked as spam \(25 %\)/,
		);
		await guard.locator('input[name=pause]').check();
		await guard.locator('button:has-text("Save")').click();
		expect(await guard.locator('p').first().textContent()).toMatch(
			/Marketing email is paused until the rate falls/,
		);
		await page.screenshot({ path: join(shots, 'desktop-complaint-rate.png'), fullPage: true });

		const paused = await stack.trigger('marketing-email', contact('zoe@example.com'));
		expect(paused.json.email).toMatchObject({ status: 'skipped', email_type: 'marketing' });
		expect(paused.json.email.reason).toMatch(/^Marketing email is paused: spam complaints on 25 %/);
		expect((await send('transactional-email', 'zoe@example.com')).result.status).toBe('accepted');
		const stats = await statistics({ workflow: 'aeMarketingMail01', action: OFFER });
		expect(stats.complaint_rate).toMatchObject({
			marketing_emails: 4,
			complaints: 1,
			over_limit: true,
			marketing_paused: true,
		});

		await guard.locator('input[name=pause]').uncheck();
		await guard.locator('button:has-text("Save")').click();
		expect((await send('marketing-email', 'zoe@example.com')).result.status).toBe('accepted');
		await page.context().close();
	});
});

describe('signed posts of any age', () => {
	/** Unix seconds, `n` minutes from now. */
	const minutesFromNow = (n: number) => String(Math.floor(Date.now() / 1000) + n * 60);
	const postMailgun = (body: object, signedAt: string) =>
		fetch(url('email/mailgun/events'), {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ signature: mailgun.signature(undefined, signedAt), ...body }),
		});

	it('refuses Mailgun events and replies signed more than 15 minutes ago or ahead with 400, and records nothing', async () => {
		const { mail } = await send('untracked-opens', 'late@example.com');
		const old = await postMailgun(mailgun.event(mail, 'complained'), minutesFromNow(-20));
		expect(old.status).toBe(400);
		expect(await old.text()).toBe(
			"The post was signed 20 minutes ago; posts signed more than 15 minutes ago are refused as replays. If the provider sent it just now, check this server's clock.",
		);
		const ahead = await postMailgun(mailgun.event(mail, 'complained'), minutesFromNow(20));
		expect(ahead.status).toBe(400);
		expect(await ahead.text()).toBe(
			"The post was signed 20 minutes ahead of this server's clock; posts signed more than 15 minutes in the future are refused. Check this server's clock.",
		);
		const reply = await mailgun.forwardReply(
			url('email/mailgun/inbound'),
			{
				from: 'late@example.com',
				to: 'hello@glowmedspa.test',
				subject: 'Re: Thanks for booking with us',
				text: 'Captured long ago',
				messageId: '<reply-late@example.com>',
				inReplyTo: mail.messageId,
			},
			undefined,
			minutesFromNow(-20),
		);
		expect(reply.status).toBe(400);
		// Within the window it counts.
		expect((await postMailgun(mailgun.event(mail, 'delivered'), minutesFromNow(-14))).status).toBe(
			200,
		);
		const late = (await store.contacts.findByEmailOrPhone('late@example.com'))!;
		expect(late.dnd_email).toBe(false);
		expect(
			(await store.conversations.forContact(late.id)).filter((m) => m.direction === 'inbound'),
		).toEqual([]);
		const record = (await store.deliveryEvents.emailByMessageId(mail.messageId))!;
		expect((await store.deliveryEvents.forDelivery(Number(record.id))).map((e) => e.event)).toEqual(
			['delivered'],
		);
	});

	it('refuses a SendGrid batch signed more than 15 minutes ago with 400', async () => {
		const { mail } = await send('untracked-opens', 'stale@example.com');
		const res = await sendgrid.post(
			url('email/sendgrid/events'),
			[sendgrid.event(mail, 'spamreport')],
			{ timestamp: minutesFromNow(-16) },
		);
		expect(res.status).toBe(400);
		expect(await res.text()).toMatch(/^The post was signed 16 minutes ago; /);
		expect((await store.contacts.findByEmailOrPhone('stale@example.com'))!.dnd_email).toBe(false);
	});

	it('forgets used Mailgun tokens once their signatures are too old to be accepted', async () => {
		await store.db.run('INSERT INTO webhook_tokens (token, digest, created_at) VALUES (?, ?, ?)', [
			'mailgun:token-from-an-hour-ago',
			'digest',
			new Date(Date.now() - 60 * 60_000).toISOString(),
		]);
		const { mail } = await send('untracked-opens', 'tokens@example.com');
		const signedAt = minutesFromNow(-14);
		expect((await postMailgun(mailgun.event(mail, 'delivered'), signedAt)).status).toBe(200);
		const tokens = await store.db.all<{ token: string; expires_at: string }>(
			'SELECT token, expires_at FROM webhook_tokens',
		);
		expect(tokens.map((t) => t.token)).not.toContain('mailgun:token-from-an-hour-ago');
		// The token just used is kept until its signature expires, 15 minutes after it was made.
		expect(tokens.map((t) => t.expires_at)).toContain(
			new Date((Number(signedAt) + 15 * 60) * 1000).toISOString(),
		);
	});
});
