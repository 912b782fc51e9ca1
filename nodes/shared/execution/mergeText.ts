import type { IExecuteFunctions } from 'n8n-workflow';
import { SHIELDED_BRACE } from '../../../core/run/render';
import { nodeParameter, rawNodeParameter } from './parameters';

/**
 * Inside an n8n expression, `{{contact.first_name}}` is JavaScript naming a variable that does not
 * exist, so n8n renders it empty. A block that is a bare path (no `$`, no call, not a JavaScript
 * global) or Handlebars block syntax is the spec's custom value and is left for the package to render.
 */
const CUSTOM_VALUE =
	/^\s*(?:[#/][\s\S]*|else|(?!(?:Math|JSON|Date|Number|String|Object|Array|Boolean|DateTime|Duration|Interval)\b)[A-Za-z_]\w*(?:\.\w+)+)\s*$/;

interface Block {
	text: string;
	expression?: string;
	customValue?: string;
}

/** Splits an expression's source (after the `=`) into literal text and `{{ … }}` blocks. */
function split(source: string): Block[] {
	const blocks: Block[] = [];
	let at = 0;
	for (;;) {
		const open = source.indexOf('{{', at);
		const close = open < 0 ? -1 : source.indexOf('}}', open + 2);
		if (open < 0 || close < 0) {
			if (at < source.length) blocks.push({ text: source.slice(at) });
			return blocks;
		}
		if (open > at) blocks.push({ text: source.slice(at, open) });
		const inner = source.slice(open + 2, close);
		blocks.push(
			CUSTOM_VALUE.test(inner)
				? { text: '', customValue: inner.trim() }
				: { text: '', expression: inner },
		);
		at = close + 2;
	}
}

function asText(value: unknown): string {
	if (value === undefined || value === null) return '';
	return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * A text field's template for the package's renderer, whether the field is fixed text or an n8n
 * expression (what a field becomes when a value is dragged in from the input panel). In an
 * expression, custom values are kept out of n8n's evaluation and the rest is evaluated by n8n, so
 * both work in one field; the values n8n inserts are shielded so they are never read as custom
 * values themselves.
 */
export function readMergeText(
	ctx: IExecuteFunctions,
	name: string,
	itemIndex: number,
	fallback = '',
): string {
	const raw = rawNodeParameter(ctx, name, itemIndex, fallback);
	const evaluated = () => nodeParameter<string>(ctx, name, itemIndex, fallback);
	if (typeof raw !== 'string' || !raw.startsWith('=')) return evaluated();
	const blocks = split(raw.slice(1));
	if (!blocks.some((b) => b.customValue)) return evaluated();
	try {
		return blocks
			.map((block) => {
				if (block.customValue) return `{{${block.customValue}}}`;
				if (block.expression === undefined) return block.text;
				const value = asText(ctx.evaluateExpression(`{{${block.expression}}}`, itemIndex));
				return value.replace(/\{/g, SHIELDED_BRACE);
			})
			.join('');
	} catch {
		// An expression this splitter cannot take apart (a `}}` inside a block): n8n's own reading.
		return evaluated();
	}
}
