import type { ChatModelConfig } from '../../providers/ai';
import { EmailSendError, type EmailTransport } from '../../providers/smtp';
import { TextSendError, type TextTransport } from '../../providers/twilio';
import { parseMailbox } from '../contacts/addresses';
import type { CompanyInfo } from '../merge';
import { toE164 } from '../contacts/phone';
import type { WorkspaceStore } from '../store';
import type { TemplateKind } from '../store/types';
import { whatFills } from '../templates/customValues';
import { renderPreview } from '../templates/preview';
import { DraftError, writeWithAi } from '../templates/writeWithAi';
import { DraftLimit } from './draftLimit';
import type { PageContext } from './layout';
import { templateEditPage, type TemplateFormState } from './templateEditPage';
import { templatesListPage } from './templatesListPage';

export interface TemplatesDeps {
	store: WorkspaceStore;
	base: string;
	company: CompanyInfo;
	/** Opens the SMTP connection Send Test Mail uses, when the endpoint has an SMTP credential. */
	mail?: () => EmailTransport;
	texts?: TextTransport;
	/** The model Write with AI uses, when the endpoint has one. */
	ai?: ChatModelConfig;
}

export interface TemplatesRequest {
	method: string;
	route: string;
	query: Record<string, unknown>;
	body: Record<string, unknown>;
}

export interface TemplatesResponse {
	status: number;
	html?: string;
	redirect?: string;
	headers?: Record<string, string>;
}

export const AI_SETUP_HINT =
	'Write with AI needs a model: in n8n, add an "Aesthetix AI Model API" credential (base URL, model, API key of any OpenAI-compatible chat completions API) to the Workspace Endpoint node, then publish its workflow again.';

const text = (v: unknown) => (typeof v === 'string' ? v : '');
const kindOf = (v: unknown): TemplateKind => (v === 'sms' ? 'sms' : 'email');

const needsOf = (field: string) =>
	whatFills(field, 'the trigger to send it (the sample has no such value)');

/** The edit form as posted, or as stored, with its preview. */
function formState(
	deps: TemplatesDeps,
	fields: Omit<TemplateFormState, 'preview' | 'blankNeeds' | 'ai'>,
	ai: Partial<TemplateFormState['ai']> = {},
): TemplateFormState {
	const preview = renderPreview(fields.kind, fields.subject, fields.body, deps.company);
	return {
		...fields,
		preview,
		blankNeeds: preview.blankFields.map((field) => ({ field, needs: needsOf(field) })),
		ai: {
			prompt: '',
			tone: 'Neutral',
			followUp: '',
			...ai,
			setupHint: deps.ai ? undefined : AI_SETUP_HINT,
		},
	};
}

async function sendTest(deps: TemplatesDeps, state: TemplateFormState): Promise<string> {
	if (state.preview.problem) throw new TestError(state.preview.problem);
	if (state.kind === 'email') {
		const to = parseMailbox(state.testTo);
		if (!to.mailbox)
			throw new TestError(
				state.testTo.trim()
					? `Test email address "${state.testTo}" ${to.problem}`
					: 'Enter a test email address.',
			);
		const from = parseMailbox(state.testFrom);
		if (!from.mailbox)
			throw new TestError(
				state.testFrom.trim()
					? `From Email "${state.testFrom}" ${from.problem}`
					: 'Enter the From Email to send the test from.',
			);
		if (!deps.mail)
			throw new TestError(
				'Send Test Mail needs an SMTP credential on the Workspace Endpoint node.',
			);
		const transport = deps.mail();
		try {
			await transport.send({
				from: { address: from.mailbox.address, name: deps.company.name || undefined },
				to: [to.mailbox],
				subject: `[Test] ${state.preview.subject}`,
				html: state.preview.body,
				text: state.preview.text,
			});
		} finally {
			transport.close();
		}
		return `Test mail sent to ${to.mailbox.address}.`;
	}
	const phone = toE164(state.testTo);
	if (!phone.number) throw new TestError(`Test phone number "${state.testTo}" ${phone.problem}`);
	if (!deps.texts)
		throw new TestError('Send Test SMS needs a Twilio credential on the Workspace Endpoint node.');
	await deps.texts.send({ to: phone.number, body: state.preview.body, channel: 'sms' });
	return `Test SMS sent to ${phone.number}.`;
}

class TestError extends Error {}

/** The Templates page (list) and a template's page (create, edit, preview, test, Write with AI, delete). */
export async function handleTemplates(
	req: TemplatesRequest,
	ctx: PageContext,
	deps: TemplatesDeps,
): Promise<TemplatesResponse> {
	const { store, base } = deps;
	if (req.route === 'templates') {
		return {
			status: 200,
			html: templatesListPage(
				ctx,
				[...(await store.templates.list('email')), ...(await store.templates.list('sms'))],
				text(req.query.done) || undefined,
			),
		};
	}
	if (req.method !== 'POST') {
		const id = Number(req.query.id);
		if (req.query.id === undefined) {
			return {
				status: 200,
				html: templateEditPage(
					ctx,
					formState(deps, {
						kind: kindOf(req.query.kind),
						name: '',
						subject: '',
						body: '',
						testTo: '',
						testFrom: '',
					}),
				),
			};
		}
		const template = Number.isInteger(id) ? await store.templates.get(id) : undefined;
		if (!template)
			return { status: 404, html: templatesListPage(ctx, [], 'That template no longer exists.') };
		const state = formState(deps, {
			id,
			kind: template.kind,
			name: template.name,
			subject: template.subject ?? '',
			body: template.body,
			testTo: '',
			testFrom: '',
		});
		return {
			status: 200,
			html: templateEditPage(ctx, {
				...state,
				notice: req.query.saved ? 'Template saved.' : undefined,
			}),
		};
	}

	const b = req.body;
	const id = b.id === undefined || b.id === '' ? undefined : Number(b.id);
	const existing =
		id !== undefined && Number.isInteger(id) ? await store.templates.get(id) : undefined;
	if (id !== undefined && !existing)
		return { status: 404, html: templatesListPage(ctx, [], 'That template no longer exists.') };
	const action = text(b.action);
	if (action === 'delete') {
		await store.templates.delete(existing!.id);
		return {
			status: 303,
			redirect: `${base}/templates?done=${encodeURIComponent(`Deleted "${existing!.name}".`)}`,
		};
	}

	const kind = existing?.kind ?? kindOf(b.kind);
	let subject = kind === 'email' ? text(b.subject) : '';
	let body = text(b.body);
	const insert = text(b.insert);
	if (insert) body = `${body}${body && !/\s$/.test(body) ? ' ' : ''}${insert}`;
	const ai = { prompt: text(b.ai_prompt), tone: text(b.ai_tone) || 'Neutral', followUp: '' };
	const previous = { subject: text(b.ai_subject), body: text(b.ai_body) };
	if (action === 'use' && previous.body) {
		body = previous.body;
		if (kind === 'email' && b.use_subject) subject = previous.subject;
	}
	const fields = {
		id: existing?.id,
		kind,
		name: text(b.name).trim(),
		subject,
		body,
		testTo: text(b.test_to),
		testFrom: text(b.test_from),
	};
	const page = (
		status: number,
		extra: Partial<TemplateFormState> = {},
		aiState: Partial<TemplateFormState['ai']> = ai,
	) => ({
		status,
		html: templateEditPage(ctx, { ...formState(deps, fields, aiState), ...extra }),
	});

	if (action === 'save') {
		if (!fields.name) return page(400, { error: 'Template name is empty.' });
		if (!body.trim()) return page(400, { error: 'Message is empty.' });
		const problem = renderPreview(kind, subject, body, deps.company).problem;
		if (problem) return page(400, { error: problem });
		const clash = (await store.templates.list(kind)).find(
			(t) => t.name === fields.name && t.id !== existing?.id,
		);
		if (clash)
			return page(409, {
				error: `Another ${kind === 'email' ? 'email' : 'SMS'} template is named "${fields.name}". Choose another name.`,
			});
		const saved = existing
			? await store.templates.update(
					existing.id,
					body,
					kind === 'email' ? subject || null : null,
					fields.name,
				)
			: await store.templates.save(
					kind,
					fields.name,
					body,
					kind === 'email' ? subject || null : null,
				);
		return { status: 303, redirect: `${base}/template?id=${saved!.id}&saved=1` };
	}
	if (action === 'test') {
		try {
			return page(200, { notice: await sendTest(deps, formState(deps, fields)) });
		} catch (error) {
			if (
				error instanceof TestError ||
				error instanceof EmailSendError ||
				error instanceof TextSendError
			)
				return page(400, { error: error.message });
			throw error;
		}
	}
	if (action === 'generate' || action === 'regenerate') {
		if (!deps.ai) return page(400, { error: AI_SETUP_HINT });
		const followUp = action === 'regenerate' ? text(b.ai_followup) : '';
		const kept = previous.body
			? {
					draft: {
						...previous,
						preview: renderPreview(kind, previous.subject, previous.body, deps.company),
					},
				}
			: {};
		// Every draft is a paid request to the model: counted per person and per workspace.
		const allowance = ai.prompt.trim()
			? await new DraftLimit(store.db).take(ctx.user?.id ?? 0)
			: { allowed: true as const };
		if (!allowance.allowed)
			return {
				...page(429, {}, { ...ai, followUp, error: allowance.message, ...kept }),
				headers: { 'Retry-After': String(allowance.retryAfterSeconds) },
			};
		try {
			const draft = await writeWithAi(
				deps.ai,
				{
					kind,
					prompt: ai.prompt,
					tone: ai.tone,
					...(followUp.trim() && previous.body ? { previous, followUp } : {}),
				},
				deps.company,
			);
			return page(
				200,
				{},
				{
					...ai,
					followUp: '',
					draft: {
						subject: draft.subject,
						body: draft.body,
						preview: renderPreview(kind, draft.subject, draft.body, deps.company),
					},
				},
			);
		} catch (error) {
			if (!(error instanceof DraftError)) throw error;
			return page(502, {}, { ...ai, followUp, error: error.message, ...kept });
		}
	}
	// Preview, a custom value added, or a draft taken with Use Email: the form again, not saved yet.
	const notice =
		action === 'use' ? 'The AI draft is in the form. Save the template to keep it.' : undefined;
	return page(200, { notice });
}
