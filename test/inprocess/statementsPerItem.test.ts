/**
 * What a sent email or text costs the workspace store, counted in statements: an agency's clinics
 * share one PostgreSQL, whose share of the CPU grows with every statement a send makes. A new
 * contact costs a look-up and an insert, the send a claim and its record, then the conversation
 * entry; a text also looks for a delivery report that came before its record.
 */
import type { StatementSync } from 'node:sqlite';

const { startDoubles } = require('../support/inProcess');
const { manualWorkflow } = require('../support/workflows');

type Doubles = Awaited<ReturnType<typeof startDoubles>>;
let doubles: Doubles;
let counting = false;
let statements = 0;
const restore: Array<() => void> = [];

const workspace = { id: 'aeWorkspace00001', name: 'Glow Med Spa workspace' };
const sendEmail = {
	id: 'email',
	name: 'Send Email',
	type: 'n8n-nodes-aesthetix.sendEmail',
	parameters: {
		contact: '={{ $json.contact }}',
		fromName: 'Glow Med Spa',
		fromEmail: 'hello@glowmedspa.test',
		subject: 'Thanks for booking',
		message: '<p>Hi {{contact.first_name}}</p>',
	},
	credentials: {
		aesthetixSmtpApi: { id: 'aeSmtpLocal00001', name: 'Local SMTP' },
		aesthetixWorkspaceApi: workspace,
	},
};
const sendSms = {
	id: 'sms',
	name: 'Send SMS',
	type: 'n8n-nodes-aesthetix.sendSms',
	parameters: {
		contact: '={{ $json.contact }}',
		message: 'Hi {{contact.first_name}}, see you soon',
	},
	credentials: {
		aesthetixTwilioApi: { id: 'aeTwilioLocal001', name: 'Local Twilio' },
		aesthetixWorkspaceApi: workspace,
	},
};
const ITEMS = 20;
const newContacts = (tag: string, phonePrefix: string) =>
	Array.from({ length: ITEMS }, (_, i) => ({
		json: {
			contact: {
				first_name: `Client ${i}`,
				email: `${tag}${i}@example.com`,
				phone: `${phonePrefix}${String(i).padStart(4, '0')}`,
			},
		},
	}));

type Item = { json: { contact: { email: string; phone: string } } };
const emailed = () =>
	doubles.smtp.messages.map((m: { envelope: { to: string[] } }) => m.envelope.to[0]);
const texted = () => doubles.twilio.messages.map((m: { to: string }) => m.to);

/**
 * Statements per item of a run, the run's own few (settings, its origin) spread over its items;
 * every item must have gone out to its contact, so a send that skipped the store cannot pass.
 */
async function perItem(
	flow: object,
	items: Item[],
	sentTo: () => string[],
	address: 'email' | 'phone',
): Promise<number> {
	const before = sentTo().length;
	statements = 0;
	counting = true;
	const run = await doubles.run(flow, { items });
	counting = false;
	expect(run.status).toBe('success');
	expect(sentTo().slice(before).sort()).toEqual(items.map((i) => i.json.contact[address]).sort());
	return statements / items.length;
}

beforeAll(async () => {
	const { StatementSync: Statement } = process.getBuiltinModule(
		'node:sqlite',
	) as typeof import('node:sqlite');
	for (const method of ['run', 'get', 'all', 'iterate'] as const) {
		const original = Statement.prototype[method] as (...args: unknown[]) => unknown;
		(Statement.prototype as unknown as Record<string, unknown>)[method] = function (
			this: StatementSync,
			...args: unknown[]
		) {
			if (counting) statements++;
			return original.apply(this, args);
		};
		restore.push(() => {
			(Statement.prototype as unknown as Record<string, unknown>)[method] = original;
		});
	}
	doubles = await startDoubles();
	// The first runs open the workspace (migrations, settings): not what an item costs.
	await doubles.run(manualWorkflow('aeWarmEmail', sendEmail), {
		items: [{ json: { contact: { email: 'warm@example.com' } } }],
	});
	await doubles.run(manualWorkflow('aeWarmSms', sendSms), {
		items: [{ json: { contact: { phone: '+15550300000' } } }],
	});
});

afterAll(async () => {
	for (const undo of restore) undo();
	await doubles?.stop();
});

it('sends an email to a new contact in five statements', async () => {
	const cost = await perItem(
		manualWorkflow('aeCountEmail', sendEmail),
		newContacts('new', '+1555031'),
		emailed,
		'email',
	);
	expect(cost).toBeLessThanOrEqual(5 + 4 / ITEMS);
});

it('texts a new contact in six statements, and one the email created in five', async () => {
	expect(
		await perItem(
			manualWorkflow('aeCountSms', sendSms),
			newContacts('text', '+1555032'),
			texted,
			'phone',
		),
	).toBeLessThanOrEqual(6 + 4 / ITEMS);
	const booked = newContacts('booked', '+1555033');
	await doubles.run(manualWorkflow('aeCountBooked', sendEmail), { items: booked });
	expect(
		await perItem(manualWorkflow('aeCountReminder', sendSms), booked, texted, 'phone'),
	).toBeLessThanOrEqual(5 + 4 / ITEMS);
});
