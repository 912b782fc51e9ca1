import {
	fetchContentTemplate,
	listApprovedWhatsAppTemplates,
	twilioAccountProblem,
	type TwilioConfig,
} from '../../providers/twilio';

const { TwilioDouble } = require('../support/twilioDouble');

jest.setTimeout(30_000);

// 250 templates: more than two of the SDK's pages of 100, every third one still in review.
const library = Array.from({ length: 250 }, (_, n) => ({
	sid: `HX${n.toString(16).padStart(32, '0')}`,
	friendly_name: `template_${n}`,
	language: n % 2 ? 'es' : 'en',
	variables: { 1: 'Jane' },
	status: n % 3 === 2 ? 'pending' : 'approved',
	body: 'Hi {{1}}',
}));

let twilio: InstanceType<typeof TwilioDouble>;
let config: TwilioConfig;

beforeAll(async () => {
	twilio = await new TwilioDouble({ contentTemplates: library }).start();
	config = {
		accountSid: twilio.accountSid,
		auth: { kind: 'authToken', authToken: twilio.authToken },
		webhookAuthToken: twilio.authToken,
		sender: { kind: 'phoneNumber', fromNumber: '+15550009999' },
		apiBaseUrl: twilio.baseUrl,
	};
});

afterAll(() => twilio.stop());

describe("the account's WhatsApp templates through the real SDK", () => {
	it('follows every page of the Content API and keeps only the templates WhatsApp approved', async () => {
		const templates = await listApprovedWhatsAppTemplates(config);
		expect(templates).toHaveLength(library.filter((t) => t.status === 'approved').length);
		expect(templates[0]).toEqual({
			sid: library[0].sid,
			friendlyName: 'template_0',
			language: 'en',
			variables: { 1: 'Jane' },
		});
		expect(templates.map((t) => t.friendlyName)).not.toContain('template_2');
		expect(templates.at(-1)?.friendlyName).toBe('template_249');
		expect(
			twilio.requests.filter((r: { path: string }) => r.path === '/v1/ContentAndApprovals'),
		).toHaveLength(3);
	});

	it('is refused with a wrong token, as the Content API refuses it', async () => {
		await expect(
			listApprovedWhatsAppTemplates({ ...config, auth: { kind: 'authToken', authToken: 'wrong' } }),
		).rejects.toMatchObject({ status: 401 });
	});
});

describe("the Twilio credential's test", () => {
	it('accepts the right keys and names the refusal of wrong ones', async () => {
		expect(await twilioAccountProblem(config)).toBeNull();
		expect(
			await twilioAccountProblem({ ...config, auth: { kind: 'authToken', authToken: 'wrong' } }),
		).toMatch(/^Twilio refused the credential/);
		expect(await twilioAccountProblem({ ...config, apiBaseUrl: 'http://127.0.0.1:1' })).toMatch(
			/^Could not reach the Twilio API at http:\/\/127\.0\.0\.1:1/,
		);
	});
});

describe('one template fetched by its SID through the real SDK', () => {
	it('gives its variables and content types, as GET /v1/Content/{Sid} describes them', async () => {
		const template = await fetchContentTemplate(config, library[4].sid);
		expect(template).toEqual({
			sid: library[4].sid,
			friendlyName: 'template_4',
			language: 'en',
			variables: { 1: 'Jane' },
			types: { 'twilio/text': { body: 'Hi {{1}}' } },
		});
		expect(twilio.requests).toContainEqual({
			method: 'GET',
			path: `/v1/Content/${library[4].sid}`,
		});
	});

	it('is refused with 404 for a SID the account does not have', async () => {
		await expect(fetchContentTemplate(config, 'HX' + 'f'.repeat(32))).rejects.toMatchObject({
			status: 404,
			code: 20404,
		});
	});
});
