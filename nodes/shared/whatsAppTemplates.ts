import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { listApprovedWhatsAppTemplates } from '../../providers/twilio';
import { TWILIO_CREDENTIAL, twilioConfig } from './twilio';

/** The Template picker of WhatsApp: the Twilio account's approved templates, filtered by name. */
export async function searchWhatsAppTemplates(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const templates = await listApprovedWhatsAppTemplates(twilioConfig(await this.getCredentials(TWILIO_CREDENTIAL)));
	const wanted = (filter ?? '').trim().toLowerCase();
	return {
		results: templates
			.filter((t) => !wanted || t.friendlyName.toLowerCase().includes(wanted) || t.sid.toLowerCase() === wanted)
			.map((t) => ({ name: `${t.friendlyName} (${t.language})`, value: t.sid })),
	};
}

/** A WhatsApp Template value: a picked or typed Content SID, or the plain SID workflows saved before the picker. */
export function contentSidOf(value: unknown): string {
	if (value && typeof value === 'object' && 'value' in value) return String((value as { value: unknown }).value ?? '').trim();
	return String(value ?? '').trim();
}
