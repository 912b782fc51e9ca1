// A small reader for the TwiML documents the double receives: elements, attributes and text, in
// order. TwiML is plain XML without namespaces, entities beyond the five predefined ones, or CDATA.
const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (text) =>
	text.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_, e) =>
		e[0] === '#'
			? String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10))
			: ENTITIES[e],
	);

/** Parses a TwiML document into `{ name, attrs, children, text }` nodes; throws on malformed XML. */
function parseTwiml(xml) {
	const body = String(xml)
		.replace(/<\?xml[^>]*\?>/, '')
		.replace(/<!--[\s\S]*?-->/g, '')
		.trim();
	const root = { name: '#root', attrs: {}, children: [], text: '' };
	const stack = [root];
	const tag =
		/<(\/?)([A-Za-z][\w.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;
	let match;
	let consumed = 0;
	while ((match = tag.exec(body))) {
		if (match.index !== consumed)
			throw new Error(`Malformed TwiML near: ${body.slice(consumed, consumed + 40)}`);
		consumed = tag.lastIndex;
		const [, closing, name, rawAttrs, selfClosing, text] = match;
		const parent = stack[stack.length - 1];
		if (text !== undefined) {
			parent.text += decode(text);
			continue;
		}
		if (closing) {
			if (parent.name !== name) throw new Error(`TwiML closes <${name}> inside <${parent.name}>`);
			stack.pop();
			continue;
		}
		const attrs = {};
		for (const [, key, , dq, sq] of rawAttrs.matchAll(/([\w:.-]+)\s*=\s*("([^"]*)"|'([^']*)')/g))
			attrs[key] = decode(dq ?? sq);
		const node = { name, attrs, children: [], text: '' };
		parent.children.push(node);
		if (!selfClosing) stack.push(node);
	}
	if (consumed !== body.length || stack.length !== 1)
		throw new Error('Malformed TwiML: unclosed element');
	const [response] = root.children;
	if (!response || response.name !== 'Response')
		throw new Error('TwiML must have a <Response> root');
	return response;
}

module.exports = { parseTwiml };
