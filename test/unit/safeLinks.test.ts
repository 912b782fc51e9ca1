import { MergeFieldError, MergeFieldRenderer } from '../../core/merge';
import { isScriptUrl, redirectPageProblem } from '../../core/links/safeUrl';

describe('links rendered from custom values', () => {
	const html = (source: string, context: Record<string, unknown>) =>
		new MergeFieldRenderer().compile(source, 'Message', 'html').render(context);

	it.each([
		['javascript:alert(document.cookie)'],
		['JavaScript:alert(1)'],
		[' java\tscript:alert(1)'],
		['data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='],
		['vbscript:msgbox(1)'],
	])('refuse %j in an href, naming the field and the custom value', (website) => {
		expect(() =>
			html('<a href="{{contact.website}}">Our site</a>', { contact: { website } }),
		).toThrow(MergeFieldError);
		expect(() =>
			html('<a href="{{contact.website}}">Our site</a>', { contact: { website } }),
		).toThrow(/^Message could not be rendered: the link from \{\{contact\.website\}\} starts with/);
	});

	it('refuse a script address in src, in single quotes, through a helper and inside #if', () => {
		const contact = { photo: 'javascript:alert(1)', first_name: 'Jane' };
		expect(() => html("<img src='{{contact.photo}}'>", { contact })).toThrow(MergeFieldError);
		expect(() => html('<img src="{{lookup contact "photo"}}">', { contact })).toThrow(
			MergeFieldError,
		);
		expect(() =>
			html('<a href="{{#if contact.photo}}{{contact.photo}}{{/if}}">x</a>', { contact }),
		).toThrow(MergeFieldError);
	});

	it('keep web, mail and phone links, and script-looking text outside attributes', () => {
		const out = html(
			'<a href="{{contact.website}}">{{contact.note}}</a> <a href="mailto:{{contact.email}}">mail</a> <a href="{{company.phone}}">call</a>',
			{
				contact: {
					website: 'https://jane.example/?a=1&b=2',
					note: 'javascript: is text here',
					email: 'jane@example.com',
				},
				company: { phone: 'tel:+15550001111' },
			},
		);
		expect(out.text).toBe(
			'<a href="https://jane.example/?a&#x3D;1&amp;b&#x3D;2">javascript: is text here</a> <a href="mailto:jane@example.com">mail</a> <a href="tel:+15550001111">call</a>',
		);
	});

	it('leave plain-text fields (SMS, subjects) alone: there is no markup to follow', () => {
		const out = new MergeFieldRenderer()
			.compile('href="{{contact.website}}"', 'Message', 'text')
			.render({ contact: { website: 'javascript:x' } });
		expect(out.text).toBe('href="javascript:x"');
	});

	it('report a blank link value like any other blank field', () => {
		const out = html('<a href="{{contact.website}}">x</a>', { contact: {} });
		expect(out).toEqual({ text: '<a href="">x</a>', blankFields: ['contact.website'] });
	});

	it('recognise script schemes the way browsers read them', () => {
		expect(isScriptUrl('\u0000javascript:x')).toBe(true);
		expect(isScriptUrl('https://example.com/javascript:x')).toBe(false);
		expect(isScriptUrl('/contacts/javascript:x')).toBe(false);
	});
});

describe('the Handlebars log helper', () => {
	it('is not available: templates cannot write contact data to the n8n log', () => {
		const spy = jest.spyOn(console, 'log').mockImplementation(() => undefined);
		const spyError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
		try {
			const render = () =>
				new MergeFieldRenderer()
					.compile('{{log contact.phone level="error"}}Hi', 'Message', 'text')
					.render({ contact: { phone: '+15550001234' } });
			expect(render).toThrow('Message could not be rendered: Missing helper: "log"');
			expect(spy).not.toHaveBeenCalled();
			expect(spyError).not.toHaveBeenCalled();
		} finally {
			spy.mockRestore();
			spyError.mockRestore();
		}
	});
});

describe('Redirect Page of in-app notifications', () => {
	const base = 'https://n8n.glowmedspa.test';
	it.each([
		'/contacts/12',
		'/contacts/12?tab=notes#top',
		'https://n8n.glowmedspa.test/contacts/12',
	])('accepts %j', (page) => {
		expect(redirectPageProblem(page, base)).toBeUndefined();
	});
	it.each([
		'//evil.example/phish',
		'/\\evil.example',
		'https://evil.example/contacts/12',
		'https://n8n.glowmedspa.test.evil.example/',
		'javascript:alert(1)',
		'data:text/html,hi',
		'contacts/12',
	])('refuses %j', (page) => {
		expect(redirectPageProblem(page, base)).toMatch(
			/^must be a workspace path such as \/contacts\/12/,
		);
	});
	it('refuses every absolute address when the workspace has no Public Base URL', () => {
		expect(redirectPageProblem('https://n8n.glowmedspa.test/contacts/12', '')).toMatch(
			/none is set/,
		);
	});
});
