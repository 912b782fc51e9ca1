import {
	completeChat,
	ChatModelError,
	type ChatMessage,
	type ChatModelConfig,
} from '../../providers/ai';
import type { CompanyInfo } from '../merge';
import { renderPreview } from './preview';

/** The spec's tones, and a few more. */
export const TONES = [
	'Neutral',
	'Friendly',
	'Professional',
	'Casual',
	'Enthusiastic',
	'Empathetic',
	'Luxurious',
	'Urgent',
] as const;
export type Tone = (typeof TONES)[number];

export type DraftKind = 'email' | 'sms';

export interface DraftRequest {
	kind: DraftKind;
	prompt: string;
	tone: string;
	/** The draft to refine and what to change about it: Re-generate with a follow-up prompt. */
	previous?: { subject: string; body: string };
	followUp?: string;
}

export interface Draft {
	subject: string;
	body: string;
	/** Custom values the draft uses. */
	customValues: string[];
}

/** A draft that could not be used; the message says what to do. */
export class DraftError extends Error {}

const FORMAT: Record<DraftKind, string> = {
	email:
		'Answer with a JSON object {"subject": string, "body": string}. The subject is short and specific (under 60 characters). The body is simple HTML (<p>, <strong>, <em>, <ul>, <li>, <br>, <a href>) without <html>, <head>, <style> or <script>.',
	sms: 'Answer with a JSON object {"body": string}: one plain-text text message under 320 characters, no HTML, no subject.',
};

/** What the model is told: who writes, how to answer, and to keep custom values as they are. */
export function draftMessages(request: DraftRequest): ChatMessage[] {
	const tone = (TONES as readonly string[]).includes(request.tone) ? request.tone : 'Neutral';
	const system = [
		'You write marketing and service messages for an aesthetics practice (a med spa).',
		FORMAT[request.kind],
		'Personalization uses custom values written in double curly braces, such as {{contact.first_name}}, {{appointment.start_time}} and {{company.name}}. Keep every custom value exactly as written, braces included; never fill them in, translate or reformat them. Use only these custom values: {{contact.first_name}}, {{contact.last_name}}, {{appointment.start_time}}, {{appointment.only_start_date}}, {{company.name}}, {{company.phone}}.',
		'Do not invent prices, dates, phone numbers or links that the request does not give.',
	].join('\n');
	const messages: ChatMessage[] = [
		{ role: 'system', content: system },
		{ role: 'user', content: `${request.prompt.trim()}\nTone: ${tone}` },
	];
	if (request.previous && request.followUp?.trim()) {
		messages.push({
			role: 'assistant',
			content: JSON.stringify({ subject: request.previous.subject, body: request.previous.body }),
		});
		messages.push({
			role: 'user',
			content: `Rewrite it: ${request.followUp.trim()}\nTone: ${tone}`,
		});
	}
	return messages;
}

const TAG = /\{\{\s*([^{}]+?)\s*\}\}/g;

/** Reads the model's JSON answer (a fenced block is tolerated: some local models add one). */
function parseDraft(kind: DraftKind, content: string): { subject: string; body: string } {
	const unfenced = content
		.trim()
		.replace(/^```(?:json)?\s*/i, '')
		.replace(/\s*```$/, '');
	let parsed: { subject?: unknown; body?: unknown };
	try {
		parsed = JSON.parse(unfenced) as typeof parsed;
	} catch {
		throw new DraftError(
			'The model did not answer with a draft this page can read (expected JSON with a subject and a body). Re-generate, or try another model.',
		);
	}
	const body = typeof parsed.body === 'string' ? parsed.body.trim() : '';
	if (!body)
		throw new DraftError(
			'The model answered without a message body. Re-generate, or try another model.',
		);
	return {
		subject: kind === 'sms' || typeof parsed.subject !== 'string' ? '' : parsed.subject.trim(),
		body,
	};
}

/**
 * Generate and Re-generate: asks the configured model for a draft, and checks that the draft keeps
 * the brief's custom values and renders as a template before it is offered.
 */
export async function writeWithAi(
	model: ChatModelConfig,
	request: DraftRequest,
	company: CompanyInfo,
): Promise<Draft> {
	if (!request.prompt.trim())
		throw new DraftError(
			'Describe the message you want first, for example "Write a promotional email offering 20% off a first HydraFacial".',
		);
	let content: string;
	try {
		content = await completeChat(model, draftMessages(request), { json: true });
	} catch (error) {
		if (error instanceof ChatModelError)
			throw new DraftError(`${error.message}. Nothing was changed; try Generate again.`);
		throw error;
	}
	const draft = parseDraft(request.kind, content);
	const asked = [...`${request.prompt} ${request.followUp ?? ''}`.matchAll(TAG)].map((m) => m[1]);
	const used = [...`${draft.subject} ${draft.body}`.matchAll(TAG)].map((m) => m[1]);
	const dropped = asked.filter((tag) => !used.includes(tag));
	if (dropped.length) {
		throw new DraftError(
			`The draft left out the custom value${dropped.length > 1 ? 's' : ''} ${dropped.map((t) => `{{${t}}}`).join(', ')} that the request asked for. Re-generate.`,
		);
	}
	const rendered = renderPreview(request.kind, draft.subject, draft.body, company);
	if (rendered.problem)
		throw new DraftError(
			`The draft does not render as a template: ${rendered.problem}. Re-generate.`,
		);
	return { ...draft, customValues: [...new Set(used)].map((t) => `{{${t}}}`) };
}
