/**
 * What Send Email puts in a message for Email Delivery Statistics and the bulk-sender rules, through
 * n8n's engine in process: no open pixel when Track Opens is off, the one-click unsubscribe headers
 * and link of marketing email signed with DKIM, the link where {{unsubscribe_link}} is written, and
 * none of it on a transactional send. Following the links, the providers' events and the Inbox's
 * Statistics page run in a real host: test/e2e/emailStatistics.test.ts.
 */
import {
	type Mail,
	booking,
	contact,
	dkimRecord,
	dkimSmtpCredential,
	emailAction,
	marketingOffer,
	rawHeader,
	transactionalEmail,
	unsubscribeLink,
} from '../support/marketingEmail';

const { startDoubles } = require('../support/inProcess');
const { exampleWorkflow, variant } = require('../support/stack');
const { dkimVerify } = require('mailauth/lib/dkim/verify');

type Stack = Awaited<ReturnType<typeof startDoubles>>;
let stack: Stack;

const EMAIL = 'Booking Confirmation Email';
const MESSAGE =
	'<p>Hi {{contact.first_name}}, see your <a href="https://glowmedspa.test/aftercare">aftercare guide</a>.</p>';

const workflows = [
	marketingOffer,
	transactionalEmail,
	emailAction('aeMarketingLink01', 'marketing-link', 'Offer With Its Own Link', 1.1, {
		message:
			'<p>20% off this month.</p><p><a href="{{unsubscribe_link}}">Stop these offers</a></p>',
	}),
	variant(booking, {
		id: 'aeNoOpenTrack001',
		path: 'untracked-opens',
		nodes: { [EMAIL]: { parameters: { message: MESSAGE, options: { trackOpens: false } } } },
	}),
];

async function send(path: string, email: string) {
	const { status, json } = await stack.trigger(path, contact(email));
	expect(status).toBe('success');
	const mail: Mail = stack.smtp.messages.find((m: Mail) => m.to[0] === email);
	return { result: json.email, mail };
}

beforeAll(async () => {
	stack = await startDoubles({
		workflows,
		extraCredentials: ({ smtp }: { smtp: { port: number } }) => [dkimSmtpCredential(smtp.port)],
	});
	// Tracked links, the pixel and the unsubscribe address are the published Workspace Endpoint's.
	await stack.publish(exampleWorkflow('workspace-endpoint.json'));
});

afterAll(async () => {
	await stack?.stop();
});

describe('opens and clicks', () => {
	it('sends no pixel when Track Opens is off, and still tracks links', async () => {
		const { result, mail } = await send('untracked-opens', 'nopixel@example.com');
		expect(mail.html).not.toContain('/email/open');
		expect(mail.html).toContain('/email/click?t=');
		expect(result).toMatchObject({ open_tracking: false });
	});
});

describe('marketing email and its unsubscribe', () => {
	it('carries both RFC 8058 headers and a visible link, signed with DKIM over them; a changed body fails', async () => {
		const { mail, result } = await send('marketing-email', 'lena@example.com');
		const link = unsubscribeLink(mail);
		expect(link).toMatch(
			/^http:\/\/127\.0\.0\.1:\d+\/webhook\/aesthetix\/email\/unsubscribe\?t=[0-9a-z]+\.[0-9a-z]+\.[\w-]{22}$/,
		);
		expect(rawHeader(mail, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
		// No {{unsubscribe_link}} in the message: the link is added at its foot, untracked.
		expect(mail.html).toContain(`<a href="${link}">Unsubscribe</a></p>`);
		expect(mail.text).toContain(`Unsubscribe (${link})`);
		expect(result).toMatchObject({
			status: 'accepted',
			email_type: 'marketing',
			unsubscribe_link: link,
		});

		const { results } = await dkimVerify(mail.raw, { resolver: dkimRecord, strict: true });
		expect(results.map((r: { status: { result: string } }) => r.status.result)).toEqual(['pass']);
		expect(results[0].signingHeaders.keys.toLowerCase().split(': ')).toEqual(
			expect.arrayContaining(['list-unsubscribe', 'list-unsubscribe-post']),
		);
		const tampered = Buffer.from(
			mail.raw.toString('latin1').replace('20% off', '90% off'),
			'latin1',
		);
		const forged = await dkimVerify(tampered, { resolver: dkimRecord, strict: true });
		expect(forged.results[0].status.result).toBe('fail');
	});

	it('puts the link where {{unsubscribe_link}} is written, and nowhere else', async () => {
		const { mail } = await send('marketing-link', 'link@example.com');
		const link = unsubscribeLink(mail);
		expect(mail.html).toContain(`<a href="${link}">Stop these offers</a>`);
		expect(mail.html.split(link)).toHaveLength(2);
	});

	it('a transactional send has neither header nor link', async () => {
		const { mail, result } = await send('transactional-email', 'tx@example.com');
		expect(rawHeader(mail, 'List-Unsubscribe')).toBeUndefined();
		expect(rawHeader(mail, 'List-Unsubscribe-Post')).toBeUndefined();
		expect(mail.html).not.toContain('/email/unsubscribe');
		expect(result).toMatchObject({ status: 'accepted', email_type: 'transactional' });
		expect(result).not.toHaveProperty('unsubscribe_link');
	});
});
