/**
 * The checks on what workflows render and download, through n8n's engine in process: a Redirect Page
 * on another site, an attachment from a private address, and the workspace file's permissions.
 * Sign-in, callbacks behind a proxy and links followed through the endpoint run in a real host:
 * test/e2e/security.test.ts.
 */
import { statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WorkspaceStore } from '../../core/store/workspaceStore';

const { startDoubles } = require('../support/inProcess');
const { webhookWorkflow } = require('../support/workflows');

type Stack = Awaited<ReturnType<typeof startDoubles>>;
let stack: Stack;
let store: WorkspaceStore;
let files: Server;
let ownerId: number;

const PUBLIC_BASE_URL = 'https://n8n.glowmedspa.test';
const WORKSPACE = {
	aesthetixWorkspaceApi: { id: 'aeWorkspace00001', name: 'Glow Med Spa workspace' },
};
const STRICT_SMTP = {
	aesthetixSmtpApi: { id: 'aeSmtpStrict0001', name: 'SMTP without private file URLs' },
};

/** Send Email with a File URL from the posted body, through this SMTP credential. */
const emailFile = (id: string, path: string, smtp: Record<string, unknown>) =>
	webhookWorkflow(id, path, {
		name: 'Email',
		type: 'n8n-nodes-aesthetix.sendEmail',
		credentials: { ...WORKSPACE, ...smtp },
		onError: 'continueRegularOutput',
		parameters: {
			contact: '={{ $json.body.contact }}',
			fromEmail: 'hello@glowmedspa.test',
			subject: 'Your aftercare',
			message: '<p>Attached.</p>',
			attachments: { url: [{ url: '={{ $json.body.url }}', fileName: '' }] },
		},
	});

const workflows = [
	webhookWorkflow('aeNotifyRedirect', 'notify-redirect', {
		name: 'Notify',
		type: 'n8n-nodes-aesthetix.internalNotification',
		credentials: WORKSPACE,
		onError: 'continueRegularOutput',
		parameters: {
			type: 'inApp',
			contact: '={{ {} }}',
			toUserType: ['roles'],
			roles: 'owner',
			title: 'New lead',
			message: 'Call them',
			redirectPage: '={{ $json.body.page }}',
		},
	}),
	emailFile('aeEmailPrivFile', 'email-private-file', STRICT_SMTP),
	// The suites' own SMTP credential allows private networks, for their loopback file servers.
	emailFile('aeEmailOpenFile', 'email-allowed-file', {
		aesthetixSmtpApi: { id: 'aeSmtpLocal00001', name: 'Local SMTP' },
	}),
];

beforeAll(async () => {
	files = createServer((req, res) =>
		res.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF aftercare'),
	);
	await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
	stack = await startDoubles({
		workflows,
		workspace: { publicBaseUrl: PUBLIC_BASE_URL },
		extraCredentials: ({ smtp }: { smtp: { port: number } }) => [
			{
				...STRICT_SMTP.aesthetixSmtpApi,
				type: 'aesthetixSmtpApi',
				data: {
					host: '127.0.0.1',
					port: smtp.port,
					secure: false,
					starttls: 'never',
					poolSize: 1,
					rateLimit: 0,
				},
			},
		],
	});
	store = await stack.openWorkspace();
	ownerId = (
		await store.teamUsers.create({
			name: 'Olivia Owner',
			email: 'owner@glowmedspa.test',
			role: 'owner',
		})
	).id;
});

afterAll(async () => {
	await stack?.stop();
	await new Promise((resolve) => files?.close(resolve));
});

describe('the workspace file', () => {
	it('is readable by its owner only', () => {
		expect(statSync(stack.workspaceFile).mode & 0o777).toBe(0o600);
	});
});

describe('what workflows render and download', () => {
	it('refuses a Redirect Page on another site, and keeps a workspace path', async () => {
		for (const page of [
			'https://evil.example/login',
			'//evil.example/login',
			'javascript:alert(1)',
		]) {
			const { json } = await stack.trigger('notify-redirect', { page });
			expect(json[0].error.message).toBe(
				`Redirect Page "${page}" must be a workspace path such as /contacts/12 or an address on n8n.glowmedspa.test`,
			);
		}
		expect(await store.notifications.forUser(ownerId)).toEqual([]);
		const ok = await stack.trigger('notify-redirect', { page: `${PUBLIC_BASE_URL}/contacts/7` });
		expect(ok.json[0].error).toBeUndefined();
		const [latest] = await store.notifications.forUser(ownerId);
		expect(latest.redirect_page).toBe(`${PUBLIC_BASE_URL}/contacts/7`);
	});

	it('refuses an attachment from a loopback address unless the SMTP credential allows private networks', async () => {
		const url = `http://127.0.0.1:${(files.address() as AddressInfo).port}/aftercare.pdf`;
		const { json } = await stack.trigger('email-private-file', {
			contact: { email: 'ana@example.com' },
			url,
		});
		expect(json[0].error).toEqual({
			message: `Add Attachments: File URL "${url}" could not be downloaded: 127.0.0.1 is at 127.0.0.1, a private or local network address`,
			description: expect.stringContaining(
				'turn on Allow File URLs on Private Networks in the SMTP credential',
			),
		});
		expect(stack.smtp.messages).toHaveLength(0);

		const allowed = await stack.trigger('email-allowed-file', {
			contact: { email: 'ana@example.com' },
			url,
		});
		expect(allowed.json[0].error).toBeUndefined();
		const [mail] = await stack.smtp.waitForMessages(1);
		expect(mail.attachments.map((a: { content: Buffer }) => a.content.toString())).toEqual([
			'%PDF aftercare',
		]);
	});
});
