/**
 * The Voice provider with the real SDK against the Twilio double: calls in the shape Twilio's API
 * description gives, TwiML fetched from a loopback app with signed requests, scripted answers
 * (key presses, machines, busy, ringing past the timeout), detection results, conferences and
 * <Dial><Number> bridges, and signed status callbacks.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
	conferenceTwiml,
	createTwilioVoice,
	hangupTwiml,
	isSignedByTwilio,
	whisperTwiml,
	type TwilioConfig,
	type VoiceTransport,
} from '../../providers/twilio';

const { TwilioDouble } = require('../support/twilioDouble');

jest.setTimeout(30_000);

type Request = { path: string; params: Record<string, string>; signed: boolean };
let twilio: InstanceType<typeof TwilioDouble>;
let voice: VoiceTransport;
let app: http.Server;
let base: string;
let requests: Request[];
/** What the loopback app answers, by path. */
let routes: Partial<Record<string, (params: Record<string, string>) => string>>;

const USER = '+15550002001';
const CONTACT = '+15550003001';

beforeAll(async () => {
	twilio = await new TwilioDouble().start();
	const config: TwilioConfig = {
		accountSid: twilio.accountSid,
		auth: { kind: 'authToken', authToken: twilio.authToken },
		webhookAuthToken: twilio.authToken,
		sender: { kind: 'phoneNumber', fromNumber: '+15550009999' },
		apiBaseUrl: twilio.baseUrl,
	};
	voice = createTwilioVoice(config);
	app = http.createServer((req, res) => {
		let raw = '';
		req.on('data', (c) => (raw += c));
		req.on('end', () => {
			const params = Object.fromEntries(new URLSearchParams(raw));
			const url = `${base}${req.url}`;
			const signed = isSignedByTwilio(
				twilio.authToken,
				req.headers['x-twilio-signature'] as string,
				[url],
				params,
			);
			const path = new URL(url).pathname;
			requests.push({ path, params, signed });
			const route = routes[path];
			res.writeHead(route ? 200 : 204, { 'content-type': 'text/xml' });
			res.end(route ? route(params) : '');
		});
	});
	await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
	base = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
});

beforeEach(() => {
	twilio.reset();
	requests = [];
	routes = {};
});

afterAll(async () => {
	await twilio.stop();
	await new Promise((r) => app.close(r));
});

const place = (to: string, extra: Partial<Parameters<VoiceTransport['place']>[0]> = {}) =>
	voice.place({
		to,
		from: '+15550009999',
		url: `${base}/answer`,
		statusCallback: `${base}/status`,
		timeout: 20,
		...extra,
	});

const statuses = (sid: string) =>
	requests
		.filter((r) => r.path === '/status' && r.params.CallSid === sid)
		.map((r) => r.params.CallStatus);

describe('Calls.json', () => {
	it('places a call in the shape Twilio documents and reports every status, signed', async () => {
		routes['/answer'] = () => hangupTwiml('Hello from Glow Med Spa.');
		const placed = await place(CONTACT);
		expect(placed.sid).toMatch(/^CA[0-9a-f]{32}$/);
		await twilio.voice.waitForEnded(1);
		expect(twilio.rejections).toEqual([]);
		expect(statuses(placed.sid)).toEqual(['queued', 'ringing', 'in-progress', 'completed']);
		expect(requests.every((r) => r.signed)).toBe(true);
		const [call] = twilio.voice.calls;
		expect(call).toMatchObject({
			to: CONTACT,
			from: '+15550009999',
			timeout: 20,
			status: 'completed',
			duration: '3',
		});
		expect(call.heard).toEqual([
			{ verb: 'Say', text: 'Hello from Glow Med Spa.' },
			{ verb: 'Hangup' },
		]);
		const completed = requests.find(
			(r) => r.path === '/status' && r.params.CallStatus === 'completed',
		)!;
		expect(completed.params).toMatchObject({
			CallDuration: '3',
			Direction: 'outbound-api',
			CallbackSource: 'call-progress-events',
		});
	});

	it('refuses parameters that are not in the API description, as Twilio does', async () => {
		const res = await fetch(
			`${twilio.baseUrl}/2010-04-01/Accounts/${twilio.accountSid}/Calls.json`,
			{
				method: 'POST',
				headers: {
					authorization: `Basic ${Buffer.from(`${twilio.accountSid}:${twilio.authToken}`).toString('base64')}`,
					'content-type': 'application/x-www-form-urlencoded',
				},
				body: new URLSearchParams({
					To: CONTACT,
					From: '+15550009999',
					Url: `${base}/answer`,
					Whisper: 'hi',
				}).toString(),
			},
		);
		expect(res.status).toBe(400);
		expect(await res.json()).toMatchObject({ code: 21000, message: 'Unknown parameter Whisper' });
		await expect(place(CONTACT, { timeout: 900 })).rejects.toMatchObject({
			kind: 'other',
			code: 21000,
			message: expect.stringContaining('Timeout'),
		});
	});

	it('a number that rings longer than the Timeout is not answered; busy numbers are busy', async () => {
		twilio.voice.answerAs(CONTACT, { ringSeconds: 25 });
		twilio.voice.answerAs(USER, { answer: 'busy' });
		const late = await place(CONTACT, { timeout: 20 });
		const busy = await place(USER);
		await twilio.voice.waitForEnded(2);
		expect(statuses(late.sid).at(-1)).toBe('no-answer');
		expect(statuses(busy.sid).at(-1)).toBe('busy');
		expect(requests.filter((r) => r.path === '/answer')).toHaveLength(0);
		twilio.voice.answerAs(CONTACT, { ringSeconds: 15 });
		routes['/answer'] = () => hangupTwiml();
		const inTime = await place(CONTACT, { timeout: 20 });
		await twilio.voice.waitForEnded(3);
		expect(statuses(inTime.sid).at(-1)).toBe('completed');
	});
});

describe('the whisper and the key press', () => {
	it('a person pressing a key during the second whisper posts Digits to the Gather action', async () => {
		twilio.voice.answerAs(USER, { pressAfter: 2 });
		routes['/answer'] = () =>
			whisperTwiml(
				'You have a new lead, Jane. Press any button to connect.',
				true,
				`${base}/connect`,
			);
		routes['/connect'] = () => hangupTwiml('Connecting.');
		await place(USER);
		await twilio.voice.waitForEnded(1);
		const heard = twilio.voice.calls[0].heard;
		expect(
			heard.filter((h: { verb: string }) => h.verb === 'Say').map((h: { text: string }) => h.text),
		).toEqual([
			'You have a new lead, Jane. Press any button to connect.',
			'You have a new lead, Jane. Press any button to connect.',
			'Connecting.',
		]);
		expect(requests.find((r) => r.path === '/connect')?.params.Digits).toBe('1');
	});

	it('nobody pressing a key hears the whisper three times and the call ends without connecting', async () => {
		twilio.voice.answerAs(USER, { pressAfter: null });
		routes['/answer'] = () => whisperTwiml('New lead.', true, `${base}/connect`);
		await place(USER);
		await twilio.voice.waitForEnded(1);
		const says = twilio.voice.calls[0].heard.filter((h: { verb: string }) => h.verb === 'Say');
		expect(says.map((h: { text: string }) => h.text)).toEqual([
			'New lead.',
			'New lead.',
			'New lead.',
			'No key was pressed. Goodbye.',
		]);
		expect(requests.some((r) => r.path === '/connect')).toBe(false);
	});

	it('without a key press required, the call goes on right after one whisper', async () => {
		twilio.voice.answerAs(USER, { pressAfter: null });
		routes['/answer'] = () => whisperTwiml('New lead.', false, `${base}/connect`);
		routes['/connect'] = () => hangupTwiml();
		await place(USER);
		await twilio.voice.waitForEnded(1);
		expect(
			twilio.voice.calls[0].heard.filter((h: { verb: string }) => h.verb === 'Say'),
		).toHaveLength(1);
		expect(requests.find((r) => r.path === '/connect')?.params.Digits).toBeUndefined();
	});
});

describe('answering machine detection', () => {
	it.each([
		['Enable', 'machine', 'machine_start'],
		['DetectMessageEnd', 'machine', 'machine_end_beep'],
		['Enable', 'human', 'human'],
	] as const)(
		'%s on a %s gives AnsweredBy=%s in the TwiML request and the final status',
		async (mode, answer, answeredBy) => {
			twilio.voice.answerAs(CONTACT, { answer });
			routes['/answer'] = (p) =>
				p.AnsweredBy?.startsWith('machine')
					? '<Response><Play>https://files.test/vm.mp3</Play><Hangup/></Response>'
					: hangupTwiml('Hi');
			const placed = await place(CONTACT, { machineDetection: mode });
			await twilio.voice.waitForEnded(1);
			expect(requests.find((r) => r.path === '/answer')?.params.AnsweredBy).toBe(answeredBy);
			expect(
				requests.find((r) => r.path === '/status' && r.params.CallStatus === 'completed')?.params
					.AnsweredBy,
			).toBe(answeredBy);
			if (answer === 'machine')
				expect(twilio.voice.calls[0].heard[0]).toEqual({
					verb: 'Play',
					url: 'https://files.test/vm.mp3',
					after: answeredBy,
				});
			expect(placed.status).toBe('queued');
		},
	);

	it('without detection requested there is no AnsweredBy', async () => {
		routes['/answer'] = () => hangupTwiml();
		await place(CONTACT);
		await twilio.voice.waitForEnded(1);
		expect(requests.find((r) => r.path === '/answer')?.params.AnsweredBy).toBeUndefined();
	});
});

describe('bridging', () => {
	it('two calls in one conference talk, and either leaving ends both', async () => {
		twilio.voice.answerAs(USER, { talkSeconds: 40 });
		twilio.voice.answerAs(CONTACT, { talkSeconds: 25 });
		routes['/answer'] = () => conferenceTwiml('room-1');
		const user = await place(USER);
		const contact = await place(CONTACT);
		await twilio.voice.waitForEnded(2);
		const byId = (sid: string) => twilio.voice.calls.find((c: { sid: string }) => c.sid === sid);
		expect(byId(user.sid)).toMatchObject({ status: 'completed', duration: '25', bridged: true });
		expect(byId(contact.sid)).toMatchObject({ status: 'completed', duration: '25', bridged: true });
	});

	it('a lone party hung up through the API leaves its conference', async () => {
		routes['/answer'] = () => conferenceTwiml('room-2');
		const user = await place(USER);
		await new Promise((r) => setTimeout(r, 100));
		await voice.hangUp(user.sid);
		await twilio.voice.waitForEnded(1);
		expect(twilio.voice.calls[0]).toMatchObject({ status: 'completed', ended_by_api: 'completed' });
		expect(twilio.voice.calls[0].bridged).toBeUndefined();
	});

	it('<Dial><Number> rings the number, bridges when it answers, and reports to the Dial action', async () => {
		twilio.voice.answerAs(CONTACT, { talkSeconds: 12 });
		routes['/answer'] = () =>
			`<Response><Dial action="${base}/dialed" timeout="15"><Number statusCallback="${base}/status" statusCallbackEvent="answered completed">${CONTACT}</Number></Dial></Response>`;
		routes['/dialed'] = () => hangupTwiml();
		await place(USER);
		await twilio.voice.waitForEnded(2);
		const dialed = requests.find((r) => r.path === '/dialed')!;
		const child = twilio.voice.calls.find((c: { to: string }) => c.to === CONTACT);
		expect(dialed.params).toMatchObject({
			DialCallStatus: 'completed',
			DialCallSid: child.sid,
			DialCallDuration: '12',
		});
		expect(child).toMatchObject({
			direction: 'outbound-dial',
			parent_call_sid: twilio.voice.calls[0].sid,
		});
	});
});

describe('the calls page (npm start)', () => {
	it('chooses how the next call is answered, then lists it with what was said', async () => {
		const set = await fetch(`${twilio.baseUrl}/calls/answer`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({
				number: '',
				answer: 'machine',
				pressAfter: 'never',
				talkSeconds: '30',
			}).toString(),
			redirect: 'manual',
		});
		expect(set.status).toBe(303);
		routes['/answer'] = (p) => hangupTwiml(`Answered by ${p.AnsweredBy}`);
		await place(CONTACT, { machineDetection: 'Enable' });
		await twilio.voice.waitForEnded(1);
		const page = await (await fetch(`${twilio.baseUrl}/calls`)).text();
		expect(page).toContain('+15550009999 → +15550003001');
		expect(page).toContain('“Answered by machine_start”');
		const recording = await fetch(`${twilio.baseUrl}/recordings/reschedule-64k.mp3`);
		expect(recording.headers.get('content-type')).toBe('audio/mpeg');
	});
});
