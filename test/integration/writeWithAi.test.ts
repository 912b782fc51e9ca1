import { ChatModelError, completeChat } from '../../providers/ai';
import { DraftError, writeWithAi } from '../../core/templates/writeWithAi';

const { ChatDouble, requestProblems } = require('../support/chatDouble');

jest.setTimeout(30_000);

const company = { name: 'Glow Med Spa', phone: '+15550001111', time_zone: 'America/New_York' };
let chat: InstanceType<typeof ChatDouble>;
const model = () => ({
	baseUrl: chat.baseUrl,
	model: 'draft-writer',
	apiKey: chat.apiKey,
	timeoutMs: 2000,
});
const HYDRAFACIAL = 'Write a promotional email offering 20% off a first HydraFacial';

beforeAll(async () => {
	chat = await new ChatDouble().start();
});

beforeEach(() => {
	chat.behave('ok');
	chat.requests = [];
	chat.problems = [];
});

afterAll(() => chat.stop());

describe('the chat completions double', () => {
	it("refuses requests that break OpenAI's published request schema", () => {
		expect(requestProblems({ model: 'm', messages: [] })).toContain(
			'messages must have at least 1 item',
		);
		expect(requestProblems({ messages: [{ role: 'user', content: 'hi' }] })).toContain(
			'model is required',
		);
		expect(
			requestProblems({ model: 'm', messages: [{ role: 'robot', content: 'hi' }] })[0],
		).toMatch(/role "robot" is not one of/);
		expect(
			requestProblems({ model: 'm', messages: [{ role: 'user', content: 'hi' }], temperature: 3 }),
		).toEqual(['temperature must be between 0 and 2']);
		expect(
			requestProblems({
				model: 'm',
				messages: [{ role: 'user', content: 'hi' }],
				response_format: { type: 'yaml' },
			})[0],
		).toMatch(/response_format.type/);
		expect(
			requestProblems({ model: 'm', messages: [{ role: 'user', content: 'hi' }], prompt: 'x' }),
		).toEqual(['prompt is not a request field']);
	});
});

describe('Write with AI', () => {
	it("drafts the spec's HydraFacial email in a Friendly tone, with a request the published schema accepts", async () => {
		const draft = await writeWithAi(
			model(),
			{ kind: 'email', prompt: HYDRAFACIAL, tone: 'Friendly' },
			company,
		);
		expect(chat.problems).toEqual([]);
		const [request] = chat.requests;
		expect(request).toMatchObject({
			model: 'draft-writer',
			response_format: { type: 'json_object' },
		});
		expect(request.messages[0].role).toBe('system');
		expect(request.messages[0].content).toContain('Keep every custom value exactly as written');
		expect(request.messages[1]).toEqual({
			role: 'user',
			content: `${HYDRAFACIAL}\nTone: Friendly`,
		});
		expect(draft.subject).toBe('20% off your first HydraFacial');
		expect(draft.body).toContain('{{contact.first_name}}');
		expect(draft.customValues).toEqual(
			expect.arrayContaining(['{{contact.first_name}}', '{{company.name}}']),
		);
	});

	it('re-generates with a follow-up prompt, sending the earlier draft as the conversation so far', async () => {
		const first = await writeWithAi(
			model(),
			{ kind: 'email', prompt: HYDRAFACIAL, tone: 'Professional' },
			company,
		);
		const second = await writeWithAi(
			model(),
			{
				kind: 'email',
				prompt: HYDRAFACIAL,
				tone: 'Professional',
				previous: first,
				followUp: 'Mention that the offer ends on Friday.',
			},
			company,
		);
		expect(chat.problems).toEqual([]);
		expect(chat.requests[1].messages.map((m: { role: string }) => m.role)).toEqual([
			'system',
			'user',
			'assistant',
			'user',
		]);
		expect(JSON.parse(chat.requests[1].messages[2].content)).toEqual({
			subject: first.subject,
			body: first.body,
		});
		expect(second.body).toContain('the offer ends on Friday');
	});

	it('drafts an SMS without a subject', async () => {
		const draft = await writeWithAi(
			model(),
			{ kind: 'sms', prompt: 'Write an SMS offering 20% off a first HydraFacial', tone: 'Casual' },
			company,
		);
		expect(draft.subject).toBe('');
		expect(draft.body).toMatch(
			/^Hello \{\{contact.first_name\}\}, Enjoy 20% off your first HydraFacial/,
		);
	});

	it('refuses a draft that dropped a custom value the request named, or that does not render', async () => {
		chat.answerWith(JSON.stringify({ subject: 'Hi', body: '<p>Hi Jane, see you soon.</p>' }));
		await expect(
			writeWithAi(
				model(),
				{
					kind: 'email',
					prompt: 'Remind {{contact.first_name}} of the appointment',
					tone: 'Neutral',
				},
				company,
			),
		).rejects.toThrow(
			'The draft left out the custom value {{contact.first_name}} that the request asked for. Re-generate.',
		);
		chat.answerWith(
			JSON.stringify({ subject: 'Hi', body: '<p>Hi {{#if contact.first_name}}</p>' }),
		);
		await expect(
			writeWithAi(model(), { kind: 'email', prompt: HYDRAFACIAL, tone: 'Neutral' }, company),
		).rejects.toThrow(/^The draft does not render as a template: /);
		chat.answerWith('Sure! Here is your email: Hi there');
		await expect(
			writeWithAi(model(), { kind: 'email', prompt: HYDRAFACIAL, tone: 'Neutral' }, company),
		).rejects.toThrow(/did not answer with a draft this page can read/);
	});

	it('says what went wrong with a failing model, without the key', async () => {
		chat.behave('fail');
		const error = await writeWithAi(
			model(),
			{ kind: 'email', prompt: HYDRAFACIAL, tone: 'Friendly' },
			company,
		).catch((e) => e);
		expect(error).toBeInstanceOf(DraftError);
		expect(error.message).toBe(
			'The model answered HTTP 500: The server had an error while processing your request. Sorry about that!. Nothing was changed; try Generate again.',
		);
		const wrongKey = await completeChat({ ...model(), apiKey: 'sk-wrong-secret' }, [
			{ role: 'user', content: 'hi' },
		]).catch((e) => e);
		expect(wrongKey).toBeInstanceOf(ChatModelError);
		expect(wrongKey.message).toBe('The model answered HTTP 401: Incorrect API key provided.');
		expect(wrongKey.message).not.toContain('sk-wrong-secret');
	});

	it('gives up on a slow model at the timeout', async () => {
		chat.behave('slow', 5000);
		const started = Date.now();
		await expect(
			writeWithAi(
				{ ...model(), timeoutMs: 1000 },
				{ kind: 'email', prompt: HYDRAFACIAL, tone: 'Friendly' },
				company,
			),
		).rejects.toThrow(
			'The model did not answer within 1 seconds. Nothing was changed; try Generate again.',
		);
		expect(Date.now() - started).toBeLessThan(3000);
	});

	it('says when nothing listens at the base URL', async () => {
		const gone = await new ChatDouble().start();
		await gone.stop();
		await expect(
			completeChat({ ...model(), baseUrl: gone.baseUrl }, [{ role: 'user', content: 'hi' }]),
		).rejects.toThrow(
			`The model at ${gone.baseUrl}/chat/completions could not be reached (ECONNREFUSED)`,
		);
	});
});
