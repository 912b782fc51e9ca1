import { isValidTimeZone } from '../merge';
import { isCountryCode } from '../contacts/phone';
import type { LoadChoices, WorkspaceFields } from './choices';
import {
	SnapshotError,
	VALUE_LABELS,
	WORKSPACE_PLACEHOLDER,
	type SnapshotFile,
	type SnapshotWorkflow,
	type ValueKey,
} from './format';
import { desiredValue, type Clinic, type Item } from './items';
import type { PlannedItem } from './plan';
import { referencesIn } from './references';
import type { WorkflowApiCapabilities } from './workflowApi';
import { prefixed, webhookPaths } from './workflows';

export interface PreflightInput {
	file: SnapshotFile;
	clinic: Clinic;
	choices: LoadChoices;
	plan: PlannedItem[];
	writes: PlannedItem[];
	removals: PlannedItem[];
	capabilities: WorkflowApiCapabilities;
}

const FIELD_LABELS: Record<keyof WorkspaceFields, string> = {
	companyName: 'Company Name',
	companyPhone: 'Company Phone',
	timeZone: 'Time Zone',
	defaultCountry: 'Default Country',
};

function checkValues(file: SnapshotFile, items: Item[], choices: LoadChoices): void {
	const uses = new Map<ValueKey, number>(file.values.map((v) => [v.key, 0]));
	for (const item of items) {
		for (const ref of referencesIn(item.source)) {
			if (ref.kind === 'value')
				uses.set(ref.name as ValueKey, (uses.get(ref.name as ValueKey) ?? 0) + 1);
		}
	}
	for (const [key, count] of uses) {
		if (!String(choices.values[key] ?? '').trim()) {
			const { label, description } = VALUE_LABELS[key];
			throw new SnapshotError(
				count === 0
					? `Values › ${label} is empty, and every clinic needs its own`
					: `Values › ${label} is empty, and the snapshot uses it in ${count} place${count === 1 ? '' : 's'}`,
				`${description}. Fill it in and load again.`,
			);
		}
	}
}

function checkSettings(writes: PlannedItem[], choices: LoadChoices): void {
	for (const p of writes) {
		if (p.key === 'setting:time_zone') {
			const zone = String(desiredValue(p.item!, choices));
			if (!isValidTimeZone(zone))
				throw new SnapshotError(
					`Time Zone "${zone}" is not an IANA time zone such as America/New_York`,
				);
		}
		if (p.key === 'setting:default_country') {
			const country = String(desiredValue(p.item!, choices));
			if (!isCountryCode(country))
				throw new SnapshotError(
					`Default Country "${country}" is not a two-letter country code such as US or GB`,
				);
		}
	}
}

/** The Workspace credential's fields the load changes: settings it holds, and the values given for the company. */
function workspacePatch(input: PreflightInput): Partial<WorkspaceFields> {
	const { clinic, choices, writes } = input;
	const patch: Partial<WorkspaceFields> = {};
	for (const p of writes) {
		const value = String(desiredValue(p.item!, choices));
		if (p.key === 'setting:time_zone' && value !== clinic.workspace.timeZone)
			patch.timeZone = value;
		if (p.key === 'setting:default_country' && value !== clinic.workspace.defaultCountry)
			patch.defaultCountry = value;
	}
	const name = choices.values.company_name?.trim();
	if (name && name !== clinic.workspace.companyName) patch.companyName = name;
	const phone = choices.values.company_phone?.trim();
	if (phone && phone !== clinic.workspace.companyPhone) patch.companyPhone = phone;
	if (Object.keys(patch).length > 0 && !input.capabilities.updateCredentials) {
		const fields = Object.entries(patch)
			.map(([k, v]) => `${FIELD_LABELS[k as keyof WorkspaceFields]} to "${v}"`)
			.join(', ');
		throw new SnapshotError(
			`This n8n cannot change credentials through its API, and the snapshot would set ${fields} in the Aesthetix Workspace credential "${clinic.workspaceCredential.name}"`,
			'Set those fields in the credential yourself (or give the clinic\u2019s own in the load\u2019s options), then load again. n8n 2.x can change them itself.',
		);
	}
	return patch;
}

async function checkCredentials(
	input: PreflightInput,
	workflows: SnapshotWorkflow[],
): Promise<void> {
	const used = new Map<string, string>();
	for (const workflow of workflows) {
		for (const node of workflow.nodes) {
			for (const [type, slot] of Object.entries(node.credentials ?? {}))
				used.set(slot.placeholder, type);
		}
	}
	used.delete(WORKSPACE_PLACEHOLDER);
	const known = input.capabilities.listCredentials
		? await input.clinic.n8n.listCredentials()
		: undefined;
	for (const [placeholder, type] of used) {
		const listed = input.file.credentials.find((c) => c.placeholder === placeholder);
		const choice = input.choices.credentials[placeholder];
		if (!choice?.id) {
			throw new SnapshotError(
				`Credentials: the placeholder "${placeholder}" (${listed?.label ?? type}, a ${type} credential) has no credential of this clinic`,
				'Add it under Credentials with one of the clinic\u2019s own credentials of that type, then load again.',
			);
		}
		if (known) {
			const found = known.find((c) => c.id === choice.id);
			if (!found)
				throw new SnapshotError(
					`Credentials: "${placeholder}" names credential ${choice.id}, which this n8n does not have`,
				);
			if (found.type !== type)
				throw new SnapshotError(
					`Credentials: "${placeholder}" needs a ${type} credential, and "${found.name}" is a ${found.type}`,
				);
		}
	}
}

async function checkWebhookPaths(input: PreflightInput, workflows: PlannedItem[]): Promise<void> {
	if (workflows.length === 0) return;
	const ours = new Set(
		input.plan.map((p) => p.current?.ref).filter((ref): ref is string => typeof ref === 'string'),
	);
	const taken = new Map<string, string>();
	for (const other of await input.clinic.n8n.listWorkflows()) {
		if (ours.has(other.id) || other.isArchived) continue;
		for (const path of webhookPaths(other)) taken.set(path, `"${other.name}" (id ${other.id})`);
	}
	for (const p of workflows) {
		const source = (p.item as Extract<Item, { kind: 'workflow' }>).source;
		const nodes = source.nodes.map((n) => ({
			...n,
			parameters: {
				...n.parameters,
				path: prefixed(n.parameters.path, input.choices.webhookPathPrefix),
			},
		}));
		for (const path of webhookPaths({ nodes })) {
			const holder = taken.get(path);
			if (holder) {
				throw new SnapshotError(
					`Workflow "${source.name}" would listen at the webhook path "${path}", which workflow ${holder} on this n8n already uses`,
					'n8n serves one workflow per path: set Webhook Path Prefix to one of this clinic\u2019s own (such as its name), then load again.',
				);
			}
		}
	}
}

/**
 * Everything that can be known before writing: every value filled in, settings that make sense,
 * every credential placeholder mapped to a credential of the right type, webhook paths free, and
 * the Workspace credential changeable when the load must change it. Returns that change.
 */
export async function preflight(input: PreflightInput): Promise<Partial<WorkspaceFields>> {
	const items = input.writes.map((p) => p.item!);
	checkValues(input.file, items, input.choices);
	checkSettings(input.writes, input.choices);
	const patch = workspacePatch(input);
	const workflows = input.writes.filter((p) => p.kind === 'workflow');
	await checkCredentials(
		input,
		workflows.map((p) => (p.item as Extract<Item, { kind: 'workflow' }>).source),
	);
	await checkWebhookPaths(input, workflows);
	return patch;
}
