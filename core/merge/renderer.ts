import Handlebars from 'handlebars';
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
		if (path.type === 'PathExpression' && params.length === 0 && !(node.hash as { pairs?: unknown[] } | undefined)?.pairs?.length) {
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

const isBlank = (value: unknown) => value === undefined || value === null || value === '';

/**
 * Renders the spec's custom values (`{{contact.first_name}}`) with Handlebars. One renderer serves a
 * whole node run and compiles each distinct template once, however many items use it.
 */
export class MergeFieldRenderer {
	private readonly hbs = Handlebars.create();
	private readonly cache = new Map<string, CompiledMergeTemplate>();

	compile(source: string, field: string, mode: 'html' | 'text'): CompiledMergeTemplate {
		const key = `${mode}\u0000${source}`;
		const cached = this.cache.get(key);
		if (cached) return cached;
		let ast: hbs.AST.Program;
		try {
			ast = this.hbs.parse(source);
		} catch (error) {
			const detail = String((error as Error).message).split('\n').slice(0, 3).join(' ');
			throw new MergeFieldError(field, `${field} has a merge field that cannot be read: ${detail}`);
		}
		const fields = new Set<string>();
		collectFields(ast as unknown as HbsNode, fields);
		if (mode === 'html') forceEscaping(ast as unknown as HbsNode);
		const template = this.hbs.compile(ast, { noEscape: mode === 'text', strict: false });
		const compiled: CompiledMergeTemplate = {
			render: (context) => {
				let text: string;
				try {
					text = template(context, {
						allowProtoPropertiesByDefault: false,
						allowProtoMethodsByDefault: false,
					});
				} catch (error) {
					throw new MergeFieldError(field, `${field} could not be rendered: ${(error as Error).message}`);
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
