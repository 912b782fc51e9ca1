import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';
import { createSmtpTransport, type SmtpConfig } from '../../../providers/smtp';

export function smtpConfig(credential: ICredentialDataDecryptedObject): SmtpConfig {
	// Credentials saved before STARTTLS had a choice, and new ones, require TLS: a server's offer can be stripped in transit.
	const starttls = String(credential.starttls ?? 'required');
	return {
		host: String(credential.host ?? ''),
		port: Number(credential.port || 587),
		secure: credential.secure === true,
		starttls: starttls === 'when-offered' || starttls === 'never' ? starttls : 'required',
		user: credential.user ? String(credential.user) : undefined,
		password: credential.password ? String(credential.password) : undefined,
		ehloName: credential.ehloName ? String(credential.ehloName) : undefined,
		poolSize: Number(credential.poolSize || 5),
		rateLimitPerSecond: Number(credential.rateLimit || 0),
		allowUnauthorizedCerts: credential.ignoreSslIssues === true,
		dkim:
			credential.dkimDomain || credential.dkimSelector || credential.dkimPrivateKey
				? {
						domainName: String(credential.dkimDomain ?? ''),
						keySelector: String(credential.dkimSelector ?? ''),
						privateKey: String(credential.dkimPrivateKey ?? ''),
					}
				: undefined,
	};
}

/** The Aesthetix SMTP credential test: connect, greet and log in, then hang up. */
export async function testSmtpCredential(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const config = smtpConfig(credential.data ?? {});
	if (!config.host) return { status: 'Error', message: 'Host is empty' };
	let transport;
	try {
		transport = createSmtpTransport({ ...config, timeoutMs: 10_000 });
	} catch (error) {
		return { status: 'Error', message: (error as Error).message };
	}
	try {
		await transport.verify();
		return { status: 'OK', message: `Connected to ${config.host}:${config.port}` };
	} catch (error) {
		return { status: 'Error', message: (error as Error).message };
	} finally {
		transport.close();
	}
}
