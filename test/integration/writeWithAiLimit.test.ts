/**
 * Write with AI reaches a paid model, so Generate and Re-generate are limited per person and per
 * workspace, counted in the workspace store (every n8n process counts the same drafts). Past a limit
 * the page says so and when to try again, and the model is not asked.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { handleTemplates, type TemplatesDeps } from '../../core/inbox/templatesRoute';
import { handleInbox } from '../../core/inbox/router';
import { setPassword, signIn } from '../../core/inbox/auth';
import { migrate } from '../../core/store/migrations';
import { SqliteDatabase } from '../../core/store/sqliteDatabase';
import type { TeamUser } from '../../core/store/types';
import { WorkspaceStore } from '../../core/store/workspaceStore';

const { ChatDouble } = require('../support/chatDouble');

jest.setTimeout(60_000);

const dir = mkdtempSync(join(tmpdir(), 'aesthetix-ai-limit-'));
const company = { name: 'Glow Med Spa', phone: '+15550001111', time_zone: 'America/New_York' };
let chat: InstanceType<typeof ChatDouble>;
let store: WorkspaceStore;
let deps: TemplatesDeps;

const PROMPT = 'Write a promotional email offering 20% off a first HydraFacial';
const draft = (user: TeamUser, action: 'generate' | 'regenerate' = 'generate') =>
	handleTemplates(
		{
			method: 'POST',
			route: 'template',
			query: {},
			body: {
				kind: 'email',
				name: 'Promo',
				body: '',
				ai_prompt: PROMPT,
				ai_tone: 'Friendly',
				action,
				...(action === 'regenerate'
					? {
							ai_subject: '20% off',
							ai_body: '<p>Hi {{contact.first_name}}</p>',
							ai_followup: 'Mention Friday.',
						}
					: {}),
			},
		},
		{ base: '/inbox', csrf: 'token', user },
		deps,
	);

let seq = 0;
const admin = () =>
	store.teamUsers.create({ name: `Admin ${++seq}`, email: `admin${seq}@glow.test`, role: 'admin' });

beforeAll(async () => {
	chat = await new ChatDouble().start();
	const db = new SqliteDatabase(join(dir, 'workspace.sqlite'));
	await migrate(db);
	store = new WorkspaceStore(db);
	deps = {
		store,
		base: '/inbox',
		company,
		ai: { baseUrl: chat.baseUrl, model: 'draft-writer', apiKey: chat.apiKey, timeoutMs: 5000 },
	};
});

afterAll(async () => {
	await chat.stop();
	await store.close();
	rmSync(dir, { recursive: true, force: true });
});

describe('Write with AI limits', () => {
	it('gives a person 20 drafts an hour, then says when to try again without asking the model', async () => {
		const maya = await admin();
		chat.requests = [];
		for (let i = 0; i < 20; i++) {
			const page = await draft(maya, i % 2 ? 'regenerate' : 'generate');
			expect(page.status).toBe(200);
		}
		expect(chat.requests).toHaveLength(20);
		const refused = await draft(maya);
		expect(refused.status).toBe(429);
		expect(refused.html).toMatch(
			/Write with AI has written 20 drafts for you in the last hour, as many as one person may\. Try again in (59|60) minutes\./,
		);
		expect(chat.requests).toHaveLength(20);
		// Someone else still may.
		expect((await draft(await admin())).status).toBe(200);
		expect(chat.requests).toHaveLength(21);
	});

	it('gives the workspace 100 drafts an hour among everyone', async () => {
		const before = chat.requests.length;
		// 21 were drafted above; four more people bring the workspace to 100.
		for (let person = 0; person < 4; person++) {
			const user = await admin();
			for (let i = 0; i < (person < 3 ? 20 : 19); i++) expect((await draft(user)).status).toBe(200);
		}
		expect(chat.requests.length - before).toBe(79);
		const refused = await draft(await admin());
		expect(refused.status).toBe(429);
		expect(refused.html).toMatch(
			/Write with AI has written 100 drafts in this workspace in the last hour, as many as it allows\. Try again in (59|60) minutes\./,
		);
		expect(chat.requests.length - before).toBe(79);
	});

	it('answers the Inbox request with 429 and Retry-After', async () => {
		// The workspace is at its limit since the test above.
		const user = await admin();
		await setPassword(store, user.id, 'Glow-Inbox-2026');
		const signedIn = await signIn(store, user.email!, 'Glow-Inbox-2026', '10.0.0.9');
		if (signedIn.outcome !== 'signedIn') throw new Error('sign-in failed');
		const page = await handleInbox(
			{
				method: 'POST',
				route: 'template',
				query: {},
				body: {
					csrf: signedIn.session.csrfToken,
					kind: 'email',
					name: 'Promo',
					body: '',
					ai_prompt: PROMPT,
					action: 'generate',
				},
				cookie: signedIn.token,
				secure: false,
				address: '10.0.0.9',
			},
			{ store, base: '/inbox', resume: async () => undefined, templates: deps },
		);
		expect(page.status).toBe(429);
		expect(Number(page.headers?.['Retry-After'])).toBeGreaterThan(3000);
	});
});
