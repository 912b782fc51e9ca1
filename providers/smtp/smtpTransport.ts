import nodemailer from 'nodemailer';
import type {
	EmailTransport,
	MailAddress,
	OutgoingEmail,
	RecipientRefusal,
	SentEmail,
	SmtpConfig,
} from './types';
import { EmailSendError } from './types';
import { dkimSigning } from './dkim';

const formatAddress = (a: MailAddress) =>
	a.name ? { name: a.name, address: a.address } : a.address;

interface NodemailerError extends Error {
	code?: string;
	command?: string;
	responseCode?: number;
	response?: string;
	rejected?: string[];
	rejectedErrors?: Array<{ recipient?: string; response?: string; message?: string }>;
}

function refusals(
	errors: NodemailerError['rejectedErrors'],
	rejected: string[] = [],
): RecipientRefusal[] {
	const list: RecipientRefusal[] = (errors ?? []).map((e) => ({
		address: e.recipient ?? '',
		reason: e.response ?? e.message ?? 'refused by the server',
	}));
	for (const address of rejected) {
		if (!list.some((r) => r.address === address))
			list.push({ address, reason: 'refused by the server' });
	}
	return list;
}

/**
 * Why a connection failed, in words. The raw system codes stay out of the message: n8n replaces a
 * message containing them with a generic one that would hide which server was meant.
 */
function connectionReason(error: NodemailerError): string {
	const text = `${error.message ?? ''} ${error.response ?? ''}`;
	if (/ECONNREFUSED/.test(text))
		return 'the connection was refused (is the server running on that port?)';
	if (/ETIMEDOUT|timeout/i.test(text)) return 'it did not answer in time';
	if (/ENOTFOUND|EAI_AGAIN/.test(text)) return 'the host name could not be found';
	if (/ECONNRESET|closed|ended/i.test(text)) return 'the server closed the connection';
	if (error.code === 'ETLS' || /TLS|SSL|certificate/i.test(text))
		return `the TLS handshake failed (${error.message})`;
	if (error.response) return `the server answered "${error.response}"`;
	return 'the connection failed';
}

/** Turns nodemailer's error codes into the failure a workflow builder can act on. */
export function explainSmtpError(
	error: NodemailerError,
	config: Pick<SmtpConfig, 'host' | 'port' | 'user'>,
): EmailSendError {
	const server = `${config.host}:${config.port}`;
	const reply = error.response ? `: ${error.response}` : error.message ? `: ${error.message}` : '';
	switch (error.code) {
		case 'ECONNECTION':
		case 'ESOCKET':
		case 'ETIMEDOUT':
		case 'EDNS':
		case 'ETLS':
		case 'ECONNREFUSED':
		case 'EPROTOCOL':
			return new EmailSendError(
				'connection',
				`Could not reach the SMTP server at ${server}: ${connectionReason(error)}`,
			);
		case 'EAUTH':
		case 'ENOAUTH':
			return new EmailSendError(
				'auth',
				`The SMTP server at ${server} refused the login${config.user ? ` for "${config.user}"` : ''}${reply}`,
				[],
				error.responseCode,
			);
		case 'EENVELOPE':
			if (error.command === 'MAIL FROM') {
				return new EmailSendError(
					'sender',
					`The SMTP server refused the sender address${reply}`,
					[],
					error.responseCode,
				);
			}
			return new EmailSendError(
				'recipients',
				`The SMTP server refused every recipient${reply}`,
				refusals(error.rejectedErrors, error.rejected),
				error.responseCode,
			);
		case 'EMESSAGE':
			return new EmailSendError(
				'message',
				`The SMTP server refused the message${reply}`,
				[],
				error.responseCode,
			);
		default:
			return new EmailSendError(
				'other',
				`Sending through ${server} failed${reply}`,
				[],
				error.responseCode,
			);
	}
}

/**
 * Headers whose value is plain printable ASCII go out exactly as given: providers read some of them
 * as JSON (X-Mailgun-Variables, X-SMTPAPI), which nodemailer would otherwise MIME-encode. Anything
 * else is left to nodemailer's encoding.
 */
function preparedHeaders(
	headers: Record<string, string>,
): Record<string, string | { prepared: true; value: string }> {
	return Object.fromEntries(
		Object.entries(headers).map(([name, value]) => [
			name,
			/^[\x20-\x7e]{1,900}$/.test(value) ? { prepared: true as const, value } : value,
		]),
	);
}

/**
 * One pooled SMTP transport for a whole node run: items share its connections and its rate limit,
 * and the run closes it at the end.
 */
export function createSmtpTransport(config: SmtpConfig): EmailTransport {
	const timeout = config.timeoutMs ?? 30_000;
	// Checked here, where it can still stop the run: nodemailer sends unsigned when the key fails it.
	const dkim = config.dkim && dkimSigning(config.dkim);
	const transporter = nodemailer.createTransport({
		pool: true,
		host: config.host,
		port: config.port,
		secure: config.secure,
		requireTLS: !config.secure && config.starttls === 'required',
		ignoreTLS: !config.secure && config.starttls === 'never',
		name: config.ehloName || undefined,
		auth: config.user ? { user: config.user, pass: config.password ?? '' } : undefined,
		maxConnections: Math.max(1, config.poolSize),
		maxMessages: 100,
		...(config.rateLimitPerSecond > 0
			? { rateLimit: config.rateLimitPerSecond, rateDelta: 1000 }
			: {}),
		connectionTimeout: timeout,
		greetingTimeout: timeout,
		socketTimeout: timeout * 2,
		tls: config.allowUnauthorizedCerts ? { rejectUnauthorized: false } : undefined,
		// Attachments are buffers the node already holds; the transport must never read files or URLs itself.
		disableFileAccess: true,
		disableUrlAccess: true,
		...(dkim ? { dkim } : {}),
	} as Parameters<typeof nodemailer.createTransport>[0]);

	return {
		async send(email: OutgoingEmail): Promise<SentEmail> {
			try {
				const info = (await transporter.sendMail({
					from: formatAddress(email.from),
					to: email.to.map(formatAddress),
					cc: email.cc?.map(formatAddress),
					bcc: email.bcc?.map(formatAddress),
					replyTo: email.replyTo ? formatAddress(email.replyTo) : undefined,
					subject: email.subject,
					html: email.html,
					text: email.text,
					headers: email.headers && preparedHeaders(email.headers),
					attachments: email.attachments?.map((a) => ({
						filename: a.filename,
						content: a.content,
						contentType: a.contentType,
					})),
				})) as unknown as {
					messageId: string;
					accepted: Array<string | { address: string }>;
					rejected: Array<string | { address: string }>;
					rejectedErrors?: NodemailerError['rejectedErrors'];
					response: string;
				};
				const plain = (list: Array<string | { address: string }>) =>
					list.map((a) => (typeof a === 'string' ? a : a.address));
				return {
					messageId: info.messageId,
					accepted: plain(info.accepted ?? []),
					rejected: refusals(info.rejectedErrors, plain(info.rejected ?? [])),
					response: info.response,
				};
			} catch (error) {
				throw explainSmtpError(error as NodemailerError, config);
			}
		},
		async verify(): Promise<void> {
			try {
				await transporter.verify();
			} catch (error) {
				throw explainSmtpError(error as NodemailerError, config);
			}
		},
		close(): void {
			transporter.close();
		},
	};
}
