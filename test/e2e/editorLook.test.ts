/**
 * What n8n's editor loads from the installed package, read from a real n8n host the way the editor
 * reads it: the node and credential types (/types/*.json after login), each one's icon at its
 * /icons/ URL, light and dark, and the credential selectors' labels. The output schemas behind
 * "Usually outputs the following fields" have their own suite, outputSchemas.test.ts.
 */
const { startStack, exampleWorkflow } = require('../support/stack');

// A module, so its top-level names do not clash with other suites written as scripts.
export {};

jest.setTimeout(300_000);

type Stack = Awaited<ReturnType<typeof startStack>>;
type Themed = { light: string; dark: string };
type NodeType = {
	name: string;
	displayName: string;
	version: number | number[];
	iconUrl?: Themed | string;
	credentials?: Array<{ name: string; displayName?: string }>;
};
type CredentialType = { name: string; iconUrl?: Themed | string };

const PACKAGE = 'n8n-nodes-aesthetix';
const NODES = [
	'sendEmail',
	'sendSms',
	'slack',
	'internalNotification',
	'manualActionSms',
	'manualActionCall',
	'manualActions',
	'call',
	'voicemail',
	'workspace',
	'workspaceEndpoint',
	'inboundWebhookTrigger',
	'logExternalCall',
	'reviewRequest',
];
const CREDENTIALS = [
	'aesthetixSmtpApi',
	'aesthetixTwilioApi',
	'aesthetixSlackApi',
	'aesthetixWorkspaceApi',
	'aesthetixInboundWebhookApi',
	'aesthetixEmailEventsApi',
	'aesthetixAiModelApi',
];
const workflows = [exampleWorkflow('workspace-endpoint.json')];

let stack: Stack;
let nodeTypes: NodeType[];
let credentialTypes: CredentialType[];

/** An authenticated GET, as the editor makes it with its session cookie. */
async function get(path: string) {
	const res = await fetch(`${stack.host.baseUrl}/${path.replace(/^\//, '')}`, {
		headers: { cookie: await stack.host.session() },
	});
	return {
		status: res.status,
		type: res.headers.get('content-type') ?? '',
		body: await res.text(),
	};
}

const themed = (url: Themed | string | undefined): Themed => {
	expect(url).toMatchObject({ light: expect.any(String), dark: expect.any(String) });
	return url as Themed;
};
const nodeType = (name: string) => nodeTypes.find((t) => t.name === `${PACKAGE}.${name}`)!;

/** The icon at the URL the editor renders, checked to be an SVG drawing. */
async function svgAt(url: string): Promise<string> {
	const res = await get(url);
	expect({ url, status: res.status }).toEqual({ url, status: 200 });
	expect(res.type).toContain('image/svg+xml');
	expect(res.body).toMatch(
		/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]* viewBox="0 0 64 64"[^>]*>[\s\S]*<\/svg>\s*$/,
	);
	return res.body;
}

beforeAll(async () => {
	stack = await startStack({ name: 'editor-look', port: 5811, workflows });
	nodeTypes = JSON.parse((await get('/types/nodes.json')).body);
	credentialTypes = JSON.parse((await get('/types/credentials.json')).body);
});

afterAll(async () => {
	await stack?.stop();
});

describe('icons', () => {
	it('every node has its own icon, served by the host in a light and a dark version', async () => {
		const light = new Map<string, string>();
		const dark = new Map<string, string>();
		for (const name of NODES) {
			const urls = themed(nodeType(name)?.iconUrl);
			expect(urls.light).not.toBe(urls.dark);
			light.set(name, await svgAt(urls.light));
			dark.set(name, await svgAt(urls.dark));
			expect(light.get(name)).not.toBe(dark.get(name));
		}
		// No two nodes look the same, in either theme.
		expect(new Set(light.values()).size).toBe(NODES.length);
		expect(new Set(dark.values()).size).toBe(NODES.length);
	});

	it('every credential has a light and a dark icon the host serves', async () => {
		for (const name of CREDENTIALS) {
			const type = credentialTypes.find((t) => t.name === name);
			const urls = themed(type?.iconUrl);
			expect(await svgAt(urls.light)).not.toBe(await svgAt(urls.dark));
		}
	});

	it('the icon the package used to share by every node is gone', async () => {
		const urls = nodeTypes
			.filter((t) => t.name.startsWith(`${PACKAGE}.`))
			.flatMap((t) => Object.values(themed(t.iconUrl)));
		expect(
			urls.filter((u) => u.includes('aesthetix.svg') || u.includes('aesthetix.dark.svg')),
		).toEqual([]);
	});
});

describe('credential selectors', () => {
	it('are labelled by what they connect, not "Credential"', () => {
		const labels = (name: string) =>
			Object.fromEntries((nodeType(name).credentials ?? []).map((c) => [c.name, c.displayName]));
		expect(labels('sendSms')).toEqual({
			aesthetixTwilioApi: 'Twilio Account',
			aesthetixWorkspaceApi: 'Workspace',
		});
		expect(labels('sendEmail')).toEqual({
			aesthetixSmtpApi: 'Email Account (SMTP)',
			aesthetixWorkspaceApi: 'Workspace',
		});
		expect(labels('slack')).toEqual({
			aesthetixSlackApi: 'Slack Account',
			aesthetixWorkspaceApi: 'Workspace',
		});
		for (const name of NODES) {
			for (const credential of nodeType(name).credentials ?? [])
				expect({ name, credential }).toEqual({
					name,
					credential: expect.objectContaining({ displayName: expect.any(String) }),
				});
		}
	});
});
