import { createHash } from 'node:crypto';
import type { CredentialChoice } from './choices';
import { contentHash } from './canonical';
import { mapEntityFields, pickedId, type EntityKind } from './entityFields';
import { SnapshotError, type SnapshotNode, type SnapshotWorkflow } from './format';
import { reference, resolveReferences, type Reference } from './references';
import { withoutClinicValues, type ClinicValues } from './values';
import type { N8nNode, N8nWorkflow, N8nWorkflowBody } from './workflowApi';

/** The node settings a snapshot carries besides parameters; anything else n8n adds is left out. */
const NODE_FIELDS = [
	'webhookId',
	'disabled',
	'notes',
	'notesInFlow',
	'executeOnce',
	'alwaysOutputData',
	'retryOnFail',
	'maxTries',
	'waitBetweenTries',
	'onError',
] as const;

/**
 * The workflow settings that travel. An error workflow is another workflow's id in the source n8n,
 * and caller policies name workflows too: those stay behind.
 */
const WORKFLOW_SETTINGS = [
	'executionOrder',
	'timezone',
	'saveExecutionProgress',
	'saveManualExecutions',
	'saveDataErrorExecution',
	'saveDataSuccessExecution',
	'executionTimeout',
];

/** Trigger nodes whose `path` parameter is the address n8n serves them at. */
const WEBHOOK_TYPES = new Set([
	'n8n-nodes-base.webhook',
	'n8n-nodes-base.formTrigger',
	'n8n-nodes-aesthetix.inboundWebhookTrigger',
	'n8n-nodes-aesthetix.workspaceEndpoint',
]);

/** The members named that have a value: n8n 1.x sends unset node settings as null. */
const pick = <T extends object>(from: T, keys: readonly string[]): Partial<T> =>
	Object.fromEntries(
		keys
			.filter((k) => (from as Record<string, unknown>)[k] != null)
			.map((k) => [k, (from as Record<string, unknown>)[k]]),
	) as Partial<T>;

function settingsOf(workflow: { settings?: Record<string, unknown> | null }) {
	return pick(workflow.settings ?? {}, WORKFLOW_SETTINGS);
}

export interface WorkflowExportContext {
	/** The placeholder that stands for a credential the workflow used. */
	placeholderFor(type: string, credential: { id?: string | null; name?: string }): string;
	/** The name of a template or team user by its id, or undefined when the workspace has none. */
	entityName(kind: EntityKind, id: number): string | undefined;
	values: ClinicValues;
}

const KIND_WORDS: Record<EntityKind, string> = {
	team: 'team user',
	email_template: 'email template',
	sms_template: 'SMS template',
};

function asReference(kind: EntityKind, name: string): string {
	if (kind === 'team') return reference.team(name);
	return reference.template(kind === 'email_template' ? 'email' : 'sms', name);
}

function exportNode(
	workflow: N8nWorkflow,
	node: N8nNode,
	ctx: WorkflowExportContext,
): SnapshotNode {
	const withoutValues = mapStrings(node.parameters ?? {}, (text) =>
		withoutClinicValues(text, ctx.values),
	);
	const parameters = mapEntityFields(node.type, withoutValues, (value, field) => {
		const id = pickedId(value);
		if (id === undefined) return value;
		const name = ctx.entityName(field.kind, id);
		if (name === undefined) {
			throw new SnapshotError(
				`Workflow "${workflow.name}", node "${node.name}": ${field.path.join(' › ')} is ${KIND_WORDS[field.kind]} ${id}, which this workspace does not have`,
				'Choose one that exists (or clear the field), save the workflow, and export again.',
			);
		}
		return asReference(field.kind, name);
	});
	const credentials = Object.fromEntries(
		Object.entries(node.credentials ?? {}).map(([type, credential]) => [
			type,
			{ placeholder: ctx.placeholderFor(type, credential) },
		]),
	);
	const fields = pick(node, NODE_FIELDS);
	// Workflows saved by older n8n versions say Continue On Fail; n8n reads it as onError now.
	if (node.continueOnFail && !fields.onError) fields.onError = 'continueRegularOutput';
	return {
		id: node.id,
		name: node.name,
		type: node.type,
		typeVersion: node.typeVersion,
		position: [Number(node.position?.[0] ?? 0), Number(node.position?.[1] ?? 0)],
		parameters,
		...(Object.keys(credentials).length > 0 ? { credentials } : {}),
		...(fields.notes !== undefined
			? { ...fields, notes: withoutClinicValues(fields.notes, ctx.values) }
			: fields),
	} as SnapshotNode;
}

/**
 * A workflow as the snapshot holds it: credential ids become placeholders, picked templates and team
 * users become references by name, the source clinic's own values become `[[value:…]]`, and pinned
 * data, static data and ids of other workflows are left out.
 */
export function toSnapshotWorkflow(
	workflow: N8nWorkflow,
	ctx: WorkflowExportContext,
): SnapshotWorkflow {
	return {
		key: workflow.id,
		name: withoutClinicValues(workflow.name, ctx.values),
		nodes: workflow.nodes.map((node) => exportNode(workflow, node, ctx)),
		connections: workflow.connections ?? {},
		settings: settingsOf(workflow),
	};
}

function mapStrings<T>(value: T, change: (text: string) => string): T {
	if (typeof value === 'string') return change(value) as T;
	if (Array.isArray(value)) return value.map((v) => mapStrings(v, change)) as T;
	if (value && typeof value === 'object') {
		return Object.fromEntries(
			Object.entries(value).map(([k, v]) => [k, mapStrings(v, change)]),
		) as T;
	}
	return value;
}

export interface WorkflowLoadContext {
	/** Placeholder → the clinic's credential (the workspace placeholder included). */
	credentials: Record<string, CredentialChoice>;
	resolve(ref: Reference): string | number;
	webhookPathPrefix: string;
	/** Makes the clinic's webhook ids its own, the same at every load so a second load changes nothing. */
	webhookSeed: string;
}

/** A webhook path under the clinic's prefix; expressions keep working, with the prefix in front. */
export function prefixed(path: unknown, prefix: string): unknown {
	if (!prefix || typeof path !== 'string' || path === '') return path;
	const clean = prefix.replace(/^\/+|\/+$/g, '');
	if (path.startsWith('=')) return `=${clean}/${path.slice(1).replace(/^\/+/, '')}`;
	return `${clean}/${path.replace(/^\/+/, '')}`;
}

/** A webhook id of the loading clinic's own, as a UUID, derived from the seed so it is stable. */
function clinicWebhookId(seed: string, workflowKey: string, nodeId: string): string {
	const hex = createHash('sha256').update(`${seed}\n${workflowKey}\n${nodeId}`).digest('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The literal webhook paths a loaded workflow will serve, for the conflict check before loading. */
export function webhookPaths(workflow: {
	nodes: Array<{ type: string; disabled?: boolean; parameters?: Record<string, unknown> }>;
}): string[] {
	return workflow.nodes
		.filter((n) => WEBHOOK_TYPES.has(n.type) && !n.disabled)
		.map((n) => n.parameters?.path)
		.filter((p): p is string => typeof p === 'string' && p !== '' && !p.startsWith('='))
		.map((p) => p.replace(/^\/+|\/+$/g, ''));
}

/** The body n8n's API takes to create (or update) the clinic's copy of a snapshot workflow. */
export function toN8nWorkflowBody(
	workflow: SnapshotWorkflow,
	ctx: WorkflowLoadContext,
): N8nWorkflowBody {
	const nodes = workflow.nodes.map((node): N8nNode => {
		const resolved = resolveReferences(node.parameters, ctx.resolve);
		const parameters = mapEntityFields(node.type, resolved, (value, field) =>
			typeof value === 'number' && field.stores === 'string' ? String(value) : value,
		);
		if (WEBHOOK_TYPES.has(node.type) && 'path' in parameters) {
			parameters.path = prefixed(parameters.path, ctx.webhookPathPrefix);
		}
		const credentials = Object.fromEntries(
			Object.entries(node.credentials ?? {}).map(([type, slot]) => {
				const choice = ctx.credentials[slot.placeholder];
				if (!choice) {
					throw new SnapshotError(
						`Credentials: the placeholder "${slot.placeholder}" (${type}) has no credential of this clinic`,
					);
				}
				return [type, { id: choice.id, name: choice.name }];
			}),
		);
		const { credentials: _placeholders, webhookId, notes, ...rest } = node;
		return {
			...rest,
			parameters,
			...(Object.keys(credentials).length > 0 ? { credentials } : {}),
			...(webhookId ? { webhookId: clinicWebhookId(ctx.webhookSeed, workflow.key, node.id) } : {}),
			...(notes !== undefined ? { notes: String(resolveReferences(notes, ctx.resolve)) } : {}),
		};
	});
	return {
		name: String(resolveReferences(workflow.name, ctx.resolve)),
		nodes,
		connections: workflow.connections,
		settings: { ...workflow.settings },
	};
}

/**
 * What a clinic's workflow is, for telling its own edits apart: names, types, parameters,
 * credentials, connections and settings. Where nodes sit on the canvas and their webhook ids do not
 * count.
 */
export function workflowHash(workflow: N8nWorkflow | N8nWorkflowBody): string {
	return contentHash({
		name: workflow.name,
		nodes: [...workflow.nodes]
			.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
			.map((node) => ({
				...pick(
					node,
					NODE_FIELDS.filter((f) => f !== 'webhookId'),
				),
				name: node.name,
				type: node.type,
				typeVersion: node.typeVersion,
				parameters: node.parameters ?? {},
				credentials: Object.fromEntries(
					Object.entries(node.credentials ?? {}).map(([type, c]) => [type, c.id ?? null]),
				),
			})),
		connections: workflow.connections ?? {},
		settings: settingsOf(workflow),
	});
}
