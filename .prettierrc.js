// The n8n node starter's settings, so the code reads like n8n's own nodes.
module.exports = {
	semi: true,
	trailingComma: 'all',
	bracketSpacing: true,
	useTabs: true,
	tabWidth: 2,
	arrowParens: 'always',
	singleQuote: true,
	quoteProps: 'as-needed',
	endOfLine: 'lf',
	printWidth: 100,
	overrides: [
		{
			// Markup in html`` templates is the page as sent: white space inside <textarea> and <pre> is
			// content, so Prettier must not reflow it as it does embedded HTML.
			files: ['core/inbox/**/*.ts', 'core/agency/**/*.ts', 'test/unit/htmlTag.test.ts'],
			options: { embeddedLanguageFormatting: 'off' },
		},
	],
};
