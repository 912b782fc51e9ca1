/**
 * The Slack action in a real n8n host against the Slack double (2,500 users, 1,500 channels): the
 * spec's high-priority lead example behind n8n's own If, counted as a premium action, and the
 * editor's pickers finding names past the first 1,000. User sources, channels, a 429 survived, the
 * premium gate and the errors run in process: test/inprocess/slack.test.ts.
 */
import type { WorkspaceStore } from '../../core/store/workspaceStore';

const { startStack, exampleWorkflow } = require('../support/stack');
const { premiumWorkflows, premiumCount } = require('../support/premiumSettings');

jest.setTimeout(300_000);

type Stack = Awaited<ReturnType<typeof startStack>>;
let stack: Stack;
let store: WorkspaceStore;

const example = exampleWorkflow('high-priority-lead.json');
const SLACK = 'Notify Front Desk';
const WORKSPACE = {
	aesthetixWorkspaceApi: { id: 'aeWorkspace00001', name: 'Glow Med Spa workspace' },
};

const workflows = [example, ...premiumWorkflows];

const lead = {
	first_name: 'Lena',
	last_name: 'Park',
	email: 'lena@example.com',
	phone: '+15557770001',
	tags: ['High Priority'],
};

beforeAll(async () => {
	stack = await startStack({ name: 'slack', port: 5741, workflows });
	// Slack is a premium action: turned on through the Workspace node, as a user does.
	expect((await stack.trigger('premium-set', { enabled: true })).status).toBe(200);
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
	await store?.close();
	await stack?.stop();
});

beforeEach(() => stack.slack.reset());

describe('the high-priority lead example', () => {
	it('posts to the front-desk channel when the contact is tagged High Priority, and only then', async () => {
		const before = (await stack.trigger('premium-usage', {})).json;
		const { json } = await stack.trigger('contact-added', { contact: lead });
		expect(stack.slack.posts).toEqual([
			expect.objectContaining({
				channel: 'CFRONTDESK',
				as: 'bot',
				text: 'A new high-priority lead has been added. Please check the details: *Lena Park* (+15557770001).',
			}),
		]);
		expect(json.slack).toMatchObject({
			action_name: SLACK,
			event: 'publicChannel',
			channel: 'CFRONTDESK',
			sent_as: 'bot',
		});
		await stack.trigger('contact-added', {
			contact: { ...lead, email: 'calm@example.com', tags: ['Newsletter'] },
		});
		expect(stack.slack.posts).toHaveLength(1);
		const after = (await stack.trigger('premium-usage', {})).json;
		expect(premiumCount(after) - premiumCount(before)).toBe(1);
		const contact = await store.contacts.findByEmailOrPhone('lena@example.com');
		const log = await store.conversations.forContact(contact!.id);
		expect(log.at(-1)).toMatchObject({
			channel: 'slack',
			action_name: SLACK,
			to_address: '#CFRONTDESK',
		});
	});
});

describe('pickers in a workspace of thousands', () => {
	const search = (
		methodName: string,
		currentNodeParameters: Record<string, unknown>,
		filter: string,
		paginationToken?: string,
	) =>
		stack.host.rest('/dynamic-node-parameters/resource-locator-results', {
			method: 'POST',
			body: {
				path: methodName === 'searchUsers' ? 'parameters.slackUser' : 'parameters.channel',
				nodeTypeAndVersion: { name: 'n8n-nodes-aesthetix.slack', version: 1 },
				methodName,
				currentNodeParameters,
				credentials: {
					aesthetixSlackApi: { id: 'aeSlackLocal0001', name: 'Local Slack' },
					...WORKSPACE,
				},
				filter,
				paginationToken,
			},
		});

	it('finds a person and a channel that Slack lists past the first 1,000', async () => {
		const users = (
			await search('searchUsers', { event: 'directMessage', userSource: 'slackUser' }, 'zara')
		).data;
		expect(users.results).toEqual([{ name: 'Zara Quinn (@zara)', value: 'UZARA0001' }]);
		const channels = (await search('searchChannels', { event: 'publicChannel' }, 'front-desk'))
			.data;
		expect(channels.results).toEqual([{ name: '#front-desk', value: 'CFRONTDESK' }]);
		const privateOnes = (await search('searchChannels', { event: 'privateChannel' }, '')).data;
		expect(privateOnes.results).toEqual([{ name: '#vip-leads', value: 'GVIPLEADS1' }]);
	});

	it('pages through every user with Load More', async () => {
		const seen = new Set<string>();
		let token: string | undefined;
		do {
			const page = (
				await search('searchUsers', { event: 'directMessage', userSource: 'slackUser' }, '', token)
			).data;
			page.results.forEach((r: { value: string }) => seen.add(r.value));
			token = page.paginationToken;
		} while (token);
		expect(seen.size).toBe(2501);
	});
});
