import { SlackWorkspace } from '../../providers/slack';

const { SlackDouble } = require('../support/slackDouble');

jest.setTimeout(30_000);

let slack: InstanceType<typeof SlackDouble>;
let workspace: SlackWorkspace;

beforeAll(async () => {
	slack = await new SlackDouble().start();
	workspace = new SlackWorkspace({
		botToken: slack.botToken,
		userToken: slack.userToken,
		apiUrl: slack.apiUrl,
		maxRateLimitWaitMs: 1500,
	});
});

beforeEach(() => slack.reset());
afterAll(() => slack.stop());

describe('the Slack provider with the real @slack/web-api client', () => {
	it('finds people by email and opens the direct message', async () => {
		const maya = await workspace.userByEmail('maya@glowmedspa.test');
		expect(maya).toEqual({
			id: 'UMAYA0001',
			name: 'maya',
			realName: 'Maya Lopez',
			email: 'maya@glowmedspa.test',
		});
		expect(await workspace.directMessageChannel(maya.id)).toBe('DMAYA0001');
		expect(slack.calls.every((c: { token: string }) => c.token === slack.botToken)).toBe(true);
	});

	it('searches names through cursor pages and stops once it has a screenful', async () => {
		const zara = await workspace.searchUsers('quinn');
		expect(zara.items.map((u) => u.id)).toEqual(['UZARA0001']);
		expect(zara.cursor).toBeUndefined();
		const many = await workspace.searchUsers('member');
		expect(many.items.length).toBeGreaterThanOrEqual(100);
		expect(many.cursor).toBeDefined();
		expect(slack.calls.filter((c: { method: string }) => c.method === 'users.list')).toHaveLength(
			4,
		);
	});

	it('waits out Retry-After within its bound, and gives up clearly beyond it', async () => {
		slack.rateLimit('chat.postMessage', 1, 1);
		await expect(workspace.post('CFRONTDESK', 'hi', 'bot')).resolves.toMatchObject({
			channel: 'CFRONTDESK',
		});
		slack.rateLimit('chat.postMessage', 5, 1);
		await expect(workspace.post('CFRONTDESK', 'hi', 'bot')).rejects.toThrow(
			'Slack is rate limiting this app and asked to wait 5 seconds, longer than the action waits',
		);
	});

	it('posts to private channels only with the user token', async () => {
		await expect(workspace.post('GVIPLEADS1', 'hi', 'bot')).rejects.toMatchObject({
			kind: 'channel_not_found',
		});
		await expect(workspace.post('GVIPLEADS1', 'hi', 'user')).resolves.toMatchObject({
			channel: 'GVIPLEADS1',
		});
		const botOnly = new SlackWorkspace({ botToken: slack.botToken, apiUrl: slack.apiUrl });
		await expect(botOnly.post('GVIPLEADS1', 'hi', 'user')).rejects.toThrow(
			'This Slack account has no User Token',
		);
		expect((await botOnly.searchChannels('private', '')).items).toEqual([]);
	});

	it('explains a refused token', async () => {
		const wrong = new SlackWorkspace({ botToken: 'xoxb-wrong', apiUrl: slack.apiUrl });
		await expect(wrong.userByEmail('maya@glowmedspa.test')).rejects.toThrow(
			'Slack refused the token (invalid_auth): reconnect the Slack account',
		);
	});
});
