import { buildMergeContext, MergeFieldError, MergeFieldRenderer } from '../../core/merge';

const company = { name: 'Glow Med Spa', phone: '+15550001111', time_zone: 'America/New_York' };

describe('merge fields', () => {
	it('fills contact, appointment, assigned user and company values', () => {
		const renderer = new MergeFieldRenderer();
		const context = buildMergeContext({
			item: {
				contact: { first_name: 'Jane', email: 'jane@example.com' },
				appointment: { start_time: '2026-12-01T15:00:00Z' },
			},
			assignedUser: {
				id: 1,
				name: 'Maya Lopez',
				email: 'maya@glow.test',
				phone: null,
				whatsapp: null,
				slack_user_id: null,
				role: 'user',
				team: null,
				contact_access: 'all',
				dnd: false,
				active: true,
			},
			company,
			reputation: { review_link: 'https://g.page/glow/review' },
		});
		const out = renderer
			.compile(
				'Hi {{contact.first_name}}, see you {{appointment.only_start_date}} at {{appointment.only_start_time}} ({{appointment.start_time}}). {{user.first_name}} from {{company.name}}. Review: {{reputation.review_link}}',
				'Message',
				'text',
			)
			.render(context);
		expect(out.text).toBe(
			'Hi Jane, see you Tuesday, December 1, 2026 at 10:00 AM (Tuesday, December 1, 2026 at 10:00 AM). Maya from Glow Med Spa. Review: https://g.page/glow/review',
		);
		expect(out.blankFields).toEqual([]);
	});

	it('renders a missing value blank and names it', () => {
		const renderer = new MergeFieldRenderer();
		const context = buildMergeContext({
			item: { contact: { first_name: 'Jane' } },
			company,
			reputation: {},
		});
		const out = renderer
			.compile(
				'Hi {{contact.first_name}}, your visit on {{appointment.only_start_date}}{{#if contact.last_name}} {{contact.last_name}}{{/if}}.',
				'Message',
				'text',
			)
			.render(context);
		expect(out.text).toBe('Hi Jane, your visit on .');
		expect(out.blankFields).toEqual(['appointment.only_start_date', 'contact.last_name']);
	});

	it('escapes merge values in HTML, even inside triple braces', () => {
		const renderer = new MergeFieldRenderer();
		const context = { contact: { first_name: '<script>alert(1)</script>' } };
		expect(
			renderer.compile('<p>Hi {{contact.first_name}}</p>', 'Message', 'html').render(context).text,
		).toBe('<p>Hi &lt;script&gt;alert(1)&lt;/script&gt;</p>');
		expect(
			renderer.compile('<p>{{{contact.first_name}}}</p>', 'Message', 'html').render(context).text,
		).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
		expect(
			renderer.compile('Hi {{contact.first_name}}', 'Subject', 'text').render(context).text,
		).toBe('Hi <script>alert(1)</script>');
	});

	it('compiles each template once per run, whatever the number of items', () => {
		const renderer = new MergeFieldRenderer();
		for (let i = 0; i < 50; i++) {
			renderer
				.compile('Hi {{contact.first_name}}', 'Message', 'html')
				.render({ contact: { first_name: `n${i}` } });
		}
		expect(renderer.compiledCount).toBe(1);
	});

	it('names the field when a template cannot be parsed', () => {
		const renderer = new MergeFieldRenderer();
		expect(() => renderer.compile('Hi {{contact.first_name', 'Subject', 'text')).toThrow(
			MergeFieldError,
		);
		expect(() => renderer.compile('Hi {{contact.first_name', 'Subject', 'text')).toThrow(
			/^Subject has a merge field that cannot be read/,
		);
	});

	it('does not reach prototype properties', () => {
		const renderer = new MergeFieldRenderer();
		const out = renderer
			.compile('{{contact.constructor.name}}|{{contact.__proto__}}', 'Message', 'text')
			.render({ contact: {} });
		expect(out.text).toBe('|');
	});

	it('keeps appointment values a trigger already formatted', () => {
		const context = buildMergeContext({
			item: { appointment: { start_time: 'tomorrow at 3pm', only_start_date: 'Dec 1' } },
			company,
			reputation: {},
		});
		expect(context.appointment).toEqual({
			start_time: 'tomorrow at 3pm',
			only_start_date: 'Dec 1',
		});
	});
});

describe('n8n Webhook node items', () => {
	it('reads contact and appointment from the posted body', () => {
		const renderer = new MergeFieldRenderer();
		const context = buildMergeContext({
			item: {
				headers: { host: 'x' },
				params: {},
				query: {},
				body: { appointment: { start_time: '2026-12-01T15:00:00Z', title: 'HydraFacial' } },
				webhookUrl: 'http://x',
				executionMode: 'production',
				contact: { first_name: 'Jane' },
			},
			company,
			reputation: {},
		});
		const out = renderer
			.compile(
				'{{contact.first_name}}: {{appointment.title}} on {{appointment.only_start_date}}{{headers.host}}',
				'Message',
				'text',
			)
			.render(context);
		expect(out.text).toBe('Jane: HydraFacial on Tuesday, December 1, 2026');
	});
});
