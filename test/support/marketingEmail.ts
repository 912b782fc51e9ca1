/**
 * Marketing email as the Email Delivery Statistics suites, end to end and in process, send and read
 * it: the booking workflow's email node as other actions (at a node version, through an SMTP
 * credential that signs with DKIM), the DNS a receiver asks for the DKIM key, and the headers and
 * unsubscribe address of a message as it arrived.
 */
import { generateKeyPairSync } from 'node:crypto';

const { exampleWorkflow, variant } = require('./stack');
const { dkimDnsRecord } = require('../../dist/providers/smtp/dkim');

export type Mail = {
	to: string[];
	cc: string[];
	html: string;
	text: string;
	messageId: string;
	headers: Map<string, unknown>;
	raw: Buffer;
};

export const booking = exampleWorkflow('booking-confirmation.json');
export const OFFER = 'HydraFacial Offer Email';

/** Marketing mail goes out through an SMTP credential that signs with DKIM. */
const DKIM = {
	dkimDomain: 'glowmedspa.test',
	dkimSelector: 's2026',
	dkimPrivateKey: generateKeyPairSync('rsa', { modulusLength: 2048 })
		.privateKey.export({ format: 'pem', type: 'pkcs8' })
		.toString(),
};
const published = dkimDnsRecord({
	domainName: DKIM.dkimDomain,
	keySelector: DKIM.dkimSelector,
	privateKey: DKIM.dkimPrivateKey,
});

/** The SMTP credential signing with DKIM, to the SMTP server on this port. */
export const dkimSmtpCredential = (port: number) => ({
	id: 'aeSmtpDkim000001',
	name: 'SMTP signing with DKIM',
	type: 'aesthetixSmtpApi',
	data: { host: '127.0.0.1', port, secure: false, starttls: 'never', ...DKIM },
});

/** The DNS a receiver asks: the TXT record the README tells the owner to publish, and nothing else. */
export const dkimRecord = async (name: string, type: string) => {
	if (type === 'TXT' && name === published.name) return [[published.value]];
	throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
};

/** The booking workflow's email node as another action, at a node version, with its own fields. */
export function emailAction(
	id: string,
	path: string,
	name: string,
	typeVersion: number,
	parameters: Record<string, unknown>,
	smtp = { id: 'aeSmtpDkim000001', name: 'SMTP signing with DKIM' },
) {
	const workflow = variant(booking, { id, path });
	const node = workflow.nodes[1];
	Object.assign(node, { name, typeVersion });
	// The example says it is transactional; these actions choose for themselves, or take the default.
	const { emailType: _example, ...fields } = node.parameters;
	node.parameters = { ...fields, ...parameters };
	node.credentials = { ...node.credentials, aesthetixSmtpApi: smtp };
	workflow.connections = {
		'Appointment Booked': { main: [[{ node: name, type: 'main', index: 0 }]] },
	};
	return workflow;
}

/** Version 1.1 sends marketing email unless told otherwise. */
export const marketingOffer = emailAction('aeMarketingMail01', 'marketing-email', OFFER, 1.1, {
	subject: '20% off your first HydraFacial',
	message: '<p>Hi {{contact.first_name}}, 20% off your first HydraFacial this month.</p>',
});
export const transactionalEmail = emailAction(
	'aeTransactional1',
	'transactional-email',
	'Booking Confirmed',
	1.1,
	{ emailType: 'transactional' },
);

/** A header as it arrived, unfolded. */
export function rawHeader(mail: Mail, name: string): string | undefined {
	const head = mail.raw
		.toString('latin1')
		.split(/\r?\n\r?\n/)[0]
		.replace(/\r?\n[ \t]+/g, ' ');
	const line = head
		.split(/\r?\n/)
		.find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
	return line?.slice(name.length + 1).trim();
}

/** The address in the email's List-Unsubscribe header. */
export const unsubscribeLink = (mail: Mail) =>
	/^<(https?:\/\/[^>]+)>$/.exec(rawHeader(mail, 'List-Unsubscribe') ?? '')![1];

/** The booking body for a contact with this email address. */
export const contact = (email: string, first_name = 'Jane') => ({
	contact: { first_name, email },
	appointment: { start_time: '2026-12-01T15:00:00Z' },
});
