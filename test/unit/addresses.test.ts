import { emailProblem, parseMailbox, parseRecipientList } from '../../core/contacts/addresses';
import { htmlToText } from '../../core/run/htmlToText';

describe('email addresses', () => {
	it.each([
		['jane@example.com', null],
		['jane.doe+spa@mail.example.co.uk', null],
		['jane@', 'has no domain after the @'],
		['jane@@example.com', 'needs exactly one @ with a name before it'],
		['jane doe@example.com', 'contains spaces'],
		['jane@example', 'has an invalid domain "example"'],
		['jane@exa_mple.com', 'has an invalid domain "exa_mple.com"'],
		['jane@example.c0m', 'has an invalid top-level domain in "example.c0m"'],
	])('%s', (address, problem) => {
		expect(emailProblem(address)).toBe(problem);
	});

	it('splits Cc lists, skipping invalid entries with their reason', () => {
		const { valid, rejected } = parseRecipientList(
			'Front Desk <desk@glow.test>, not-an-email, "Lopez, Maya" <maya@glow.test>, desk@glow.test, bad@x',
		);
		expect(valid).toEqual([
			{ address: 'desk@glow.test', name: 'Front Desk' },
			{ address: 'maya@glow.test', name: 'Lopez, Maya' },
		]);
		expect(rejected.map((r) => r.address)).toEqual(['not-an-email', 'bad@x']);
		expect(rejected[1].reason).toBe('"bad@x" has an invalid domain "x"');
	});

	it('reads a single mailbox with a display name', () => {
		expect(parseMailbox('Glow Med Spa <hello@glow.test>')).toEqual({
			mailbox: { address: 'hello@glow.test', name: 'Glow Med Spa' },
		});
		expect(parseMailbox('a@b.com, c@d.com').problem).toBe('holds more than one address');
	});

	it('generates the plain-text part from HTML', () => {
		const html =
			'<h1>Thanks</h1><p>Hi Jane,<br>see you soon &amp; bring ID.</p><p><a href="https://glow.test/r">Reschedule</a></p><style>p{}</style>';
		expect(htmlToText(html)).toBe(
			'Thanks\n\nHi Jane,\nsee you soon & bring ID.\n\nReschedule (https://glow.test/r)',
		);
	});
});
