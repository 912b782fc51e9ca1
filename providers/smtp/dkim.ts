import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

/** What signs outgoing mail: the domain that vouches for it, the DNS selector and its RSA key. */
export interface DkimConfig {
	domainName: string;
	keySelector: string;
	/** PEM, PKCS#1 (`BEGIN RSA PRIVATE KEY`) or PKCS#8 (`BEGIN PRIVATE KEY`). */
	privateKey: string;
}

/** A DKIM setting that cannot sign, with the credential field it belongs to. */
export class DkimConfigError extends Error {
	constructor(
		readonly field: 'DKIM Domain' | 'DKIM Selector' | 'DKIM Private Key',
		message: string,
	) {
		super(`${field}: ${message}`);
		this.name = 'DkimConfigError';
	}
}

const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const SELECTOR =
	/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;
/** RFC 8301: verifiers must refuse RSA keys under 1024 bits. */
const MIN_BITS = 1024;

/** Keys pasted into a one-line field lose their line breaks; PEM needs them back. */
function pem(text: string): string {
	const trimmed = text.trim().replace(/\\n/g, '\n');
	const match = /^(-----BEGIN [A-Z ]+-----)\s*([\s\S]*?)\s*(-----END [A-Z ]+-----)$/.exec(trimmed);
	if (!match) return trimmed;
	const body = match[2].replace(/\s+/g, '');
	return `${match[1]}\n${body.replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n${match[3]}\n`;
}

function rsaKey(text: string): KeyObject {
	let key: KeyObject;
	try {
		key = createPrivateKey(pem(text));
	} catch {
		throw new DkimConfigError(
			'DKIM Private Key',
			'is not a private key in PEM form (it starts with -----BEGIN PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----)',
		);
	}
	// nodemailer signs with rsa-sha256 only; another key would send the mail unsigned without a word.
	if (key.asymmetricKeyType !== 'rsa')
		throw new DkimConfigError(
			'DKIM Private Key',
			`is an ${key.asymmetricKeyType ?? 'unknown'} key; DKIM signing here needs an RSA key`,
		);
	const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
	if (bits < MIN_BITS)
		throw new DkimConfigError(
			'DKIM Private Key',
			`has ${bits} bits; receivers ignore RSA keys under ${MIN_BITS} bits (use 2048)`,
		);
	return key;
}

/**
 * The signing settings nodemailer takes, checked first: a key nodemailer cannot use makes it send
 * the message unsigned rather than fail, so a mistake here must stop the send instead.
 * Undefined when no DKIM field is filled in.
 */
export function dkimSigning(
	fields: Partial<DkimConfig>,
): { domainName: string; keySelector: string; privateKey: string } | undefined {
	const domainName = (fields.domainName ?? '').trim().toLowerCase();
	const keySelector = (fields.keySelector ?? '').trim().toLowerCase();
	const privateKey = (fields.privateKey ?? '').trim();
	if (!domainName && !keySelector && !privateKey) return undefined;
	if (!DOMAIN.test(domainName))
		throw new DkimConfigError(
			'DKIM Domain',
			domainName ? `"${domainName}" is not a domain name` : 'is empty',
		);
	if (!SELECTOR.test(keySelector))
		throw new DkimConfigError(
			'DKIM Selector',
			keySelector ? `"${keySelector}" is not a DNS label such as s1` : 'is empty',
		);
	if (!privateKey) throw new DkimConfigError('DKIM Private Key', 'is empty');
	const key = rsaKey(privateKey);
	return {
		domainName,
		keySelector,
		privateKey: key.export({ format: 'pem', type: 'pkcs8' }).toString(),
	};
}

/** The TXT record receivers look up: its name and value, to publish in the domain's DNS. */
export function dkimDnsRecord(config: DkimConfig): { name: string; value: string } {
	const signing = dkimSigning(config)!;
	const publicKey = createPublicKey(signing.privateKey)
		.export({ format: 'der', type: 'spki' })
		.toString('base64');
	return {
		name: `${signing.keySelector}._domainkey.${signing.domainName}`,
		value: `v=DKIM1; k=rsa; p=${publicKey}`,
	};
}
