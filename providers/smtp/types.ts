/** The small interface every part above the providers layer sees; only this folder knows nodemailer. */
export interface MailAddress {
	address: string;
	name?: string;
}

export interface EmailAttachment {
	filename: string;
	content: Buffer;
	contentType?: string;
}

export interface OutgoingEmail {
	from: MailAddress;
	to: MailAddress[];
	cc?: MailAddress[];
	bcc?: MailAddress[];
	replyTo?: MailAddress;
	subject: string;
	html: string;
	text: string;
	attachments?: EmailAttachment[];
	headers?: Record<string, string>;
}

export interface RecipientRefusal {
	address: string;
	reason: string;
}

export interface SentEmail {
	messageId: string;
	accepted: string[];
	rejected: RecipientRefusal[];
	response: string;
}

export interface EmailTransport {
	send(email: OutgoingEmail): Promise<SentEmail>;
	/** Connects, greets and logs in without sending anything: the credential test. */
	verify(): Promise<void>;
	close(): void;
}

export type EmailFailureKind =
	'connection' | 'auth' | 'sender' | 'recipients' | 'message' | 'other';

export class EmailSendError extends Error {
	constructor(
		readonly kind: EmailFailureKind,
		message: string,
		readonly refusals: RecipientRefusal[] = [],
		readonly responseCode?: number,
	) {
		super(message);
		this.name = 'EmailSendError';
	}
}

export interface SmtpConfig {
	host: string;
	port: number;
	/** SSL/TLS from the first byte (port 465). */
	secure: boolean;
	/** STARTTLS on a plain connection: when offered, always required, or never. */
	starttls: 'when-offered' | 'required' | 'never';
	user?: string;
	password?: string;
	ehloName?: string;
	poolSize: number;
	/** Messages per second the server allows; 0 means no limit. */
	rateLimitPerSecond: number;
	allowUnauthorizedCerts?: boolean;
	timeoutMs?: number;
	/** Signs every message; see dkim.ts. */
	dkim?: { domainName: string; keySelector: string; privateKey: string };
}
