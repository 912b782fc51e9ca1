import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { FORMAT, FORMAT_VERSION, SnapshotError, type SnapshotFile } from './format';
import { referencesIn } from './references';
import schema from './snapshot.schema.json';
import { signatureHolds } from './signing';

let validator: ValidateFunction | undefined;

function validate(value: unknown): ErrorObject[] {
	validator ??= new Ajv({ allErrors: true, strict: true }).compile(schema);
	return validator(value) ? [] : (validator.errors ?? []);
}

function describe(error: ErrorObject): string {
	const where = error.instancePath || '(the file)';
	const extra =
		error.keyword === 'additionalProperties'
			? ` (${(error.params as { additionalProperty: string }).additionalProperty})`
			: error.keyword === 'enum'
				? ` (${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')})`
				: '';
	return `${where} ${error.message}${extra}`;
}

/**
 * A document that opens as an object and stops before its closing brace, or whose error is at its
 * very end, was cut off on the way: worth telling apart from a file that was never JSON.
 */
function cutOff(text: string, message: string): boolean {
	const trimmed = text.trim();
	if (/end of (json )?input|unterminated string/i.test(message)) return true;
	const at = /position (\d+)/.exec(message);
	const nearEnd = at !== null && Number(at[1]) >= trimmed.length - 2;
	return trimmed.startsWith('{') && (!trimmed.endsWith('}') || nearEnd);
}

function parse(bytes: Buffer): unknown {
	if (bytes.length === 0) throw new SnapshotError('The snapshot file is empty');
	const text = bytes.toString('utf8');
	try {
		return JSON.parse(text);
	} catch (error) {
		const message = (error as Error).message;
		if (cutOff(text, message)) {
			throw new SnapshotError(
				`The snapshot file is cut off: its JSON ends early, after ${bytes.length} bytes`,
				'It was probably truncated while being copied, uploaded or downloaded. Export it again, or use the complete file.',
			);
		}
		throw new SnapshotError(`The snapshot file is not valid JSON: ${message}`);
	}
}

function unique(file: SnapshotFile): void {
	const once = (what: string, keys: string[]) => {
		const seen = new Set<string>();
		for (const key of keys) {
			if (seen.has(key)) throw new SnapshotError(`The snapshot lists ${what} "${key}" twice`);
			seen.add(key);
		}
	};
	once(
		'the template',
		file.templates.map((t) => `${t.kind}: ${t.name}`),
	);
	once(
		'the workflow',
		file.workflows.map((w) => w.key),
	);
	once(
		'the team member',
		file.team.map((m) => m.name.toLowerCase()),
	);
	once(
		'the credential placeholder',
		file.credentials.map((c) => c.placeholder),
	);
	once(
		'the value',
		file.values.map((v) => v.key),
	);
}

/** Every name the file uses inside itself must be one it defines. */
function consistent(file: SnapshotFile): void {
	const placeholders = new Set(file.credentials.map((c) => c.placeholder));
	for (const workflow of file.workflows) {
		for (const node of workflow.nodes) {
			for (const [type, slot] of Object.entries(node.credentials ?? {})) {
				const known = file.credentials.find((c) => c.placeholder === slot.placeholder);
				if (!placeholders.has(slot.placeholder) || known?.type !== type) {
					throw new SnapshotError(
						`Workflow "${workflow.name}", node "${node.name}": the credential placeholder "${slot.placeholder}" is not listed among the snapshot's ${type} credentials`,
					);
				}
			}
		}
	}
	const values = new Set<string>(file.values.map((v) => v.key));
	const templates = new Set(file.templates.map((t) => `${t.kind}:${t.name}`));
	const team = new Set(file.team.map((m) => m.name));
	for (const ref of referencesIn(file)) {
		const known =
			ref.kind === 'value'
				? values.has(ref.name)
				: ref.kind === 'team'
					? team.has(ref.name)
					: templates.has(`${ref.kind === 'email_template' ? 'email' : 'sms'}:${ref.name}`);
		if (!known)
			throw new SnapshotError(`The snapshot refers to ${ref.text}, which it does not define`);
	}
}

/**
 * Reads a snapshot file and refuses, naming what is wrong, anything that is not a complete, unchanged
 * snapshot this package can read: empty, cut off, not JSON, another format, a newer format version,
 * not matching the schema, a signature that does not cover the content, or names it does not define.
 */
export function readSnapshot(bytes: Buffer): SnapshotFile {
	const value = parse(bytes) as Record<string, unknown>;
	if (!value || typeof value !== 'object' || Array.isArray(value) || value.format !== FORMAT) {
		throw new SnapshotError(
			'This file is not an Aesthetix snapshot: its "format" is not "aesthetix-snapshot"',
		);
	}
	const version = value.format_version;
	if (typeof version === 'number' && version > FORMAT_VERSION) {
		throw new SnapshotError(
			`The snapshot is format version ${version}, newer than this package reads (version ${FORMAT_VERSION})`,
			'Update n8n-nodes-aesthetix on this n8n to the version that exported it, then load it again.',
		);
	}
	const errors = validate(value);
	if (errors.length > 0) {
		const listed = errors.slice(0, 5).map(describe).join('; ');
		throw new SnapshotError(
			`The snapshot file does not match its schema: ${listed}${errors.length > 5 ? ` (and ${errors.length - 5} more)` : ''}`,
		);
	}
	const file = value as unknown as SnapshotFile;
	if (!signatureHolds(file)) {
		throw new SnapshotError(
			'The snapshot file was changed after it was exported: its signature does not match its content',
			'Nothing was loaded. Use the file exactly as it was exported, or export it again.',
		);
	}
	unique(file);
	consistent(file);
	return file;
}
