/**
 * The Voicemail action in a real n8n host against the Twilio double: the no-show example calls the
 * contact with detection that waits for the greeting's end, the double fetches the recording from
 * the workspace endpoint and plays it after the beep, and the workflow continues with the outcome.
 * A person answering is hung up on politely (or hears it), and the assigned user's connected number
 * is the caller. The checks before any call run in process: test/inprocess/voicemail.test.ts.
 */
import type { WorkspaceStore } from '../../core/store/workspaceStore';

const { startStack, exampleWorkflow, variant } = require('../support/stack');
const { eventually, editorWorkflow, runFromEditor } = require('../support/workflows');
const voicemailExample = require('../support/noShowVoicemail');
import { audioFile, serveAudioFiles } from '../support/audioFiles';

jest.setTimeout(300_000);

type Stack = Awaited<ReturnType<typeof startStack>>;
type DoubleCall = {
	to: string;
	from: string;
	machine_detection: string | null;
	answered_by: string | null;
	status: string;
	heard: Array<{ verb: string; text?: string; url?: string; after?: string }>;
	media?: Array<{ url: string; status: number; contentType: string; bytes: Buffer }>;
};
type VoicemailOutput = {
	outcome: string;
	audio: { url: string; format: string };
	warnings?: string[];
} & Record<string, unknown>;
let stack: Stack;
let store: WorkspaceStore;
let files: Awaited<ReturnType<typeof serveAudioFiles>>;

// This suite tests version 1 (Calling Hours a switch, on by default); the example is saved at the current version.
const { example, VOICEMAIL, DONE } = voicemailExample;

/** The recording downloaded by an HTTP Request node, then left from the item's binary data. */
const fromBinary = (() => {
	const workflow = variant(example, { id: 'aeVoicemailBin01', path: 'no-show-binary' });
	const [hook, voicemail, done] = workflow.nodes;
	workflow.nodes = [
		hook,
		{
			id: 'download-recording',
			name: 'Download Recording',
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			position: [120, 0],
			parameters: {
				url: '={{ $json.body.recording_url }}',
				options: { response: { response: { responseFormat: 'file', outputPropertyName: 'data' } } },
			},
		},
		{
			...voicemail,
			parameters: {
				...voicemail.parameters,
				contact: "={{ $('Appointment No-Show').item.json.body.contact }}",
				audioSource: 'binary',
				binaryProperty: 'data',
				onHuman: 'play',
			},
		},
		done,
	];
	workflow.connections = {
		'Appointment No-Show': { main: [[{ node: 'Download Recording', type: 'main', index: 0 }]] },
		'Download Recording': { main: [[{ node: VOICEMAIL, type: 'main', index: 0 }]] },
		[VOICEMAIL]: { main: [[{ node: DONE, type: 'main', index: 0 }]] },
	};
	return workflow;
})();

const withStop = variant(example, {
	id: 'aeVoicemailStop1',
	path: 'no-show-stop',
	nodes: { [VOICEMAIL]: { parameters: { ...example.nodes[1].parameters, stopOnResponse: true } } },
});

const workflows = [exampleWorkflow('workspace-endpoint.json'), example, fromBinary, withStop];

async function run(workflowId: string, path: string, body: unknown) {
	const before = await stack.host.lastExecutionId(workflowId);
	const { status } = await stack.trigger(path, body);
	expect(status).toBe(200);
	return eventually(async () => {
		const execution = await stack.host.lastExecution(workflowId, { after: before });
		expect(['success', 'error']).toContain(execution.status);
		return execution;
	}, 30_000);
}

const output = (execution: {
	data: {
		resultData: {
			runData: Record<
				string,
				Array<{ data: { main: Array<Array<{ json: { voicemail: VoicemailOutput } }>> } }>
			>;
		};
	};
}) => execution.data.resultData.runData[VOICEMAIL].at(-1)!.data.main[0];
const callsTo = (number: string): DoubleCall[] =>
	stack.twilio.voice.calls.filter((c: DoubleCall) => c.to === number);

const EDITOR_RUN_PHONE = '+15557770999';
let seq = 0;
const nextPhone = () => `+1555777${String(1000 + seq++)}`;
/** Contacts live where it is midday, so Calling Hours (on by default) lets the voicemail go whatever the time. */
const noShow = (contact: Record<string, unknown>, recording?: string) =>
	voicemailExample.noShow(files.base, contact, recording);

beforeAll(async () => {
	files = await serveAudioFiles();
	// Run from the editor, with the trigger's output pinned as a user tries a step out.
	workflows.push(
		editorWorkflow(
			'aeVoicemailEdit1',
			{
				name: VOICEMAIL,
				type: example.nodes[1].type,
				credentials: example.nodes[1].credentials,
				webhookId: '7a4b5c6d-8e9f-4a0b-9c1d-aeedvoicemail',
				parameters: {
					...example.nodes[1].parameters,
					contact: '={{ $json.contact }}',
					audioUrl: '={{ $json.recording_url }}',
				},
			},
			[noShow({ first_name: 'Eve', phone: EDITOR_RUN_PHONE })],
		),
	);
	stack = await startStack({ name: 'voicemail', port: 5781, workflows });
	store = await stack.openWorkspace();
	await store.teamUsers.create({
		name: 'Maya Lopez',
		email: 'maya@glowmedspa.test',
		phone: '+15550002001',
		connected_number: '+15550008888',
	});
});

afterAll(async () => {
	await store?.close();
	await stack?.stop();
	await files?.close();
});

beforeEach(() => stack.twilio.reset());

describe('the No-Show voicemail example', () => {
	it("plays the recording after the greeting's beep, keeps it in the workspace, and logs it on the contact", async () => {
		const phone = nextPhone();
		stack.twilio.voice.answerAs(phone, { answer: 'machine' });
		const execution = await run(
			'aeNoShowVoicemai',
			'appointment-no-show',
			noShow({ first_name: 'Jane', phone }),
		);
		expect(execution.status).toBe('success');
		expect(execution.data.resultData.lastNodeExecuted).toBe(DONE);

		const [call] = callsTo(phone);
		expect(call).toMatchObject({
			from: '+15550009999',
			machine_detection: 'DetectMessageEnd',
			answered_by: 'machine_end_beep',
			status: 'completed',
		});
		expect(call.heard.map((h) => h.verb)).toEqual(['Play', 'Hangup']);
		expect(call.heard[0].after).toBe('machine_end_beep');
		expect(call.media![0]).toMatchObject({ status: 200, contentType: 'audio/mpeg' });
		expect(call.media![0].bytes.equals(audioFile('reschedule-128k.mp3'))).toBe(true);

		const { voicemail } = output(execution)[0].json;
		expect(voicemail).toMatchObject({
			outcome: 'left_voicemail',
			answered: 'machine',
			answered_by: 'machine_end_beep',
			human_answer: null,
			to: phone,
			from: '+15550009999',
			counts_as_response: false,
			audio: { format: 'mp3', bitrate_kbps: 128, file_name: 'reschedule-128k.mp3' },
			warnings: [
				'The MP3 is 128 kbps; if it does not play, convert it to a 64 kbps MP3 (lower bitrates are better).',
			],
		});
		// The kept recording plays back from its link, as the editor and the conversation show it.
		const playback = await fetch(voicemail.audio.url);
		expect(playback.headers.get('content-type')).toBe('audio/mpeg');
		expect(Buffer.from(await playback.arrayBuffer()).equals(audioFile('reschedule-128k.mp3'))).toBe(
			true,
		);
		expect((await fetch(voicemail.audio.url.replace(/\.[^.]+$/, '.AAAAAAAAAAAAAAAA'))).status).toBe(
			404,
		);

		const contact = await store.contacts.findByEmailOrPhone(null, phone);
		expect((await store.conversations.forContact(contact!.id)).at(-1)).toMatchObject({
			channel: 'voicemail',
			status: 'left_voicemail',
			action_name: VOICEMAIL,
			to_address: phone,
			body: `Voicemail drop to ${phone}: the voicemail was left after the beep.`,
			meta: { audio: { url: voicemail.audio.url } },
		});
		const stats = await store.deliveries.forAction('aeNoShowVoicemai', example.nodes[1].id);
		expect(stats.at(-1)).toMatchObject({ channel: 'voicemail', status: 'delivered' });
	});

	it('a person answering is hung up on politely and reported', async () => {
		const phone = nextPhone();
		const execution = await run(
			'aeNoShowVoicemai',
			'appointment-no-show',
			noShow({ first_name: 'Kim', phone }),
		);
		const [call] = callsTo(phone);
		expect(call.heard).toEqual([
			{
				verb: 'Say',
				text: 'Sorry, this message was meant for your voicemail. We will be in touch. Goodbye.',
			},
			{ verb: 'Hangup' },
		]);
		expect(output(execution)[0].json.voicemail).toMatchObject({
			outcome: 'human_answered',
			human_answer: 'hung_up',
			counts_as_response: true,
		});
	});

	it('nobody answering is reported as no answer', async () => {
		const phone = nextPhone();
		stack.twilio.voice.answerAs(phone, { answer: 'no-answer' });
		const execution = await run(
			'aeNoShowVoicemai',
			'appointment-no-show',
			noShow({ first_name: 'Lou', phone }),
		);
		expect(output(execution)[0].json.voicemail).toMatchObject({ outcome: 'no_answer' });
	});

	it("comes from the assigned user's connected number", async () => {
		const phone = nextPhone();
		stack.twilio.voice.answerAs(phone, { answer: 'machine' });
		await run(
			'aeNoShowVoicemai',
			'appointment-no-show',
			noShow({ first_name: 'Mo', phone, assigned_user: 'maya@glowmedspa.test' }),
		);
		expect(callsTo(phone)[0].from).toBe('+15550008888');
	});
});

describe('Stop on Response', () => {
	it("a person answering is the contact's response: the item's run ends, and the contact says why", async () => {
		const phone = nextPhone();
		const execution = await run(
			'aeVoicemailStop1',
			'no-show-stop',
			noShow({ first_name: 'Sia', phone }),
		);
		expect(execution.status).toBe('success');
		expect(output(execution)).toEqual([]);
		expect(execution.data.resultData.runData[DONE]).toBeUndefined();
		const contact = await store.contacts.findByEmailOrPhone(null, phone);
		const log = await store.conversations.forContact(contact!.id);
		expect(log.map((m) => [m.channel, m.status])).toEqual([
			['voicemail', 'human_answered'],
			['workflow', 'stopped_on_response'],
		]);
		expect(log[1].body).toMatch(
			/^No-Show Voicemail: the workflow stopped for this contact\. The contact answered a voicemail drop in person at /,
		);
	});

	it('a voicemail left is no response: the contact continues', async () => {
		const phone = nextPhone();
		stack.twilio.voice.answerAs(phone, { answer: 'machine' });
		const execution = await run(
			'aeVoicemailStop1',
			'no-show-stop',
			noShow({ first_name: 'Tod', phone }),
		);
		expect(execution.data.resultData.lastNodeExecuted).toBe(DONE);
		expect(output(execution)[0].json.voicemail).toMatchObject({
			outcome: 'left_voicemail',
			counts_as_response: false,
			stop_on_response: true,
		});
	});
});

describe('the recording from the item', () => {
	it('leaves a WAV from binary data, and plays it to a person when the action says so', async () => {
		const phone = nextPhone();
		const execution = await run(
			'aeVoicemailBin01',
			'no-show-binary',
			noShow({ first_name: 'Nia', phone }, 'reschedule.wav'),
		);
		expect(execution.status).toBe('success');
		const [call] = callsTo(phone);
		expect(call.heard.map((h) => h.verb)).toEqual(['Play', 'Hangup']);
		expect(call.media![0]).toMatchObject({ status: 200, contentType: 'audio/wav' });
		expect(output(execution)[0].json.voicemail).toMatchObject({
			outcome: 'human_answered',
			human_answer: 'played',
			audio: { format: 'wav' },
		});
		expect(output(execution)[0].json.voicemail.warnings).toBeUndefined();
	});
});

describe('a run from the editor', () => {
	it('drops the voicemail on the real contact, since it has no test number, and flags the item that reaches the next node', async () => {
		stack.twilio.voice.answerAs(EDITOR_RUN_PHONE, { answer: 'machine' });
		const executionId = await runFromEditor(stack.host, 'aeVoicemailEdit1');
		const execution = await eventually(async () => {
			const done = await stack.host.finishedExecution(executionId);
			expect(done.status).toBe('success');
			return done;
		}, 60_000);
		expect(callsTo(EDITOR_RUN_PHONE)).toHaveLength(1);
		const [item] = output(execution);
		expect(item.json.voicemail).toMatchObject({ outcome: 'left_voicemail' });
		expect(item.json).toMatchObject({ reached_real_contact: true });
	});
});
