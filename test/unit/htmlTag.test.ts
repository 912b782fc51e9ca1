/** The page template tag: every value escaped, markup only as an explicit SafeHtml. */
import { html, SafeHtml, trusted } from '../../core/inbox/html';

describe('html``', () => {
	it('escapes every interpolated value, in text and in attributes', () => {
		const name = `Jane <script>alert(1)</script> & "Co" 'x'`;
		expect(html`<p title="${name}">${name}</p>`.markup).toBe(
			'<p title="Jane &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot; &#39;x&#39;">Jane &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot; &#39;x&#39;</p>',
		);
	});

	it('takes markup only as SafeHtml: from another template, or trusted by the code', () => {
		const item = (text: string) => html`<li>${text}</li>`;
		const list = html`<ul>${['<a>', 'b'].map(item)}</ul>${trusted('<hr>')}`;
		expect(list).toBeInstanceOf(SafeHtml);
		expect(list.markup).toBe('<ul><li>&lt;a&gt;</li><li>b</li></ul><hr>');
		// A string that looks like markup stays text.
		expect(html`${'<b>bold</b>'}`.markup).toBe('&lt;b&gt;bold&lt;/b&gt;');
	});

	it('leaves nothing for null, undefined and false, and writes numbers and true', () => {
		expect(html`${null}${undefined}${false}|${0}|${42}|${true}`.markup).toBe('|0|42|true');
	});
});
