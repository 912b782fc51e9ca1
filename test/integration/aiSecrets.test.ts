/**
 * The AI Model credential's secrets never reach a page or an error: a server that quotes the key, a
 * proxy that echoes the Authorization header, and a Base URL with a user name and password in it all
 * fail on the Templates page with what went wrong, and without the key or the password.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { handleTemplates, type TemplatesDeps } from '../../core/inbox/templatesRoute';
import { migrate } from '../../core/store/migrations';
import { SqliteDatabase } from '../../core/store/sqliteDatabase';
import type { TeamUser } from '../../core/store/types';
import { WorkspaceStore } from '../../core/store/workspaceStore';
import { completeChat } from '../../providers/ai';

const { ChatDouble } = require('../support/chatDouble');

jest.setTimeout(30_000);

const KEY = 'sk-proj-Hn4v8QeLr2Tz6Wc1Yb9Ud3Xf7Gk5Jm0Ps8Ra2Nt6Vq';
const dir = mkdtempSync(join(tmpdir(), 'aesthetix-ai-secrets-'));
const company = { name: 'Glow Med Spa', phone: '+15550001111', time_zone: 'America/New_York' };
let chat: InstanceType<typeof ChatDouble>;
let store: WorkspaceStore;
let owner: TeamUser;

const generate = (ai: TemplatesDeps['ai']) =>
	handleTemplates(
		{
			method: 'POST',
			route: 'template',
			query: {},
			body: {
				kind: 'email',
				name: 'Promo',
				body: '',
				ai_prompt: 'Write a promotional email offering 20% off a first HydraFacial',
				ai_tone: 'Friendly',
				action: 'generate',
			},
		},
		{ base: '/inbox', csrf: 'token', user: owner },
		{ store, base: '/inbox', company, ai },
	);

const model = (over: Partial<NonNullable<TemplatesDeps['ai']>> = {}) => ({
	baseUrl: chat.baseUrl,
	model: 'draft-writer',
	apiKey: KEY,
	timeoutMs: 2000,
	...over,
});

beforeAll(async () => {
	chat = await new ChatDouble({ apiKey: KEY }).start();
	const db = new SqliteDatabase(join(dir, 'workspace.sqlite'));
	await migrate(db);
	store = new WorkspaceStore(db);
	owner = await store.teamUsers.create({
		name: 'Maya Lopez',
		email: 'maya@glow.test',
		role: 'owner',
	});
});

afterAll(async () => {
	await chat.stop();
	await store.close();
	rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => chat.behave('ok'));

describe("the AI model's secrets on the Templates page", () => {
	it('a server that quotes the key in its error: the page says what went wrong, without the key', async () => {
		chat.behave('quote-key');
		const page = await generate(model());
		expect(page.status).toBe(502);
		expect(page.html).toContain('The model answered HTTP 401: Incorrect API key provided:');
		expect(page.html).not.toContain(KEY);
		// Nor any long piece of it.
		expect(page.html).not.toContain(KEY.slice(8, 30));
	});

	it('a proxy page that echoes the Authorization header shows no key', async () => {
		chat.behave('proxy');
		const page = await generate(model());
		expect(page.status).toBe(502);
		expect(page.html).toContain('The model answered HTTP 502:');
		expect(page.html).not.toContain(KEY.slice(8, 30));
	});

	it('a Base URL with a user name and password in it is refused without showing them', async () => {
		const withCredentials = chat.baseUrl.replace(
			'http://',
			'http://aesthetix-admin:url-pass-7Qx2@',
		);
		const page = await generate(model({ baseUrl: withCredentials }));
		expect(page.status).toBe(502);
		expect(page.html).not.toContain('url-pass-7Qx2');
		expect(page.html).not.toContain('aesthetix-admin');
		expect(page.html).toContain(`${chat.baseUrl.replace('http://', 'http://***@')}`);
		expect(chat.requests).toEqual([]);
	});

	it('the errors of the provider itself carry neither the key nor URL credentials', async () => {
		chat.behave('quote-key');
		const quoted = await completeChat(model(), [{ role: 'user', content: 'hi' }]).catch(
			(e: Error) => e,
		);
		expect(String((quoted as Error).message)).not.toContain(KEY);
		const gone = await new ChatDouble().start();
		await gone.stop();
		const unreachable = await completeChat(
			model({
				baseUrl: gone.baseUrl.replace('http://', `http://user:${KEY}@`),
			}),
			[{ role: 'user', content: 'hi' }],
		).catch((e: Error) => e);
		expect(String((unreachable as Error).message)).not.toContain(KEY);
		expect(String((unreachable as Error).message)).not.toContain('user:');
	});
});
