/**
 * The Slack action through n8n's engine in process against the Slack double (2,500 users, 1,500
 * channels): the premium gate and count, each user source, a private channel posted with the user
 * token, names found past the first 1,000, a 429 survived, and errors that name the fix. The spec's example (behind n8n's If)
 * and the editor's pickers run in a real host: test/e2e/slack.test.ts.
 */
import type { WorkspaceStore } from '../../core/store/workspaceStore';

const { exampleWorkflow, variant } = require('../support/stack');
const { startDoubles } = require('../support/inProcess');
const { premiumWorkflows, premiumCount } = require('../support/premiumSettings');

type Stack = Awaited<ReturnType<typeof startDoubles>>;
type Post = { channel: string; user?: string; text: string; as: string; postedBy?: string };
let stack: Stack;
let store: WorkspaceStore;

const example = exampleWorkflow('high-priority-lead.json');
const SLACK = 'Notify Front Desk';

/** The example's Slack step straight behind a webhook, its fields taken from the posted body. */
const direct = variant(example, {
	id: 'aeSlackDirect001',
	path: 'slack-direct',
	nodes: {
		[SLACK]: {
			parameters: {
				contact: '={{ $json.body.contact ?? {} }}',
				event: 'directMessage',
				userSource: '={{ $json.body.source }}',
				customEmail: '={{ $json.body.email ?? "" }}',
				internalUser: '={{ $json.body.internalUser ?? "" }}',
				slackUser: { __rl: true, mode: 'id', value: '={{ $json.body.slackUser ?? "" }}' },
				message: 'Hello from the workflow about {{contact.first_name}}',
			},
		},
	},
});
const toChannel = (id: string, path: string, event: string) =>
	variant(example, {
		id,
		path,
		nodes: {
			[SLACK]: {
				parameters: {
					contact: '={{ $json.body.contact ?? {} }}',
					event,
					channel: { __rl: true, mode: 'id', value: '={{ $json.body.channel }}' },
					message: '={{ $json.body.message }}',
				},
			},
		},
	});

function straight(workflow: {
	nodes: Array<{ name: string }>;
	connections: Record<string, unknown>;
}) {
	workflow.nodes = workflow.nodes.filter((n) => n.name !== 'Tagged High Priority');
	workflow.connections = { 'Contact Added': { main: [[{ node: SLACK, type: 'main', index: 0 }]] } };
	return workflow;
}

const workflows = [
	...premiumWorkflows,
	straight(direct),
	straight(toChannel('aeSlackPublic001', 'slack-public', 'publicChannel')),
	straight(toChannel('aeSlackPrivate01', 'slack-private', 'privateChannel')),
	straight(
		variant(toChannel('aeSlackMixed0001', 'slack-mixed', 'publicChannel'), {
			id: 'aeSlackMixed0001',
			path: 'slack-mixed',
			nodes: {
				[SLACK]: {
					parameters: {
						message: '=New lead from {{ $json.body.source }}: *{{contact.first_name}}*',
					},
				},
			},
		}),
	),
];

const lead = {
	first_name: 'Lena',
	last_name: 'Park',
	email: 'lena@example.com',
	phone: '+15557770001',
	tags: ['High Priority'],
};

/** The error a run stopped with (the workflow id stays as the host suite named it). */
async function failure(_workflowId: string, path: string, body: unknown): Promise<string> {
	const { status, run } = await stack.trigger(path, body);
	expect(status).toBe('error');
	return run.error.message;
}

beforeAll(async () => {
	stack = await startDoubles({ workflows });
	// Slack is a premium action: turned on through the Workspace node, as a user does.
	expect((await stack.trigger('premium-set', { enabled: true })).status).toBe('success');
	store = await stack.openWorkspace();
	await store.teamUsers.create({
		name: 'Maya Lopez',
		email: 'maya@glowmedspa.test',
		role: 'lead esthetician',
	});
	await store.teamUsers.create({
		name: 'Zara Quinn',
		email: 'zara@glowmedspa.test',
		role: 'coordinator',
	});
});

afterAll(async () => {
	await stack?.stop();
});

beforeEach(() => stack.slack.reset());

describe('premium actions', () => {
	it('refuse to run until premium actions are enabled, then count each message', async () => {
		await stack.trigger('premium-set', { enabled: false });
		expect(
			await failure('aeSlackPublic001', 'slack-public', {
				channel: 'CFRONTDESK',
				message: 'New lead',
			}),
		).toBe('Slack is a premium action and premium actions are not enabled for this workspace');
		expect(stack.slack.posts).toHaveLength(0);
		await stack.trigger('premium-set', { enabled: true });
		const before = premiumCount((await stack.trigger('premium-usage', {})).json);
		await stack.trigger('slack-public', { channel: 'CFRONTDESK', message: 'New lead' });
		await stack.trigger('slack-public', { channel: 'CFRONTDESK', message: 'Another lead' });
		expect(stack.slack.posts).toHaveLength(2);
		expect(premiumCount((await stack.trigger('premium-usage', {})).json) - before).toBe(2);
	});
});

describe('direct messages by user source', () => {
	it.each([
		['assignedUser', { contact: { ...lead, assigned_user: 'maya@glowmedspa.test' } }, 'UMAYA0001'],
		['customEmail', { email: 'zara@glowmedspa.test' }, 'UZARA0001'],
		[
			'customEmail from a custom value',
			{ email: '{{contact.email}}', contact: { email: 'zara@glowmedspa.test' } },
			'UZARA0001',
		],
		['slackUser', { slackUser: 'UZARA0001' }, 'UZARA0001'],
	])('%s', async (source, body, slackUser) => {
		const { json } = await stack.trigger('slack-direct', { source: source.split(' ')[0], ...body });
		expect(json.slack).toMatchObject({ event: 'directMessage', user: slackUser, sent_as: 'bot' });
		expect(stack.slack.posts).toEqual([expect.objectContaining({ user: slackUser, as: 'bot' })]);
	});

	it('internalUser: a team user chosen by name, matched by email', async () => {
		const zara = await store.teamUsers.findByEmail('zara@glowmedspa.test');
		const { json } = await stack.trigger('slack-direct', {
			source: 'internalUser',
			internalUser: zara!.id,
		});
		expect(json.slack.user).toBe('UZARA0001');
	});

	it('internalUser: a team user given by email, as an expression would', async () => {
		const { json } = await stack.trigger('slack-direct', {
			source: 'internalUser',
			internalUser: 'zara@glowmedspa.test',
		});
		expect(json.slack.user).toBe('UZARA0001');
	});

	it.each([
		[
			{ source: 'customEmail', email: 'nobody@glowmedspa.test' },
			"No Slack user has the email nobody@glowmedspa.test: the person's Slack profile email must match",
		],
		[
			{ source: 'assignedUser', contact: { email: 'unassigned@example.com' } },
			'The contact has no assigned user to message',
		],
		[
			{ source: 'customEmail', email: 'not an email' },
			'Custom Email "not an email" contains spaces',
		],
	])('explains what is wrong: %j', async (body, message) => {
		expect(await failure('aeSlackDirect001', 'slack-direct', body)).toBe(message);
	});
});

describe('channels', () => {
	it('posts to a private channel as the person who created the integration', async () => {
		const { json } = await stack.trigger('slack-private', {
			channel: 'GVIPLEADS1',
			message: 'VIP lead in',
		});
		expect(stack.slack.posts).toEqual([
			expect.objectContaining({ channel: 'GVIPLEADS1', as: 'user', postedBy: 'UOWNER001' }),
		]);
		expect(json.slack.sent_as).toBe('user');
	});

	it.each([
		[
			'slack-public',
			'CNOBOT0001',
			'The app is not in channel CNOBOT0001: invite it with /invite @your-app, then run again',
		],
		[
			'slack-private',
			'GSECRET001',
			"Slack channel GSECRET001 was not found, or this app cannot see it (a private channel must include the app or the integration's creator)",
		],
	])('names the fix when it cannot post (%s %s)', async (path, channel, message) => {
		const id = path === 'slack-public' ? 'aeSlackPublic001' : 'aeSlackPrivate01';
		expect(await failure(id, path, { channel, message: 'hi' })).toBe(message);
	});

	it('finds a channel typed by name, as people write it in an expression, and lists the post as JSON', async () => {
		const { json } = await stack.trigger('slack-public', {
			channel: '#front-desk',
			message: 'By name',
		});
		expect(json.slack.channel).toBe('CFRONTDESK');
		const posts = await (
			await fetch(`${stack.slack.apiUrl.replace(/\/api\/?$/, '')}/posts.json`)
		).json();
		expect(posts).toEqual([
			expect.objectContaining({ channel: 'CFRONTDESK', text: 'By name', as: 'bot' }),
		]);
		expect(
			await failure('aeSlackPublic001', 'slack-public', {
				channel: '#no-such-room',
				message: 'hi',
			}),
		).toBe('Channel: no public channel named "#no-such-room" was found in this Slack workspace');
	});

	it('renders custom values beside n8n expressions in one Message Content expression', async () => {
		await stack.trigger('slack-mixed', {
			channel: 'CFRONTDESK',
			source: 'the website',
			contact: { email: 'mixed@example.com', first_name: 'Lena' },
		});
		expect((stack.slack.posts as Post[])[0].text).toBe('New lead from the website: *Lena*');
	});

	it('survives a 429 by waiting for Retry-After', async () => {
		stack.slack.rateLimit('chat.postMessage', 1, 1);
		const started = Date.now();
		const { json } = await stack.trigger('slack-public', {
			channel: 'CFRONTDESK',
			message: 'After the limit',
		});
		expect(json.slack.channel).toBe('CFRONTDESK');
		expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
		expect(
			stack.slack.calls.filter((c: { method: string }) => c.method === 'chat.postMessage'),
		).toHaveLength(2);
	});

	it('escapes merge values so a contact cannot mention @channel', async () => {
		await stack.trigger('slack-public', {
			channel: 'CFRONTDESK',
			message: 'Lead: {{contact.first_name}}',
			contact: { email: 'x@example.com', first_name: '<!channel> & co' },
		});
		expect((stack.slack.posts as Post[])[0].text).toBe('Lead: &lt;!channel&gt; &amp; co');
	});
});
