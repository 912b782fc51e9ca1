/**
 * Internal Notification and the team directory through n8n's engine in process: the spec's high-value purchase
 * example, every row of the recipient table, de-duplication, the 500-per-5-minutes limit, a user in
 * Do Not Disturb and a recipient without the channel.
 */
import { createServer, type Server } from 'node:http';
import type { WorkspaceStore } from '../../core/store/workspaceStore';

const { exampleWorkflow } = require('../support/stack');
const { startDoubles } = require('../support/inProcess');
const { webhookWorkflow } = require('../support/workflows');

const hooked = (
	id: string,
	path: string,
	node: Record<string, unknown>,
	options?: { split?: boolean },
) => webhookWorkflow(id, path, { credentials: CHANNELS, ...node }, options);

type Stack = Awaited<ReturnType<typeof startDoubles>>;
type Outcome = { name: string; status: string; reason?: string; address?: string };
let stack: Stack;
let store: WorkspaceStore;

let filePort: number;
const WORKSPACE = {
	aesthetixWorkspaceApi: { id: 'aeWorkspace00001', name: 'Glow Med Spa workspace' },
};
const CHANNELS = {
	...WORKSPACE,
	aesthetixSmtpApi: { id: 'aeSmtpLocal00001', name: 'Local SMTP' },
	aesthetixTwilioApi: { id: 'aeTwilioLocal001', name: 'Local Twilio' },
};

const notify = (type: string, extra: Record<string, unknown> = {}) => ({
	name: 'Notify',
	type: 'n8n-nodes-aesthetix.internalNotification',
	parameters: {
		type,
		contact: '={{ $json.body.contact ?? {} }}',
		toUserType: '={{ $json.body.to }}',
		particularUsers: '={{ $json.body.users ?? [] }}',
		customEmails: '={{ $json.body.emails ?? "" }}',
		roles: '={{ $json.body.roles ?? "" }}',
		teams: '={{ $json.body.teams ?? "" }}',
		...extra,
	},
});

const workflows = [
	exampleWorkflow('high-value-purchase.json'),
	hooked('aeImportTeam0001', 'import-team', {
		name: 'Import Team',
		type: 'n8n-nodes-aesthetix.workspace',
		credentials: WORKSPACE,
		parameters: { resource: 'teamUser', operation: 'import', users: '={{ $json.body.users }}' },
	}),
	...(['create', 'update', 'deactivate', 'getAll'] as const).map((operation) =>
		hooked(`aeTeamUser${operation.padEnd(6, '0')}`, `team-${operation}`, {
			name: 'Team User',
			type: 'n8n-nodes-aesthetix.workspace',
			credentials: WORKSPACE,
			parameters: {
				resource: 'teamUser',
				operation,
				userName: '={{ $json.body.name }}',
				additionalFields: {
					email: '={{ $json.body.email }}',
					role: '={{ $json.body.role }}',
					dnd: false,
				},
				userId: '={{ $json.body.id }}',
				updateFields: { team: '={{ $json.body.team }}', dnd: '={{ $json.body.dnd }}' },
				includeInactive: '={{ $json.body.includeInactive ?? false }}',
			},
		}),
	),
	hooked(
		'aeNotifyEmail001',
		'notify-email',
		notify('email', {
			fromName: '{{company.name}} alerts',
			fromEmail: '={{ $json.body.from ?? "alerts@glowmedspa.test" }}',
			subject: 'New lead: {{contact.first_name}}',
			message: '<p>{{contact.first_name}} needs a call.</p>',
			copies: { cc: '={{ $json.body.cc ?? "" }}' },
			// The file server's address, known once it listens (beforeAll).
			attachments: { url: [{ url: '', fileName: '' }] },
		}),
	),
	hooked(
		'aeNotifySms00001',
		'notify-sms',
		notify('sms', { message: 'New lead {{contact.first_name}}' }),
	),
	hooked(
		'aeNotifyWhatsApp',
		'notify-whatsapp',
		notify('whatsapp', {
			contentSid: 'HX' + 'c'.repeat(32),
			contentVariables: { variable: [{ key: '1', value: '{{contact.first_name}}' }] },
		}),
	),
	hooked(
		'aeNotifyInAppMix',
		'notify-inapp-mixed',
		notify('inApp', {
			title: '=Lead {{contact.first_name}} from {{ $json.body.source }}',
			message: 'Call them',
		}),
	),
	hooked(
		'aeNotifyInApp001',
		'notify-inapp',
		notify('inApp', {
			title: 'Lead {{contact.first_name}}',
			message: 'Call them',
			options: { overLimit: 'drop' },
		}),
	),
	// One item per alert enters the node, as n8n's Split Out leaves them (run with `items`).
	hooked('aeNotifyBurst001', 'notify-burst', {
		name: 'Notify',
		type: 'n8n-nodes-aesthetix.internalNotification',
		parameters: {
			type: 'inApp',
			contact: '={{ {} }}',
			toUserType: ['roles'],
			roles: 'burst',
			title: 'Alert {{n}}',
			message: 'Burst',
			options: { overLimit: 'drop' },
		},
	}),
];

const team = [
	{
		name: 'Olivia Owner',
		email: 'owner@glowmedspa.test',
		phone: '+15550001000',
		role: 'owner',
		whatsapp: '+15550001000',
	},
	{
		name: 'Maya Lopez',
		email: 'maya@glowmedspa.test',
		phone: '+15550001001',
		role: 'lead esthetician',
		team: 'Treatment',
	},
	{ name: 'Sam Reyes', email: 'sam@glowmedspa.test', role: 'coordinator', team: 'Front Desk' },
	{
		name: 'Dee Quiet',
		email: 'dee@glowmedspa.test',
		phone: '+15550001003',
		role: 'night shift',
		dnd: true,
	},
	{ name: 'Bea Night', email: 'bea@glowmedspa.test', role: 'night shift' },
];
const ids: Record<string, number> = {};
const lead = {
	first_name: 'Lena',
	last_name: 'Park',
	email: 'lena@example.com',
	phone: '+15557770001',
};

let files: Server;

beforeAll(async () => {
	files = createServer((req, res) =>
		res.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF brief'),
	);
	await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
	filePort = (files.address() as { port: number }).port;
	const emailNode = workflows.find((w) => w.id === 'aeNotifyEmail001')!.nodes[1];
	emailNode.parameters.attachments.url[0].url = `http://127.0.0.1:${filePort}/brief.pdf`;
	stack = await startDoubles({ workflows });
	store = await stack.openWorkspace();
	const imported = await stack.trigger('import-team', { users: team });
	for (const user of imported.json) ids[user.name] = user.id;
});

afterAll(async () => {
	await stack?.stop();
	await new Promise((resolve) => files?.close(resolve));
});

beforeEach(() => {
	stack.smtp.reset();
	stack.twilio.reset();
});

const byName = (outcomes: Outcome[]) => Object.fromEntries(outcomes.map((o) => [o.name, o]));

describe('the team directory', () => {
	it('imports a list in one run, updating users it already has', async () => {
		expect(Object.keys(ids)).toHaveLength(5);
		const again = await stack.trigger('import-team', {
			users: [{ name: 'Maya Lopez', email: 'maya@glowmedspa.test', team: 'Lead Team' }],
		});
		expect(again.json[0]).toMatchObject({
			id: ids['Maya Lopez'],
			team: 'Lead Team',
			phone: '+15550001001',
		});
		const broken = await stack.trigger('import-team', {
			users: [{ name: 'Ok', email: 'ok@glowmedspa.test' }, { email: 'noname@glowmedspa.test' }],
		});
		expect(broken.status).toBe('error');
		expect(await store.teamUsers.findByEmail('ok@glowmedspa.test')).toBeUndefined();
	});
});

describe('team users one at a time', () => {
	it('creates, updates, lists and deactivates; a deactivated user is no longer notified', async () => {
		const created = (
			await stack.trigger('team-create', {
				name: 'Temp Tina',
				email: 'tina@glowmedspa.test',
				role: 'temp',
			})
		).json[0];
		expect(created).toMatchObject({ name: 'Temp Tina', role: 'temp', active: true });
		const updated = (
			await stack.trigger('team-update', { id: created.id, team: 'Weekend', dnd: true })
		).json[0];
		expect(updated).toMatchObject({ id: created.id, team: 'Weekend', dnd: true });
		await stack.trigger('team-deactivate', { id: created.id });
		const active = (await stack.trigger('team-getAll', {})).json.map(
			(u: { name: string }) => u.name,
		);
		const everyone = (await stack.trigger('team-getAll', { includeInactive: true })).json.map(
			(u: { name: string }) => u.name,
		);
		expect(active).not.toContain('Temp Tina');
		expect(everyone).toContain('Temp Tina');
		const { json } = await stack.trigger('notify-inapp', { to: ['roles'], roles: 'temp' });
		expect(json[0].notification).toMatchObject({
			status: 'skipped',
			reason: 'No team user matches To User Type',
		});
	});
});

describe('the high-value purchase example', () => {
	it("puts an in-app notification under the owner's bell and texts the lead esthetician", async () => {
		const { status, json } = await stack.trigger('package-purchased', {
			contact: lead,
			purchase: { package: 'Radiance Package', amount: '$2,400' },
			appointment: { start_time: '2026-12-03T19:30:00Z' },
		});
		expect(status).toBe('success');
		expect(json[0].notification).toMatchObject({
			type: 'sms',
			status: 'sent',
			recipients: [{ name: 'Maya Lopez', status: 'sent', address: '+15550001001' }],
		});
		const bell = await store.notifications.forUser(ids['Olivia Owner']);
		expect(bell[0]).toMatchObject({
			title: 'High-value purchase: Radiance Package',
			message:
				'Lena Park just bought Radiance Package ($2,400). Their appointment is on Thursday, December 3, 2026.',
			read_at: null,
		});
		expect(bell[0].redirect_page).toMatch(/^\/contacts\/\d+$/);
		expect(await store.notifications.unreadCount(ids['Olivia Owner'])).toBe(1);
		const [text] = stack.twilio.messages;
		expect(text).toMatchObject({
			to: '+15550001001',
			body: 'Heads up: Lena bought Radiance Package. Please prepare for Thursday, December 3, 2026 at 2:30 PM.',
		});
		expect(stack.twilio.messages).toHaveLength(1);
	});
});

describe('custom values in a field that became an n8n expression', () => {
	it('renders both in an in-app Title', async () => {
		const { json } = await stack.trigger('notify-inapp-mixed', {
			contact: lead,
			to: ['particularUsers'],
			users: [ids['Olivia Owner']],
			source: 'the website',
		});
		expect(json[0].notification.status).toBe('sent');
		const [latest] = await store.notifications.forUser(ids['Olivia Owner']);
		expect(latest.title).toBe('Lead Lena from the website');
	});
});

describe('the recipient table', () => {
	it('All Users: every active user with the channel; one without it fails alone', async () => {
		const { json } = await stack.trigger('notify-sms', { contact: lead, to: ['allUsers'] });
		const outcomes = byName(json[0].notification.recipients);
		expect(outcomes['Olivia Owner'].status).toBe('sent');
		expect(outcomes['Maya Lopez'].status).toBe('sent');
		expect(outcomes['Sam Reyes']).toMatchObject({
			status: 'failed',
			reason: 'has no mobile number for SMS',
		});
		expect(outcomes['Dee Quiet']).toMatchObject({
			status: 'skipped',
			reason: 'is in Do Not Disturb',
		});
		expect(json[0].notification.status).toBe('partial');
		expect(stack.twilio.messages.map((m: { to: string }) => m.to).sort()).toEqual([
			'+15550001000',
			'+15550001001',
		]);
	});

	it('Particular Users: only the selected users; Cc once, never the contact; attachments; a custom-value sender', async () => {
		const { json } = await stack.trigger('notify-email', {
			contact: { ...lead, assigned_user: 'maya@glowmedspa.test' },
			to: ['particularUsers'],
			users: [ids['Sam Reyes']],
			cc: 'desk@glowmedspa.test, lena@example.com',
			from: '{{user.email}}',
		});
		const [mail] = await stack.smtp.waitForMessages(1);
		expect(mail.envelope.to.sort()).toEqual(['desk@glowmedspa.test', 'sam@glowmedspa.test']);
		expect(mail.subject).toBe('New lead: Lena');
		expect(mail.from).toEqual({ name: 'Glow Med Spa alerts', address: 'maya@glowmedspa.test' });
		expect(mail.attachments.map((a: { filename: string }) => a.filename)).toEqual(['brief.pdf']);
		expect(json[0].notification.status).toBe('sent');
	});

	it('Particular Users named by email (as an expression gives them): a DND skip leaves the notification sent, not partial', async () => {
		const { json } = await stack.trigger('notify-sms', {
			contact: lead,
			to: ['particularUsers'],
			users: ['maya@glowmedspa.test', 'dee@glowmedspa.test'],
		});
		const outcomes = byName(json[0].notification.recipients);
		expect(outcomes['Maya Lopez'].status).toBe('sent');
		expect(outcomes['Dee Quiet']).toMatchObject({
			status: 'skipped',
			reason: 'is in Do Not Disturb',
		});
		expect(json[0].notification.status).toBe('sent');
		expect(stack.twilio.messages.map((m: { to: string }) => m.to)).toEqual(['+15550001001']);
	});

	it('Assigned User: sent when the contact has one', async () => {
		const { json } = await stack.trigger('notify-sms', {
			contact: { ...lead, assigned_user: 'maya@glowmedspa.test' },
			to: ['assignedUser'],
		});
		expect(json[0].notification.recipients).toEqual([
			expect.objectContaining({ name: 'Maya Lopez', status: 'sent' }),
		]);
	});

	it.each([
		[
			'without a contact',
			undefined,
			'Assigned User: the workflow has no contact, so no assigned user was notified',
		],
		[
			'with an unassigned contact',
			{ email: 'unassigned@example.com' },
			'Assigned User: the contact has no assigned user',
		],
	])(
		'Assigned User %s: the step is skipped and the workflow continues',
		async (_case, contact, reason) => {
			const { status, json } = await stack.trigger('notify-sms', { contact, to: ['assignedUser'] });
			expect(status).toBe('success');
			expect(json[0].notification).toMatchObject({ status: 'skipped', reason });
			expect(stack.twilio.messages).toHaveLength(0);
		},
	);

	it('Custom Email: typed addresses, but never the contact', async () => {
		const { json } = await stack.trigger('notify-email', {
			contact: lead,
			to: ['customEmail'],
			emails: 'manager@partner.test, lena@example.com',
		});
		const outcomes = byName(json[0].notification.recipients);
		expect(outcomes['manager@partner.test'].status).toBe('sent');
		expect(outcomes['lena@example.com']).toMatchObject({
			status: 'failed',
			reason: "is the contact's address: internal notifications never go to contacts",
		});
		const mails = await stack.smtp.waitForMessages(1);
		expect(mails.map((m: { envelope: { to: string[] } }) => m.envelope.to[0])).toEqual([
			'manager@partner.test',
		]);
	});

	it('Roles and Teams for in-app notifications', async () => {
		const { json } = await stack.trigger('notify-inapp', { to: ['teams'], teams: 'Front Desk' });
		expect(json[0].notification.recipients).toEqual([
			expect.objectContaining({ name: 'Sam Reyes', status: 'sent' }),
		]);
		expect((await store.notifications.forUser(ids['Sam Reyes']))[0]).toMatchObject({
			title: 'Lead ',
			message: 'Call them',
		});
		expect(json[0].notification.blank_merge_fields).toEqual(['contact.first_name']);
	});
});

describe('de-duplication, limits, Do Not Disturb and channels', () => {
	it('sends one alert to a user named in several categories', async () => {
		const { json } = await stack.trigger('notify-email', {
			contact: lead,
			to: ['allUsers', 'particularUsers', 'customEmail'],
			users: [ids['Olivia Owner']],
			emails: 'OWNER@glowmedspa.test',
		});
		await stack.smtp.waitForMessages(4);
		await new Promise((r) => setTimeout(r, 300));
		const to = stack.smtp.messages
			.map((m: { envelope: { to: string[] } }) => m.envelope.to[0])
			.sort();
		expect(to).toEqual([
			'bea@glowmedspa.test',
			'maya@glowmedspa.test',
			'owner@glowmedspa.test',
			'sam@glowmedspa.test',
		]);
		expect(
			json[0].notification.recipients.filter((o: Outcome) => o.name === 'Olivia Owner'),
		).toHaveLength(1);
	});

	it('drops what is over 500 notifications per user in 5 minutes and says so', async () => {
		await stack.trigger('import-team', {
			users: [{ name: 'Nora Burst', email: 'nora@glowmedspa.test', role: 'burst' }],
		});
		const items = Array.from({ length: 502 }, (_, n) => ({ n }));
		const burst = workflows.find((w) => w.id === 'aeNotifyBurst001')!;
		const run = await stack.run(burst, { items: items.map((json) => ({ json })) });
		const json = run.output('Notify');
		const statuses = json.map(
			(item: { notification: { recipients: Outcome[] } }) =>
				byName(item.notification.recipients)['Nora Burst'].status,
		);
		expect(statuses.filter((s: string) => s === 'sent')).toHaveLength(500);
		expect(statuses.slice(500)).toEqual(['dropped', 'dropped']);
		expect(byName(json[501].notification.recipients)['Nora Burst'].reason).toBe(
			'received 500 notifications in the last 5 minutes',
		);
	});

	it('fails WhatsApp for a user without it, and sends the approved template to the one connected', async () => {
		const { json } = await stack.trigger('notify-whatsapp', {
			contact: lead,
			to: ['roles'],
			roles: 'owner, lead esthetician',
		});
		const outcomes = byName(json[0].notification.recipients);
		expect(outcomes['Olivia Owner'].status).toBe('sent');
		expect(outcomes['Maya Lopez']).toMatchObject({
			status: 'failed',
			reason: 'has no connected WhatsApp number',
		});
		expect(stack.twilio.messages).toEqual([
			expect.objectContaining({
				to: 'whatsapp:+15550001000',
				content_sid: 'HX' + 'c'.repeat(32),
				content_variables: '{"1":"Lena"}',
			}),
		]);
	});
});
