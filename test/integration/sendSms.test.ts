import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ActionRun } from '../../core/run/actionRun';
import { sendSms, type SendSmsInput } from '../../core/sms/sendSms';
import { migrate } from '../../core/store/migrations';
import { SqliteDatabase } from '../../core/store/sqliteDatabase';
import { WorkspaceStore } from '../../core/store/workspaceStore';
import { createTwilioMessaging } from '../../providers/twilio';

const { TwilioDouble } = require('../support/twilioDouble');
import { optOutByOwner } from '../support/optOut';

const dir = mkdtempSync(join(tmpdir(), 'aesthetix-sms-'));
let twilio: InstanceType<typeof TwilioDouble>;
let store: WorkspaceStore;
let execution = 0;

const run = (executionId = String(++execution)) =>
	new ActionRun(
		{
			workflowId: 'wf',
			nodeId: 'sms',
			actionName: 'Reminder SMS',
			executionId,
			originalExecutionId: executionId,
			runIndex: 0,
			isManual: false,
		},
		store,
		{ company: { name: 'Glow', phone: '', time_zone: 'UTC' }, publicBaseUrl: '' },
	);
const input = (contact: Record<string, unknown>): SendSmsInput => ({
	contact,
	template: { templateId: '', sync: false },
	message: 'Hi {{contact.first_name}}',
	attachmentUrls: ['https://files.glow.test/aftercare.pdf'],
	testPhoneNumber: '',
});

beforeAll(async () => {
	twilio = await new TwilioDouble({ autoDeliver: false }).start();
	const db = new SqliteDatabase(join(dir, 'w.sqlite'));
	await migrate(db);
	store = new WorkspaceStore(db);
});

afterAll(async () => {
	await twilio.stop();
	await store.close();
	rmSync(dir, { recursive: true, force: true });
});

describe('Send SMS', () => {
	const transport = () =>
		createTwilioMessaging({
			accountSid: twilio.accountSid,
			auth: { kind: 'authToken', authToken: twilio.authToken },
			webhookAuthToken: twilio.authToken,
			sender: { kind: 'phoneNumber', fromNumber: '+15550009999' },
			apiBaseUrl: twilio.baseUrl,
		});

	it('sends the attachment as a link, and without an endpoint says statistics are not tracked', async () => {
		const result = await sendSms(
			run(),
			transport(),
			input({ first_name: 'Ana', phone: '+1 555 222 0001' }),
			0,
			{},
		);
		expect(twilio.messages.at(-1)).toMatchObject({
			to: '+15552220001',
			body: 'Hi Ana\nhttps://files.glow.test/aftercare.pdf',
		});
		expect(result).toMatchObject({ status: 'sent', statistics_tracked: false, tracked_links: [] });
	});

	it('never texts a contact in Do Not Disturb for SMS', async () => {
		const contact = await store.contacts.findOrCreate({ phone: '+15552220002' });
		await optOutByOwner(store, contact.id, 'dnd_sms');
		const before = twilio.messages.length;
		const result = await sendSms(run(), transport(), input({ phone: '+15552220002' }), 0, {});
		expect(result).toMatchObject({
			status: 'skipped',
			reason: 'The contact is in Do Not Disturb for SMS',
		});
		expect(twilio.messages).toHaveLength(before);
	});
});
