/**
 * The Inbox's and the agency view's pages: every page reached through one route table, and what
 * contacts, users, workflows and the model wrote shown as text, never as markup.
 */
import { agencyPage } from '../../core/agency/pages';
import { bellPage } from '../../core/inbox/bellPage';
import { html } from '../../core/inbox/html';
import { layout } from '../../core/inbox/layout';
import { queuePage, taskPage } from '../../core/inbox/manualActionPages';
import { INBOX_PAGES } from '../../core/inbox/router';
import { INBOX_ROUTES } from '../../core/inbox/routes';
import { templateEditPage } from '../../core/inbox/templateEditPage';
import { templatesListPage } from '../../core/inbox/templatesListPage';
import type { ClinicSummary } from '../../core/agency/clinicSummary';
import type { ManualTask } from '../../core/store/manualTasks';
import type { Contact, TeamUser } from '../../core/store/types';

const SCRIPT = '<script>alert(1)</script>';
const ESCAPED = '&lt;script&gt;alert(1)&lt;/script&gt;';

const owner = {
	id: 1,
	name: `Maya ${SCRIPT}`,
	role: 'owner',
	contact_access: 'all',
} as TeamUser;
const ctx = { base: '/inbox', user: owner, csrf: 'token', unread: 2 };
const contact = { id: 7, first_name: `Jane ${SCRIPT}`, phone: '+15555550123' } as Contact;
const task = {
	id: 3,
	type: 'sms',
	status: 'pending',
	action_name: `Follow-up ${SCRIPT}`,
	message: `Hi ${SCRIPT}`,
	blank_merge_fields: [],
	send_to: null,
	notice: null,
} as unknown as ManualTask;

describe('the Inbox route table', () => {
	it('answers a GET and a POST on every Inbox page, through exactly one route each', () => {
		for (const page of ['', ...INBOX_PAGES])
			for (const method of ['GET', 'POST'])
				expect([
					page,
					method,
					INBOX_ROUTES.filter((r) => r.page === page && r.method === method).length,
				]).toEqual([page, method, 1]);
		expect(INBOX_ROUTES).toHaveLength(2 * (INBOX_PAGES.length + 1));
	});
});

describe('values on the pages', () => {
	it.each([
		['the Manual Actions queue', () => queuePage(ctx, [{ task, contact, assignee: owner }], true)],
		['a task', () => taskPage(ctx, { task, contact })],
		[
			'the notification bell',
			() =>
				bellPage(ctx, [
					{ id: 1, title: `Reply ${SCRIPT}`, message: SCRIPT, redirect_page: null, read_at: null },
				] as never),
		],
		[
			'the Templates list',
			() =>
				templatesListPage(ctx, [
					{
						id: 1,
						kind: 'email',
						name: SCRIPT,
						subject: SCRIPT,
						body: '',
						updated_at: '2026-01-01T00:00:00Z',
					},
				]),
		],
		[
			'the agency view',
			() =>
				agencyPage(
					{ base: '/agency', csrf: 'token' },
					[
						{
							name: `Glow ${SCRIPT}`,
							schema: 'glow',
							emailsSent: 0,
							email: {},
							texts: { delivered: 0, failed: 0 },
							callsConnected: 0,
							manualTasksWaiting: 0,
							complaints: { emails: 0, complaints: 0, rate_percent: 0, over_limit: false },
						} as unknown as ClinicSummary,
					],
					1,
				),
		],
	])('are text on %s', (_page, render) => {
		const page = render();
		expect(page).not.toContain(SCRIPT);
		expect(page).toContain(ESCAPED);
	});

	it("keep a template's HTML in the preview's sandboxed frame, as its srcdoc", () => {
		const body = `<p>Hi</p>${SCRIPT}`;
		const page = templateEditPage(ctx, {
			id: 1,
			kind: 'email',
			name: SCRIPT,
			subject: SCRIPT,
			body,
			testTo: '',
			testFrom: '',
			preview: { subject: SCRIPT, body, text: '', blankFields: [] },
			blankNeeds: [{ field: SCRIPT, needs: SCRIPT }],
			ai: { prompt: SCRIPT, tone: 'Neutral', followUp: '', setupHint: SCRIPT },
		});
		expect(page).not.toContain(SCRIPT);
		expect(page).toContain(
			`<iframe class="preview frame" id="preview-body" title="Message preview" sandbox srcdoc="&lt;p&gt;Hi&lt;/p&gt;${ESCAPED}"></iframe>`,
		);
	});

	it('take markup only as SafeHtml: the layout refuses a string body', () => {
		// @ts-expect-error a string is text, not the page's markup
		layout('Manual Actions', '<h1>Manual Actions</h1>', ctx);
		expect(layout('Manual Actions', html`<h1>${SCRIPT}</h1>`, ctx)).toContain(
			`<main><h1>${ESCAPED}</h1></main>`,
		);
	});
});
