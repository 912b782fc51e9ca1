import { twilioClient } from './client';
import type { TwilioConfig } from './types';

/** A WhatsApp message template of the account, as the Content API reports it. */
export interface WhatsAppTemplate {
	sid: string;
	friendlyName: string;
	language: string;
	/** The template's placeholders and their sample values, as in {"1": "Jane"}. */
	variables: Record<string, string>;
}

interface ApprovalRequests {
	status?: string;
	name?: string;
	category?: string;
}

// Enough for any account's template library, without paging through an unbounded list on each keystroke.
const MAX_TEMPLATES = 1000;

/**
 * The account's templates that WhatsApp approved, from GET /v1/ContentAndApprovals: only those can
 * start a WhatsApp conversation, so only those are offered.
 */
export async function listApprovedWhatsAppTemplates(
	config: TwilioConfig,
): Promise<WhatsAppTemplate[]> {
	const contents = await twilioClient(config).content.v1.contentAndApprovals.list({
		pageSize: 100,
		limit: MAX_TEMPLATES,
	});
	return contents
		.filter((c) => (c.approvalRequests as ApprovalRequests | null)?.status === 'approved')
		.map((c) => ({
			sid: c.sid,
			friendlyName: c.friendlyName,
			language: c.language,
			variables: (c.variables ?? {}) as unknown as Record<string, string>,
		}));
}

/** One template of the account as GET /v1/Content/{Sid} describes it, its content types included. */
export interface ContentTemplate {
	sid: string;
	friendlyName: string;
	language: string;
	variables: Record<string, string>;
	/** The content of each type the template has, as in {"twilio/text": {"body": "Hi {{1}}"}}. */
	types: Record<string, unknown>;
}

/** A template picked by SID, whether or not it came from the approved list (a typed SID too). */
export async function fetchContentTemplate(
	config: TwilioConfig,
	sid: string,
): Promise<ContentTemplate> {
	const content = await twilioClient(config).content.v1.contents(sid).fetch();
	return {
		sid: content.sid,
		friendlyName: content.friendlyName,
		language: content.language,
		variables: (content.variables ?? {}) as unknown as Record<string, string>,
		types: (content.types ?? {}) as unknown as Record<string, unknown>,
	};
}
