import type { IExecuteFunctions } from 'n8n-workflow';

/**
 * A node run's parameters, read at n8n's cost only where they can differ per item.
 *
 * n8n evaluates a parameter anew for every item: a fixed value goes through its validation each
 * time, and an expression runs in n8n's expression sandbox (about a millisecond and a half per item
 * in a profile of Send Email, more than the rest of the item's work). A parameter with no
 * expression is therefore read once per run. An expression that only reads the item, such as the
 * Contact field's `{{ $json.contact ?? $json.body?.contact }}`, is read from the item directly when
 * that gives a value; one that reads an earlier node's item, such as `{{ $('Bookings').item.json.contact }}`,
 * is read through n8n's own workflow data proxy (the same pairing of items, without the sandbox).
 * Anything else, and any case where plain JavaScript would throw or fall back to an inherited
 * property, is left to n8n, so errors and edge cases stay n8n's own.
 */
class NodeParameters {
	private readonly fixed = new Map<string, unknown>();
	private readonly itemPaths = new Map<string, JsonPath[] | null>();
	private readonly nodePaths = new Map<string, NodeItemPath | null>();

	constructor(private readonly ctx: IExecuteFunctions) {}

	get(name: string, itemIndex: number, fallback: unknown): unknown {
		if (this.fixed.has(name)) return copy(this.fixed.get(name));
		const raw = this.raw(name, itemIndex, fallback);
		if (!hasExpression(raw)) {
			const value = this.ctx.getNodeParameter(name, itemIndex, fallback);
			this.fixed.set(name, value);
			return copy(value);
		}
		let paths = this.itemPaths.get(name);
		if (paths === undefined) {
			paths = typeof raw === 'string' ? (jsonPathAlternatives(raw) ?? null) : null;
			this.itemPaths.set(name, paths);
		}
		if (paths) {
			const value = readItem(this.ctx.getInputData()[itemIndex]?.json, paths);
			if (value !== UNKNOWN) return value;
		}
		let nodePath = this.nodePaths.get(name);
		if (nodePath === undefined) {
			nodePath = typeof raw === 'string' ? (nodeItemPath(raw) ?? null) : null;
			this.nodePaths.set(name, nodePath);
		}
		if (nodePath) {
			const value = this.fromNode(nodePath, itemIndex);
			if (value !== UNKNOWN) return value;
		}
		return this.ctx.getNodeParameter(name, itemIndex, fallback);
	}

	/** The earlier node's item paired with this one, as n8n's `$('Node').item` finds it. */
	private fromNode({ node, path }: NodeItemPath, itemIndex: number): unknown {
		try {
			const json = this.ctx.getWorkflowDataProxy(itemIndex).$(node).item?.json;
			return readItem(json, [path]);
		} catch {
			// No such node, no paired item, or a pairing n8n explains in its own words.
			return UNKNOWN;
		}
	}

	raw(name: string, itemIndex: number, fallback: unknown): unknown {
		return this.ctx.getNodeParameter(name, itemIndex, fallback, { rawExpressions: true });
	}
}

// One reader per node run: n8n gives every run of a node its own execute context.
const readers = new WeakMap<IExecuteFunctions, NodeParameters>();

function readerOf(ctx: IExecuteFunctions): NodeParameters {
	let reader = readers.get(ctx);
	if (!reader) {
		reader = new NodeParameters(ctx);
		readers.set(ctx, reader);
	}
	return reader;
}

/** The parameter's value for one item, as `ctx.getNodeParameter(name, itemIndex, fallback)` gives it. */
export function nodeParameter<T = unknown>(
	ctx: IExecuteFunctions,
	name: string,
	itemIndex: number,
	fallback?: unknown,
): T {
	return readerOf(ctx).get(name, itemIndex, fallback) as T;
}

/** The parameter as written, expressions unevaluated. */
export function rawNodeParameter(
	ctx: IExecuteFunctions,
	name: string,
	itemIndex: number,
	fallback?: unknown,
): unknown {
	return readerOf(ctx).raw(name, itemIndex, fallback);
}

function hasExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(hasExpression);
	if (value && typeof value === 'object') return Object.values(value).some(hasExpression);
	return false;
}

/** n8n hands out a fresh object for every call; items of one run must not share one they could change. */
function copy<T>(value: T): T {
	return value !== null && typeof value === 'object' ? structuredClone(value) : value;
}

interface Step {
	key: string;
	/** `?.`: a missing value ends the path with undefined instead of an error. */
	optional: boolean;
}
type JsonPath = Step[];

const SINGLE_BLOCK = /^=\{\{([^{}]*)\}\}$/;
const ITEM_PATH = /^\$json((?:\??\.[A-Za-z_$][\w$]*)*)$/;
const STEP = /(\?)?\.([A-Za-z_$][\w$]*)/g;
const FORBIDDEN_KEYS = new Set(['constructor', '__proto__', 'prototype']);

/**
 * `={{ $json.a.b }}` or `={{ $json.a ?? $json.b?.c }}` as the paths it reads, in order; undefined for
 * any other expression (text around the block, calls, other variables, brackets).
 */
export function jsonPathAlternatives(raw: string): JsonPath[] | undefined {
	const block = SINGLE_BLOCK.exec(raw);
	if (!block) return undefined;
	const paths: JsonPath[] = [];
	for (const alternative of block[1].split('??')) {
		const path = ITEM_PATH.exec(alternative.trim());
		if (!path) return undefined;
		const steps = [...path[1].matchAll(STEP)].map((m) => ({ optional: m[1] === '?', key: m[2] }));
		// n8n refuses these names outright, for its sandbox's sake.
		if (steps.some((s) => FORBIDDEN_KEYS.has(s.key))) return undefined;
		paths.push(steps);
	}
	return paths;
}

/** `$('Node').item.json` and the path read from it. */
export interface NodeItemPath {
	node: string;
	path: JsonPath;
}

const NODE_ITEM = /^\$\((?:'([^'\\]+)'|"([^"\\]+)")\)\.item\.json((?:\??\.[A-Za-z_$][\w$]*)*)$/;

/**
 * `={{ $('Node').item.json.a.b }}` as the node and the path it reads; undefined for any other
 * expression (several blocks or alternatives, `.first()`, `.all()`, brackets, escapes in the name).
 */
export function nodeItemPath(raw: string): NodeItemPath | undefined {
	const block = SINGLE_BLOCK.exec(raw);
	const found = block && NODE_ITEM.exec(block[1].trim());
	if (!found) return undefined;
	const path = [...found[3].matchAll(STEP)].map((m) => ({ optional: m[1] === '?', key: m[2] }));
	if (path.some((s) => FORBIDDEN_KEYS.has(s.key))) return undefined;
	return { node: found[1] ?? found[2], path };
}

/** Reading the item gave no answer n8n would surely agree with: n8n evaluates the expression. */
export const UNKNOWN = Symbol('unknown');

const PLAIN_PROTOTYPES = new Set<unknown>([Object.prototype, Array.prototype, null]);

function follow(json: unknown, path: JsonPath): unknown {
	let value = json;
	for (const { key, optional } of path) {
		if (value === null || value === undefined) return optional ? undefined : UNKNOWN;
		// Strings, dates and other objects have properties of their own kind (length, methods).
		if (typeof value !== 'object' || !PLAIN_PROTOTYPES.has(Object.getPrototypeOf(value)))
			return UNKNOWN;
		if (Object.prototype.hasOwnProperty.call(value, key))
			value = (value as Record<string, unknown>)[key];
		else if (key in value) return UNKNOWN;
		else value = undefined;
	}
	return value;
}

/**
 * The first path that gives a value, as JavaScript's `??` would pick it, copied as n8n's sandbox
 * copies what it returns; UNKNOWN when only n8n can say (nothing found, or a step that would throw).
 */
export function readItem(json: unknown, paths: JsonPath[]): unknown {
	for (const path of paths) {
		const value = follow(json, path);
		if (value === UNKNOWN) return UNKNOWN;
		if (value === null || value === undefined) continue;
		try {
			return copy(value);
		} catch {
			return UNKNOWN;
		}
	}
	return UNKNOWN;
}
