import { createTwilioMessaging, isSignedByTwilio, type TwilioConfig } from '../../providers/twilio';

const { TwilioDouble, twilioSignature } = require('../support/twilioDouble');

jest.setTimeout(30_000);

let twilio: InstanceType<typeof TwilioDouble>;
let config: TwilioConfig;

beforeAll(async () => {
	twilio = await new TwilioDouble({
		apiKeys: { SK0000000000000000000000000000000a: 'key-secret' },
		autoDeliver: false,
	}).start();
	config = {
		accountSid: twilio.accountSid,
		auth: { kind: 'authToken', authToken: twilio.authToken },
		webhookAuthToken: twilio.authToken,
		sender: { kind: 'phoneNumber', fromNumber: '+15550009999' },
		apiBaseUrl: twilio.baseUrl,
	};
});

beforeEach(() => twilio.reset());
afterAll(() => twilio.stop());

describe('the Twilio provider with the real SDK', () => {
	it('sends a text in the shape Twilio documents', async () => {
		const sent = await createTwilioMessaging(config).send({
			to: '+15551234567',
			body: 'Hi',
			channel: 'sms',
			statusCallback: 'https://n8n.test/cb',
		});
		expect(sent).toMatchObject({ status: 'queued', from: '+15550009999', segments: 1 });
		expect(twilio.rejections).toEqual([]);
		expect(twilio.messages[0]).toMatchObject({
			to: '+15551234567',
			body: 'Hi',
			status_callback: 'https://n8n.test/cb',
		});
	});

	it('paces texts from one sender at its Send Rate, across transports, and leaves another sender alone', async () => {
		const paced = { ...config, messagesPerSecond: 4 };
		const started = Date.now();
		// Two node runs of the same process, sending from the same number: one pace.
		const runs = [createTwilioMessaging(paced), createTwilioMessaging(paced)];
		const other = createTwilioMessaging({
			...paced,
			sender: { kind: 'phoneNumber', fromNumber: '+15550008888' },
		});
		let otherDoneAt = 0;
		await Promise.all([
			...Array.from({ length: 12 }, (_, i) =>
				runs[i % 2].send({
					to: `+1555123${String(i).padStart(4, '0')}`,
					body: 'Hi',
					channel: 'sms',
				}),
			),
			other
				.send({ to: '+15557654321', body: 'Hi', channel: 'sms' })
				.then(() => (otherDoneAt = Date.now())),
		]);
		// A second's worth (4) at once, then one every 250 ms: the twelfth leaves 2 s after the start.
		expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
		expect(otherDoneAt - started).toBeLessThan(1500);
		expect(twilio.messages).toHaveLength(13);
	});

	it('authenticates with an API key', async () => {
		const withKey = createTwilioMessaging({
			...config,
			auth: {
				kind: 'apiKey',
				apiKeySid: 'SK0000000000000000000000000000000a',
				apiKeySecret: 'key-secret',
			},
		});
		await expect(
			withKey.send({ to: '+15551234567', body: 'Hi', channel: 'sms' }),
		).resolves.toMatchObject({ status: 'queued' });
		const wrong = createTwilioMessaging({
			...config,
			auth: { kind: 'authToken', authToken: 'nope' },
		});
		await expect(
			wrong.send({ to: '+15551234567', body: 'Hi', channel: 'sms' }),
		).rejects.toMatchObject({ kind: 'auth', code: 20003 });
	});

	it('sends WhatsApp templates by Content SID and variables, without a body', async () => {
		await createTwilioMessaging(config).send({
			to: '+15551234567',
			channel: 'whatsapp',
			content: { sid: 'HX' + 'b'.repeat(32), variables: { 1: 'Jane' } },
		});
		expect(twilio.messages[0]).toMatchObject({
			to: 'whatsapp:+15551234567',
			from: 'whatsapp:+15550009999',
			body: '',
			content_variables: '{"1":"Jane"}',
		});
	});

	it('retries 429s and gives up with a clear error when they do not stop', async () => {
		twilio.rateLimitNext(2);
		await expect(
			createTwilioMessaging(config).send({ to: '+15551234567', body: 'Hi', channel: 'sms' }),
		).resolves.toBeDefined();
		twilio.rateLimitNext(10);
		await expect(
			createTwilioMessaging({ ...config, maxRetries: 2 }).send({
				to: '+15551234567',
				body: 'Hi',
				channel: 'sms',
			}),
		).rejects.toMatchObject({
			kind: 'rate_limited',
		});
	});

	it('verifies webhook signatures as Twilio makes them', () => {
		const params = { MessageSid: 'SM1', MessageStatus: 'delivered' };
		const url = 'https://n8n.test/webhook/aesthetix/twilio/status';
		const signature = twilioSignature(twilio.authToken, url, params);
		expect(
			isSignedByTwilio(twilio.authToken, signature, ['https://elsewhere.test/x', url], params),
		).toBe(true);
		expect(
			isSignedByTwilio(twilio.authToken, signature, [url], { ...params, MessageStatus: 'failed' }),
		).toBe(false);
		expect(isSignedByTwilio(twilio.authToken, undefined, [url], params)).toBe(false);
	});
});
