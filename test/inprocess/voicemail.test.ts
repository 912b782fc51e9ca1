/**
 * The Voicemail action's checks before any call, through n8n's engine in process: a file that is not
 * a recording, a landline, a contact outside calling hours and one in Do Not Disturb for calls are
 * refused or skipped with the reason, and nobody is called. Calls, their outcomes and the recording
 * played after the beep run in a real host: test/e2e/voicemail.test.ts.
 */
import type { WorkspaceStore } from '../../core/store/workspaceStore';
import { serveAudioFiles } from '../support/audioFiles';
import { optOutByOwner } from '../support/optOut';

const { exampleWorkflow } = require('../support/stack');
const { startDoubles } = require('../support/inProcess');
const { zoneAtLocalHour } = require('../support/timeZones');
const { example, VOICEMAIL, noShow } = require('../support/noShowVoicemail');

type Stack = Awaited<ReturnType<typeof startDoubles>>;
let stack: Stack;
let store: WorkspaceStore;
let files: Awaited<ReturnType<typeof serveAudioFiles>>;

let seq = 0;
const nextPhone = () => `+1555778${String(1000 + seq++)}`;

async function run(contact: Record<string, unknown>, recording?: string) {
	const { run } = await stack.trigger(
		'appointment-no-show',
		noShow(files.base, contact, recording),
	);
	return run;
}

beforeAll(async () => {
	files = await serveAudioFiles();
	stack = await startDoubles({ workflows: [example] });
	// The recording's address and the call's TwiML come from the published Workspace Endpoint.
	await stack.publish(exampleWorkflow('workspace-endpoint.json'));
	store = await stack.openWorkspace();
});

afterAll(async () => {
	await stack?.stop();
	await files?.close();
});

beforeEach(() => stack.twilio.reset());

describe('checks before any call', () => {
	it('refuses a file that is not MP3 or WAV without calling', async () => {
		const execution = await run({ first_name: 'Oz', phone: nextPhone() }, 'notes.pdf');
		expect(execution.status).toBe('error');
		expect(execution.error.message).toBe('The audio file is not an MP3 or WAV');
		expect(stack.twilio.voice.calls).toHaveLength(0);
	});

	it('refuses a landline, which has no voicemail to leave it in', async () => {
		const execution = await run({ first_name: 'Quin', phone: '+44 20 7946 0958' });
		expect(execution.status).toBe('error');
		expect(execution.error.message).toBe('The contact\'s phone "+44 20 7946 0958" is a landline');
		expect(stack.twilio.voice.calls).toHaveLength(0);
	});

	it('skips a contact for whom it is outside calling hours, with the reason', async () => {
		const execution = await run({
			first_name: 'Rae',
			phone: nextPhone(),
			timezone: zoneAtLocalHour(22),
		});
		expect(execution.status).toBe('success');
		expect(execution.output(VOICEMAIL)[0].voicemail).toMatchObject({
			status: 'skipped',
			reason: expect.stringMatching(
				/^Outside calling hours \(8 AM to 9 PM\): it is 10:\d\d PM for the contact/,
			),
		});
		expect(stack.twilio.voice.calls).toHaveLength(0);
	});

	it('skips a contact in Do Not Disturb for calls', async () => {
		const phone = nextPhone();
		const contact = await store.contacts.findOrCreate({ phone, first_name: 'Pat' });
		await optOutByOwner(store, contact.id, 'dnd_calls');
		const execution = await run({ first_name: 'Pat', phone });
		expect(execution.status).toBe('success');
		expect(execution.output(VOICEMAIL)[0].voicemail).toMatchObject({
			status: 'skipped',
			reason: 'The contact is in Do Not Disturb for calls',
		});
		expect(stack.twilio.voice.calls).toHaveLength(0);
	});
});
