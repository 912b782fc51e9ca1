/**
 * The Call action before any call, through n8n's engine in process: Calling Hours skips a contact
 * for whom it is night (version 1's switch, 1.1's Skip With the Reason, and Send SMS with the
 * option), and the problems Send SMS names are named here too. Calling Hours that waits runs in a
 * real host: test/e2e/callingHours.test.ts. Calls, the whisper, the contact's leg and Stop on Response wait for Twilio's
 * callbacks in a real host: test/e2e/call.test.ts.
 */
import type { WorkspaceStore } from '../../core/store/workspaceStore';
import { optOutByOwner } from '../support/optOut';

const { startDoubles } = require('../support/inProcess');
const { exampleWorkflow } = require('../support/stack');
const { zoneAtLocalHour } = require('../support/timeZones');
const { webhookWorkflow } = require('../support/workflows');
const {
	reminder,
	CALL,
	callVariant,
	reminderSms,
	confirmed,
	addCallTeam,
} = require('../support/callReminder');

type Stack = Awaited<ReturnType<typeof startDoubles>>;
type CallOutput = {
	call: { status: string; reason: string; calling_hours: { time_zone: string } };
};
let stack: Stack;
let store: WorkspaceStore;

const noCompanyPhone = {
	...reminder.nodes[1].credentials,
	aesthetixWorkspaceApi: { id: 'aeWorkspaceNoPh1', name: 'Workspace without Company Phone' },
};

/** Version 1.1, where Calling Hours chooses between waiting and skipping. */
const skipAt11 = callVariant('aeHoursCallSkip1', 'hours-call-skip', { callingHours: 'skip' });
skipAt11.nodes[1].typeVersion = 1.1;

const workflows = [
	reminder,
	callVariant('aeCallNoCompany1', 'call-no-company', {}, noCompanyPhone),
	skipAt11,
	webhookWorkflow('aeSmsNightHours', 'sms-calling-hours', reminderSms({ callingHours: true })),
];

let phoneSeq = 0;
const nextPhone = () => `+1555445${String(1000 + phoneSeq++)}`;

/** Runs the workflow at this webhook path to its end: n8n's run, its output read by node. */
async function run(path: string, body: unknown) {
	return (await stack.trigger(path, body)).run;
}

beforeAll(async () => {
	stack = await startDoubles({
		workflows,
		extraCredentials: ({ root }: { root: string }) => [
			{
				id: 'aeWorkspaceNoPh1',
				name: 'Workspace without Company Phone',
				type: 'aesthetixWorkspaceApi',
				data: {
					storeType: 'sqlite',
					sqliteFile: `${root}/workspace.sqlite`,
					companyName: 'Glow Med Spa',
					companyPhone: '',
					timeZone: 'America/New_York',
					publicBaseUrl: 'http://127.0.0.1:5678',
				},
			},
		],
	});
	// The call's TwiML and status callbacks go to the published Workspace Endpoint.
	await stack.publish(exampleWorkflow('workspace-endpoint.json'));
	store = await stack.openWorkspace();
	await addCallTeam(store);
});

afterAll(async () => {
	await stack?.stop();
});

beforeEach(() => stack.twilio.reset());

describe('Calling Hours', () => {
	it("skips a contact for whom it is night (the contact's time zone), with the reason, calling nobody", async () => {
		const zone = zoneAtLocalHour(3);
		const execution = await run(
			'appointment-confirmed',
			confirmed({ first_name: 'Ned', phone: nextPhone(), timezone: zone }),
		);
		expect(execution.status).toBe('success');
		const { call } = execution.output(CALL)[0] as CallOutput;
		expect(call.status).toBe('skipped');
		expect(call.reason).toMatch(
			new RegExp(
				`^Outside calling hours \\(8 AM to 9 PM\\): it is 3:\\d\\d AM for the contact \\(${zone.replace('+', '\\+')}\\)$`,
			),
		);
		expect(call.calling_hours.time_zone).toBe(zone);
		expect(stack.twilio.voice.calls).toHaveLength(0);
	});

	it('Send SMS with the option on skips a contact for whom it is night, and texts one for whom it is day', async () => {
		const night = await run(
			'sms-calling-hours',
			confirmed({ first_name: 'Oli', phone: nextPhone(), timezone: zoneAtLocalHour(23) }),
		);
		expect(night.output('Reminder SMS')[0].sms).toMatchObject({
			status: 'skipped',
			reason: expect.stringMatching(/^Outside calling hours/),
		});
		expect(stack.twilio.messages).toHaveLength(0);
		const day = await run(
			'sms-calling-hours',
			confirmed({ first_name: 'Oli', phone: nextPhone() }),
		);
		expect(day.output('Reminder SMS')[0].sms.status).toBe('sent');
		expect(stack.twilio.messages).toHaveLength(1);
	});
});

describe('Calling Hours: Skip With the Reason', () => {
	it('skips the contact at once with the reason, calling nobody and keeping nothing', async () => {
		const execution = await run(
			'hours-call-skip',
			confirmed({ first_name: 'Tom', phone: nextPhone(), timezone: zoneAtLocalHour(3) }),
		);
		expect(execution.status).toBe('success');
		expect(execution.output(CALL)[0].call).toMatchObject({
			status: 'skipped',
			reason: expect.stringMatching(
				/^Outside calling hours \(8 AM to 9 PM\): it is 3:\d\d AM for the contact/,
			),
		});
		expect(stack.twilio.voice.calls).toHaveLength(0);
		// Nothing is kept for the waker to call later.
		expect(await store.db.all('SELECT id FROM deferred_items')).toEqual([]);
	});
});

describe('problems named as Send SMS names them', () => {
	it('a contact without a phone number, and an unassigned contact with no Company Phone, fail naming the field', async () => {
		const noPhone = await run(
			'appointment-confirmed',
			confirmed({ first_name: 'Ann', email: 'ann@example.com' }),
		);
		expect(noPhone.status).toBe('error');
		expect(noPhone.error.message).toBe('The contact has no phone number');
		const noCompany = await run(
			'call-no-company',
			confirmed({ first_name: 'Ben', phone: nextPhone() }),
		);
		expect(noCompany.status).toBe('error');
		expect(noCompany.error.message).toBe(
			'The contact is unassigned and the workspace has no Company Phone',
		);
		const noUserPhone = await run(
			'appointment-confirmed',
			confirmed({ first_name: 'Cal', phone: nextPhone(), assigned_user: 'noor@glowmedspa.test' }),
		);
		expect(noUserPhone.error.message).toBe(
			'The contact is assigned to Noor Patel, whose phone in the team directory is empty',
		);
		expect(stack.twilio.voice.calls).toHaveLength(0);
	});

	it('a contact in Do Not Disturb for calls is skipped with the reason', async () => {
		const phone = nextPhone();
		const contact = await store.contacts.findOrCreate({ phone, first_name: 'Dee' });
		await optOutByOwner(store, contact.id, 'dnd_calls');
		const execution = await run('appointment-confirmed', confirmed({ first_name: 'Dee', phone }));
		expect(execution.status).toBe('success');
		expect(execution.output(CALL)[0].call).toMatchObject({
			status: 'skipped',
			reason: 'The contact is in Do Not Disturb for calls',
		});
		expect(stack.twilio.voice.calls).toHaveLength(0);
	});
});
