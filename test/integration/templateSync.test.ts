import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ActionRun } from '../../core/run/actionRun';
import { sendEmail, type SendEmailInput } from '../../core/email/sendEmail';
import { migrate } from '../../core/store/migrations';
import { SqliteDatabase } from '../../core/store/sqliteDatabase';
import { WorkspaceStore } from '../../core/store/workspaceStore';
import { createSmtpTransport, type EmailTransport } from '../../providers/smtp';

const { SmtpDouble } = require('../support/smtpDouble');

jest.setTimeout(30_000);

const dir = mkdtempSync(join(tmpdir(), 'aesthetix-sync-'));
let smtp: InstanceType<typeof SmtpDouble>;
let store: WorkspaceStore;
let transport: EmailTransport;
let executions = 0;
let templateId: number;

const workspace = {
	company: { name: 'Glow Med Spa', phone: '+15550001111', time_zone: 'America/New_York' },
	publicBaseUrl: '',
};

function runOf(nodeId: string, isManual = false): ActionRun {
	const executionId = String(++executions);
	return new ActionRun(
		{
			workflowId: 'wf-promo',
			nodeId,
			actionName: 'Promo Email',
			executionId,
			originalExecutionId: executionId,
			runIndex: 0,
			isManual,
		},
		store,
		workspace,
	);
}

const input = (message: string, sync = true): SendEmailInput => ({
	contact: { first_name: 'Jane', email: 'jane@example.com' },
	fromName: 'Glow',
	fromEmail: 'hello@glow.test',
	subject: '',
	template: { templateId: String(templateId), sync },
	message,
	cc: '',
	bcc: '',
	testEmail: '',
	attachments: [],
});

/** Runs the action once and returns its output and the body the contact received. */
async function send(nodeId: string, message: string, sync = true, isManual = false) {
	const before = smtp.messages.length;
	const result = await sendEmail(runOf(nodeId, isManual), transport, input(message, sync), 0, {});
	const mails = await smtp.waitForMessages(before + 1);
	return { result, html: String(mails[before].html) };
}

const templateBody = async () => (await store.templates.get(templateId))!.body;
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

beforeAll(async () => {
	smtp = await new SmtpDouble().start();
	const db = new SqliteDatabase(join(dir, 'workspace.sqlite'));
	await migrate(db);
	store = new WorkspaceStore(db);
	transport = createSmtpTransport({
		host: '127.0.0.1',
		port: smtp.port,
		secure: false,
		starttls: 'never',
		poolSize: 1,
		rateLimitPerSecond: 0,
		timeoutMs: 3000,
	});
});

beforeEach(async () => {
	smtp.reset();
	const name = `Promo ${++executions}`;
	templateId = (
		await store.templates.save(
			'email',
			name,
			'<p>Version 1 for {{contact.first_name}}</p>',
			'Spring offer',
		)
	).id;
});

afterAll(async () => {
	transport.close();
	await smtp.stop();
	await store.close();
	rmSync(dir, { recursive: true, force: true });
});

describe('Sync Edits to Template, both ways', () => {
	it('writes a Message edited in the action to the template, and other synced actions send it', async () => {
		await send('node-a', '');
		await send('node-b', '');
		const edited = await send('node-a', '<p>Edited in the workflow for {{contact.first_name}}</p>');
		expect(edited.html).toContain('Edited in the workflow for Jane');
		expect(edited.result.template).toMatchObject({
			id: templateId,
			synced: true,
			sync: { direction: 'message_to_template', conflict: false },
		});
		expect(await templateBody()).toBe('<p>Edited in the workflow for {{contact.first_name}}</p>');
		const other = await send('node-b', '');
		expect(other.html).toContain('Edited in the workflow for Jane');
		expect(other.result.template).toMatchObject({ sync: { direction: 'template_to_message' } });
	});

	it("sends a template edited since the last sync, though the action's Message still holds the old text", async () => {
		await send('node-a', '<p>Version 1 for {{contact.first_name}}</p>');
		await tick();
		await store.templates.update(templateId, '<p>Version 2 from the Templates page</p>');
		const after = await send('node-a', '<p>Version 1 for {{contact.first_name}}</p>');
		expect(after.html).toContain('Version 2 from the Templates page');
		expect(after.result.template).toMatchObject({
			sync: { direction: 'template_to_message', conflict: false },
		});
		// The stale Message is not an edit: the next run keeps the template and leaves it as it is.
		const next = await send('node-a', '<p>Version 1 for {{contact.first_name}}</p>');
		expect(next.html).toContain('Version 2 from the Templates page');
		expect(next.result.template).toMatchObject({ sync: { direction: 'in_sync' } });
		expect(await templateBody()).toBe('<p>Version 2 from the Templates page</p>');
	});

	it('lets the newer edit win when both changed, and says which', async () => {
		await send('node-a', '');
		// The Message was edited and tried from the editor first, then the template: the template is newer.
		const tried = await send('node-a', '<p>Workflow edit</p>', true, true);
		expect(tried.html).toContain('Workflow edit');
		expect(tried.result.template).toMatchObject({
			sync: { direction: 'test_run', conflict: false },
		});
		expect(await templateBody()).toBe('<p>Version 1 for {{contact.first_name}}</p>');
		await tick();
		await store.templates.update(templateId, '<p>Template edit</p>');
		const templateNewer = await send('node-a', '<p>Workflow edit</p>');
		expect(templateNewer.html).toContain('Template edit');
		expect(templateNewer.result.template).toMatchObject({
			sync: { direction: 'template_to_message', conflict: true, winner: 'template' },
		});
		expect(await templateBody()).toBe('<p>Template edit</p>');

		// Now the template first, then a new Message tried in the editor: the Message is newer.
		await store.templates.update(templateId, '<p>Template edit 2</p>');
		await tick();
		await send('node-a', '<p>Workflow edit 2</p>', true, true);
		const messageNewer = await send('node-a', '<p>Workflow edit 2</p>');
		expect(messageNewer.html).toContain('Workflow edit 2');
		expect(messageNewer.result.template).toMatchObject({
			sync: { direction: 'message_to_template', conflict: true, winner: 'message' },
		});
		expect(await templateBody()).toBe('<p>Workflow edit 2</p>');
	});

	it('keeps its own copy with sync off: neither side changes the other', async () => {
		const first = await send('node-off', '', false);
		expect(first.html).toContain('Version 1 for Jane');
		await store.templates.update(templateId, '<p>Version 2</p>');
		const copy = await send('node-off', '', false);
		expect(copy.html).toContain('Version 1 for Jane');
		expect(copy.result.template).toEqual({
			id: templateId,
			name: expect.any(String),
			synced: false,
		});
		const own = await send('node-off', '<p>Only in this action</p>', false);
		expect(own.html).toContain('Only in this action');
		expect(await templateBody()).toBe('<p>Version 2</p>');
	});
});
