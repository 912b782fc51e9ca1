/**
 * DKIM through the real path: the SMTP credential's domain, selector and key, nodemailer signing
 * the message on its way to a loopback SMTP server, and mailauth (a maintained verifier) checking
 * what arrived, with a resolver that serves the TXT record a domain owner would publish.
 */
import { generateKeyPairSync } from 'node:crypto';
import { createSmtpTransport, type EmailTransport, type SmtpConfig } from '../../providers/smtp';
import { DkimConfigError, dkimDnsRecord, dkimSigning } from '../../providers/smtp/dkim';
import { testSmtpCredential } from '../../nodes/shared/transport/smtp';

const { SmtpDouble } = require('../support/smtpDouble');
const { dkimVerify } = require('mailauth/lib/dkim/verify');

jest.setTimeout(30_000);

type Received = { raw: Buffer; headers: Map<string, unknown> };

const rsa = (bits: number) =>
	generateKeyPairSync('rsa', { modulusLength: bits }).privateKey.export({
		format: 'pem',
		type: 'pkcs1',
	}) as string;
const KEY = rsa(2048);
const dkim = { domainName: 'glowmedspa.test', keySelector: 's2026', privateKey: KEY };
const UNSUBSCRIBE = 'https://n8n.glowmedspa.test/webhook/aesthetix/email/unsubscribe?t=1.2.abc';

let smtp: InstanceType<typeof SmtpDouble>;
let transport: EmailTransport;

/** The SMTP credential of a clinic that signs its own mail, pointed at the loopback server. */
const loopback = (signing: typeof dkim): SmtpConfig => ({
	host: '127.0.0.1',
	port: smtp.port,
	secure: false,
	starttls: 'never',
	poolSize: 1,
	rateLimitPerSecond: 0,
	timeoutMs: 3000,
	dkim: signing,
});

/** A resolver that knows one record: the one the README tells the owner to publish. */
function publishedRecord(record = dkimDnsRecord(dkim)) {
	return async (name: string, type: string) => {
		if (type === 'TXT' && name === record.name) return [[record.value]];
		const error = new Error(`queryTxt ENOTFOUND ${name}`) as Error & { code: string };
		error.code = 'ENOTFOUND';
		throw error;
	};
}

async function sendSigned(): Promise<Received> {
	const before = smtp.messages.length;
	await transport.send({
		from: { name: 'Glow Med Spa', address: 'hello@glowmedspa.test' },
		to: [{ address: 'jane@example.com' }],
		subject: '20% off your first HydraFacial',
		html: `<p>Hi Jane, book this month for 20% off.</p><p><a href="${UNSUBSCRIBE}">Unsubscribe</a></p>`,
		text: `Hi Jane, book this month for 20% off.\n\nUnsubscribe (${UNSUBSCRIBE})`,
		headers: {
			'List-Unsubscribe': `<${UNSUBSCRIBE}>`,
			'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
		},
	});
	const messages = await smtp.waitForMessages(before + 1);
	return messages[before];
}

beforeAll(async () => {
	smtp = await new SmtpDouble().start();
	transport = createSmtpTransport(loopback(dkim));
});

afterAll(async () => {
	transport?.close();
	await smtp?.stop();
});

describe('a DKIM-signed marketing email', () => {
	it('verifies against the published record, with both List-Unsubscribe headers signed', async () => {
		const mail = await sendSigned();
		const { results } = await dkimVerify(mail.raw, { resolver: publishedRecord(), strict: true });
		expect(results).toHaveLength(1);
		expect(results[0].status.result).toBe('pass');
		expect(results[0].signingDomain).toBe('glowmedspa.test');
		expect(results[0].selector).toBe('s2026');
		expect(results[0].signingHeaders.keys.toLowerCase().split(': ')).toEqual(
			expect.arrayContaining(['from', 'subject', 'list-unsubscribe', 'list-unsubscribe-post']),
		);
	});

	it('fails once the body is changed on the way', async () => {
		const mail = await sendSigned();
		const tampered = Buffer.from(
			mail.raw.toString('latin1').replace('20% off.', '50% off.'),
			'latin1',
		);
		expect(tampered.equals(mail.raw)).toBe(false);
		const { results } = await dkimVerify(tampered, { resolver: publishedRecord(), strict: true });
		expect(results[0].status.result).toBe('fail');
		expect(results[0].status.comment).toMatch(/body hash did not verify/);
	});

	it('fails when a signed header such as List-Unsubscribe is changed', async () => {
		const mail = await sendSigned();
		const tampered = Buffer.from(
			mail.raw.toString('latin1').replace('unsubscribe?t=1.2.abc', 'unsubscribe?t=9.9.xyz'),
			'latin1',
		);
		const { results } = await dkimVerify(tampered, { resolver: publishedRecord(), strict: true });
		expect(results[0].status.result).toBe('fail');
	});

	it('does not verify against another key published under the same name', async () => {
		const mail = await sendSigned();
		const other = dkimDnsRecord({ ...dkim, privateKey: rsa(2048) });
		const { results } = await dkimVerify(mail.raw, {
			resolver: publishedRecord(other),
			strict: true,
		});
		expect(results[0].status.result).toBe('fail');
	});
});

describe('the DKIM fields of the SMTP credential', () => {
	it('are all optional together: no field, no signature', () => {
		expect(dkimSigning({})).toBeUndefined();
		expect(dkimSigning({ domainName: ' ', keySelector: '', privateKey: '' })).toBeUndefined();
	});

	it('take a key pasted on one line, with its line breaks lost', () => {
		for (const pasted of [KEY.replace(/\n/g, ' '), KEY.replace(/\n/g, '')])
			expect(dkimSigning({ ...dkim, privateKey: pasted })?.privateKey).toMatch(
				/^-----BEGIN PRIVATE KEY-----\n/,
			);
	});

	it.each([
		['an empty domain', { domainName: '' }, 'DKIM Domain: is empty'],
		[
			'a domain with spaces',
			{ domainName: 'glow med spa' },
			'DKIM Domain: "glow med spa" is not a domain name',
		],
		[
			'a selector with _',
			{ keySelector: 's_1' },
			'DKIM Selector: "s_1" is not a DNS label such as s1',
		],
		[
			'text that is no key',
			{ privateKey: 'not a key' },
			'DKIM Private Key: is not a private key in PEM form',
		],
		['a 512-bit RSA key', { privateKey: rsa(512) }, 'DKIM Private Key: has 512 bits'],
		[
			'an Ed25519 key',
			{
				privateKey: generateKeyPairSync('ed25519').privateKey.export({
					format: 'pem',
					type: 'pkcs8',
				}) as string,
			},
			'DKIM Private Key: is an ed25519 key; DKIM signing here needs an RSA key',
		],
	])('refuse %s, naming the field', (_label, change, message) => {
		let error: unknown;
		try {
			dkimSigning({ ...dkim, ...change });
		} catch (e) {
			error = e;
		}
		expect(error).toBeInstanceOf(DkimConfigError);
		expect((error as Error).message).toContain(message);
	});

	it('stop the transport before a send, rather than let nodemailer send unsigned', () => {
		expect(() => createSmtpTransport(loopback({ ...dkim, privateKey: rsa(512) }))).toThrow(
			'DKIM Private Key: has 512 bits',
		);
	});

	it("make the credential's test name a key that cannot sign, before it connects", async () => {
		const connections = smtp.connections;
		const result = await testSmtpCredential.call({} as never, {
			id: 'c',
			name: 'SMTP',
			type: 'aesthetixSmtpApi',
			data: {
				host: '127.0.0.1',
				port: smtp.port,
				starttls: 'never',
				dkimDomain: 'glowmedspa.test',
				dkimSelector: 's2026',
				dkimPrivateKey: 'not a key',
			},
		});
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^DKIM Private Key: is not a private key in PEM form/);
		expect(smtp.connections).toBe(connections);
	});

	it('give the DNS record to publish', () => {
		const record = dkimDnsRecord(dkim);
		expect(record.name).toBe('s2026._domainkey.glowmedspa.test');
		expect(record.value).toMatch(/^v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA/);
	});
});
