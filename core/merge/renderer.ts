import Handlebars from 'handlebars';
import { isScriptUrl } from '../links/safeUrl';
import { lookupPath } from './paths';

type HbsNode = hbs.AST.Node & Record<string, unknown>;

export class MergeFieldError extends Error {
	constructor(
		readonly field: string,
		message: string,
	) {
		super(message);
		this.name = 'MergeFieldError';
	}
}

export interface Rendered {
	text: string;
	/** Merge fields that rendered blank because the trigger or the contact record did not supply them. */
	blankFields: string[];
}

export interface CompiledMergeTemplate {
	render(context: Record<string, unknown>): Rendered;
}

/** Walks the template for the fields whose blank values a user should hear about. */
function collectFields(node: HbsNode, found: Set<string>): void {
	if (node.type === 'MustacheStatement') {
		const path = node.path as HbsNode;
		const params = (node.params as HbsNode[]) ?? [];
		if (
			path.type === 'PathExpression' &&
			params.length === 0 &&
			!(node.hash as { pairs?: unknown[] } | undefined)?.pairs?.length
		) {
			found.add(String(path.original));
		}
		for (const param of params) {
			if (param.type === 'PathExpression') found.add(String(param.original));
		}
		return;
	}
	if (node.type === 'BlockStatement') {
		// Inside #each and #with the context moves, so their paths are not the item's fields.
		const helper = String((node.path as HbsNode).original);
		if (helper !== 'if' && helper !== 'unless') return;
		for (const child of ['program', 'inverse'] as const) {
			const body = node[child] as HbsNode | undefined;
			if (body) collectFields(body, found);
		}
		return;
	}
	if (node.type === 'Program') {
		for (const statement of (node.body as HbsNode[]) ?? []) collectFields(statement, found);
	}
}

/** In HTML bodies every value is escaped, including `{{{triple}}}` ones: merge values come from contacts. */
function forceEscaping(node: HbsNode): void {
	if (node.type === 'MustacheStatement') node.escaped = true;
	for (const child of ['program', 'inverse'] as const) {
		const body = node[child] as HbsNode | undefined;
		if (body) forceEscaping(body);
	}
	for (const statement of (node.body as HbsNode[] | undefined) ?? []) forceEscaping(statement);
}

/** A value placed at the start of one of these attributes decides where a link goes or what loads. */
const LINK_ATTRIBUTE =
	/\b(?:href|src|srcset|action|formaction|poster|background|xlink:href)\s*=\s*["']?\s*$/i;
const LINK_HELPER = '_linkTarget';

/**
 * Routes every value that starts a link attribute (`<a href="{{contact.website}}">`) through the
 * link check, so a contact's value cannot turn a link into `javascript:` or `data:`.
 */
function guardLinks(program: HbsNode, before = ''): void {
	let previous = before;
	for (const statement of (program.body as HbsNode[] | undefined) ?? []) {
		if (statement.type === 'ContentStatement') {
			previous = String(statement.value);
			continue;
		}
		if (statement.type === 'MustacheStatement' && LINK_ATTRIBUTE.test(previous)) {
			const original = statement.path as HbsNode;
			const params = (statement.params as HbsNode[]) ?? [];
			const hash = statement.hash as HbsNode | undefined;
			const value =
				params.length || hash
					? { type: 'SubExpression', path: original, params, hash, loc: statement.loc }
					: original;
			const label = {
				type: 'StringLiteral',
				value: String(original.original ?? ''),
				original: String(original.original ?? ''),
				loc: statement.loc,
			};
			statement.path = {
				type: 'PathExpression',
				data: false,
				depth: 0,
				parts: [LINK_HELPER],
				original: LINK_HELPER,
				loc: statement.loc,
			};
			statement.params = [value, label];
			statement.hash = undefined;
		}
		if (statement.type === 'BlockStatement') {
			for (const child of ['program', 'inverse'] as const) {
				const body = statement[child] as HbsNode | undefined;
				if (body) guardLinks(body, previous);
			}
		}
		previous = '';
	}
}

const isBlank = (value: unknown) => value === undefined || value === null || value === '';

/**
 * Renders the spec's custom values (`{{contact.first_name}}`) with Handlebars. One renderer serves a
 * whole node run and compiles each distinct template once, however many items use it.
 */
export class MergeFieldRenderer {
	private readonly hbs = Handlebars.create();
	private readonly cache = new Map<string, CompiledMergeTemplate>();

	constructor() {
		// `log` writes template data to n8n's console, where contacts' details do not belong.
		this.hbs.unregisterHelper('log');
		this.hbs.registerHelper(LINK_HELPER, (value: unknown, name: unknown) => {
			const text = value === undefined || value === null ? '' : String(value);
			if (isScriptUrl(text)) {
				throw new Error(
					`the link from {{${String(name)}}} starts with "${text.trim().split(':')[0]}:", and links may not run script or carry data`,
				);
			}
			return text;
		});
	}

	compile(source: string, field: string, mode: 'html' | 'text'): CompiledMergeTemplate {
		const key = `${mode}\u0000${source}`;
		const cached = this.cache.get(key);
		if (cached) return cached;
		let ast: hbs.AST.Program;
		try {
			ast = this.hbs.parse(source);
		} catch (error) {
			const detail = String((error as Error).message)
				.split('\n')
				.slice(0, 3)
				.join(' ');
			throw new MergeFieldError(field, `${field} has a merge field that cannot be read: ${detail}`);
		}
		const fields = new Set<string>();
		collectFields(ast as unknown as HbsNode, fields);
		if (mode === 'html') {
			forceEscaping(ast as unknown as HbsNode);
			guardLinks(ast as unknown as HbsNode);
		}
		const template = this.hbs.compile(ast, {
			noEscape: mode === 'text',
			strict: false,
			knownHelpers: { log: false },
		});
		const compiled: CompiledMergeTemplate = {
			render: (context) => {
				let text: string;
				try {
					text = template(context, {
						allowProtoPropertiesByDefault: false,
						allowProtoMethodsByDefault: false,
					});
				} catch (error) {
					throw new MergeFieldError(
						field,
						`${field} could not be rendered: ${(error as Error).message}`,
					);
				}
				const blankFields = [...fields].filter((path) => isBlank(lookupPath(context, path)));
				return { text, blankFields };
			},
		};
		this.cache.set(key, compiled);
		return compiled;
	}

	/** Number of distinct compiled templates; the benchmark and tests read it. */
	get compiledCount(): number {
		return this.cache.size;
	}
}
