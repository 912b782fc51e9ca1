import { randomUUID } from 'node:crypto';
import type { WorkspaceStore } from '../store';
import { contentHash } from './canonical';
import type { WorkspaceFields } from './choices';
import type { EntityKind } from './entityFields';
import {
	FORMAT,
	FORMAT_VERSION,
	SnapshotError,
	WORKSPACE_CREDENTIAL_TYPE,
	WORKSPACE_PLACEHOLDER,
	type SnapshotCredential,
	type SnapshotFile,
	type SnapshotSettings,
} from './format';
import { refuseContactsAndSecrets, type LocatedText } from './privacy';
import { readSnapshotSettings } from './settings';
import { publisherKey, signSnapshot } from './signing';
import { emailDomain, valuesUsed, withoutClinicValues, type ClinicValues } from './values';
import type { N8nWorkflow } from './workflowApi';
import { toSnapshotWorkflow } from './workflows';

/** The source workspace's own snapshot: its id stays, its revision grows when the content changes. */
export const EXPORT_SETTING = 'snapshot_export';
const SIGNING_SECRET_SETTING = 'signing_secret';

interface ExportState {
	id: string;
	revision: number;
	content_hash: string;
}

export interface ExportInput {
	store: WorkspaceStore;
	/** Every workflow n8n lists; those that use this workspace's credential are exported. */
	workflows: N8nWorkflow[];
	workspaceCredentialId: string;
	workspace: WorkspaceFields;
	name: string;
	/** Secrets the file must not contain, besides the store's own signing secret. */
	secrets: string[];
	/** Workflows to leave out, such as the one running the export. */
	excludeWorkflowIds?: string[];
}

export interface ExportResult {
	file: SnapshotFile;
	bytes: Buffer;
	fileName: string;
}

/** Workflows that move snapshots around are tools of the consultant, not part of a clinic's set-up. */
function isSnapshotTool(workflow: N8nWorkflow): boolean {
	return workflow.nodes.some(
		(n) => n.type === 'n8n-nodes-aesthetix.workspace' && n.parameters?.resource === 'snapshot',
	);
}

function usesWorkspace(workflow: N8nWorkflow, credentialId: string): boolean {
	return workflow.nodes.some(
		(n) => n.credentials?.[WORKSPACE_CREDENTIAL_TYPE]?.id === credentialId,
	);
}

const slug = (text: string) =>
	text
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 48) || 'credential';

/** One placeholder per credential the workflows use, named after it; this workspace is `workspace`. */
class Placeholders {
	readonly listed: SnapshotCredential[] = [];
	private readonly byCredential = new Map<string, string>();

	constructor(private readonly workspaceCredentialId: string) {}

	placeholderFor(type: string, credential: { id?: string | null; name?: string }): string {
		if (type === WORKSPACE_CREDENTIAL_TYPE && credential.id === this.workspaceCredentialId) {
			if (!this.byCredential.has('workspace')) {
				this.byCredential.set('workspace', WORKSPACE_PLACEHOLDER);
				this.listed.push({
					placeholder: WORKSPACE_PLACEHOLDER,
					type,
					label: 'The workspace the snapshot is loaded into',
				});
			}
			return WORKSPACE_PLACEHOLDER;
		}
		const identity = `${type}\n${credential.id ?? credential.name ?? ''}`;
		const known = this.byCredential.get(identity);
		if (known) return known;
		const base = slug(credential.name ?? type);
		let placeholder = base === WORKSPACE_PLACEHOLDER ? `${base}-2` : base;
		for (let n = 2; this.listed.some((c) => c.placeholder === placeholder); n++) {
			placeholder = `${base}-${n}`;
		}
		this.byCredential.set(identity, placeholder);
		this.listed.push({ placeholder, type, label: credential.name ?? type });
		return placeholder;
	}
}

/** The source clinic's own values, which the file names but does not hold. */
function clinicValues(
	workspace: WorkspaceFields,
	settings: SnapshotSettings,
	workflows: N8nWorkflow[],
): ClinicValues {
	const fromEmails = workflows
		.flatMap((w) => w.nodes)
		.map((n) => n.parameters?.fromEmail)
		.filter((v): v is string => typeof v === 'string');
	const domain =
		emailDomain(settings.reputation.sender_email) ??
		fromEmails.map(emailDomain).find((d) => d !== undefined);
	return {
		company_name: workspace.companyName.trim() || undefined,
		company_phone: workspace.companyPhone.trim() || undefined,
		review_link: settings.reputation.review_link.trim() || undefined,
		email_domain: domain,
	};
}

function located(file: Omit<SnapshotFile, 'integrity'>): LocatedText[] {
	return [
		{ where: 'The Reputation settings', text: JSON.stringify(file.settings.reputation) },
		...file.templates.map((t) => ({
			where: `The ${t.kind === 'email' ? 'email' : 'SMS'} template "${t.name}"`,
			text: `${t.subject ?? ''}\n${t.body}`,
		})),
		...file.workflows.flatMap((w) =>
			w.nodes.map((n) => ({
				where: `Workflow "${w.name}", node "${n.name}"`,
				text: JSON.stringify({ name: n.name, parameters: n.parameters, notes: n.notes }),
			})),
		),
		...file.team.map((m) => ({ where: `The team member "${m.name}"`, text: JSON.stringify(m) })),
	];
}

/**
 * Builds and signs the snapshot of a workspace: its configuration settings, Reputation settings,
 * every template, the active team as roles, and the workflows that use its credential. Refuses,
 * naming where, when any of it holds a contact's address or number or a secret.
 */
export async function exportSnapshot(input: ExportInput): Promise<ExportResult> {
	const { store, workspace } = input;
	const excluded = new Set(input.excludeWorkflowIds ?? []);
	const workflows = input.workflows
		.filter((w) => !w.isArchived && !excluded.has(w.id) && !isSnapshotTool(w))
		.filter((w) => usesWorkspace(w, input.workspaceCredentialId))
		.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1));
	const settings = await readSnapshotSettings(store.settings, workspace);
	const values = clinicValues(workspace, settings, workflows);

	const templates = [
		...(await store.templates.list('email')),
		...(await store.templates.list('sms')),
	];
	const team = await store.teamUsers.list();
	const names = new Map<string, number>();
	for (const user of team) {
		const key = user.name.trim().toLowerCase();
		if (names.has(key)) {
			throw new SnapshotError(
				`Two team users are named "${user.name}" (ids ${names.get(key)} and ${user.id})`,
				'A snapshot tells team members apart by name: rename one, then export again.',
			);
		}
		names.set(key, user.id);
	}
	const entityName = (kind: EntityKind, id: number) => {
		if (kind === 'team') return team.find((u) => u.id === id)?.name;
		const want = kind === 'email_template' ? 'email' : 'sms';
		return templates.find((t) => t.id === id && t.kind === want)?.name;
	};

	const placeholders = new Placeholders(input.workspaceCredentialId);
	const snapshotWorkflows = workflows.map((w) =>
		toSnapshotWorkflow(w, {
			placeholderFor: (type, c) => placeholders.placeholderFor(type, c),
			entityName,
			values,
		}),
	);
	const reputation = Object.fromEntries(
		Object.entries(settings.reputation).map(([k, v]) => [
			k,
			typeof v === 'string' ? withoutClinicValues(v, values) : v,
		]),
	) as unknown as SnapshotSettings['reputation'];

	const content = {
		settings: { ...settings, reputation },
		templates: templates.map((t) => ({
			kind: t.kind,
			name: t.name,
			subject: t.subject === null ? null : withoutClinicValues(t.subject, values),
			body: withoutClinicValues(t.body, values),
		})),
		team: team.map((u) => ({
			name: u.name.trim(),
			role: u.role,
			team: u.team,
			contact_access: u.contact_access,
		})),
		credentials: placeholders.listed,
		workflows: snapshotWorkflows,
	};

	const state = await store.settings.get<ExportState | null>(EXPORT_SETTING, null);
	const hash = contentHash(content);
	const next: ExportState = !state
		? { id: randomUUID(), revision: 1, content_hash: hash }
		: state.content_hash === hash
			? state
			: { ...state, revision: state.revision + 1, content_hash: hash };

	const unsigned = {
		format: FORMAT,
		format_version: FORMAT_VERSION,
		snapshot: {
			id: next.id,
			name: input.name.trim() || 'Clinic set-up',
			revision: next.revision,
			exported_at: new Date().toISOString(),
		},
		values: valuesUsed(content),
		...content,
	} as Omit<SnapshotFile, 'integrity'>;

	const signingSecret = await store.settings.get<string>(SIGNING_SECRET_SETTING, '');
	await refuseContactsAndSecrets(store.db, located(unsigned), [...input.secrets, signingSecret]);

	const file = signSnapshot(unsigned, await publisherKey(store.settings));
	if (next !== state) await store.settings.set(EXPORT_SETTING, next);
	const bytes = Buffer.from(`${JSON.stringify(file, null, 2)}\n`);
	const fileName = `${slug(unsigned.snapshot.name)}-r${next.revision}.aesthetix-snapshot.json`;
	return { file, bytes, fileName };
}
