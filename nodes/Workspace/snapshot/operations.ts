import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';
import { exportSnapshot } from '../../../core/snapshots/exportSnapshot';
import {
	loadSnapshot,
	previewSnapshot,
	pushSnapshot,
	type PushSelection,
} from '../../../core/snapshots/loadSnapshot';
import { N8N_API_CREDENTIAL, WORKSPACE_CREDENTIAL } from '../../shared/transport/credentials';
import { WithFiles } from '../../shared/execution/errors';
import type { WorkspaceOperation } from '../types';
import { clinicOf, n8nApi, workspaceFields } from './clinic';
import { choiceFields, readChoices, snapshotFileField } from './fields';

const show = (...operation: string[]) => ({
	show: { resource: ['snapshot'], operation },
});

async function fileOf(ctx: IExecuteFunctions, i: number): Promise<Buffer> {
	const field = ctx.getNodeParameter('binaryPropertyName', i) as string;
	ctx.helpers.assertBinaryData(i, field);
	return ctx.helpers.getBinaryDataBuffer(i, field);
}

async function credentialNames(ctx: IExecuteFunctions): Promise<Map<string, string>> {
	const listed = await (await n8nApi(ctx)).listCredentials().catch(() => undefined);
	return new Map((listed ?? []).map((c) => [c.id, c.name]));
}

const exportOperation: WorkspaceOperation = {
	properties: [
		{
			displayName: 'Snapshot Name',
			name: 'snapshotName',
			type: 'string',
			default: '',
			placeholder: 'Med spa starter set-up',
			description: 'Empty: the Company Name and "set-up"',
		},
		{
			displayName: 'Put Output File in Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			required: true,
		},
	],
	async execute(ctx, i, store) {
		const credential = await ctx.getCredentials(WORKSPACE_CREDENTIAL);
		const workspace = workspaceFields(credential);
		const reference = ctx.getNode().credentials?.[WORKSPACE_CREDENTIAL];
		const api = await n8nApi(ctx);
		const n8nKey = String((await ctx.getCredentials(N8N_API_CREDENTIAL)).apiKey ?? '');
		const name = String(ctx.getNodeParameter('snapshotName', i, '') ?? '').trim();
		const { file, bytes, fileName } = await exportSnapshot({
			store,
			workflows: await api.listWorkflows(),
			workspaceCredentialId: String(reference?.id ?? ''),
			workspace,
			name: name || `${workspace.companyName || 'Clinic'} set-up`,
			secrets: [n8nKey, String(credential.pgPassword ?? '')],
			excludeWorkflowIds: [String(ctx.getWorkflow().id ?? '')],
		});
		const field = ctx.getNodeParameter('binaryPropertyName', i) as string;
		return new WithFiles(
			{
				snapshot: file.snapshot,
				file_name: fileName,
				values: file.values.map((v) => v.key),
				credentials: file.credentials,
				counts: {
					templates: file.templates.length,
					team: file.team.length,
					workflows: file.workflows.length,
				},
				workflows: file.workflows.map((w) => w.name),
			} as unknown as IDataObject,
			{ [field]: await ctx.helpers.prepareBinaryData(bytes, fileName, 'application/json') },
		);
	},
};

const loadOperation: WorkspaceOperation = {
	// The file and choice fields are shared with Preview Update and Push Update (see snapshotProperties).
	properties: [],
	async execute(ctx, i, store) {
		const bytes = await fileOf(ctx, i);
		const clinic = await clinicOf(ctx, store);
		const choices = readChoices(ctx, i, clinic.workspace, await credentialNames(ctx));
		const result = await loadSnapshot(bytes, clinic, choices);
		return result as unknown as IDataObject;
	},
};

const previewOperation: WorkspaceOperation = {
	properties: [],
	async execute(ctx, i, store) {
		const bytes = await fileOf(ctx, i);
		const clinic = await clinicOf(ctx, store);
		const preview = await previewSnapshot(bytes, clinic, {
			values: {},
			credentials: {},
			webhookPathPrefix: '',
		});
		const changes = preview.items.filter((item) => item.change !== 'unchanged');
		return {
			snapshot: preview.snapshot,
			changes,
			conflicts: changes.filter((c) => c.conflict).map((c) => c.key),
			unchanged: preview.items.length - changes.length,
		} as unknown as IDataObject;
	},
};

const keys = (text: string) =>
	text
		.split(/[\n,]/)
		.map((k) => k.trim())
		.filter(Boolean);

const pushOperation: WorkspaceOperation = {
	properties: [
		{
			displayName: 'Changes to Push',
			name: 'changes',
			type: 'options',
			default: 'allButConflicts',
			options: [
				{
					name: 'Every Change That Is Not a Conflict',
					value: 'allButConflicts',
					description: 'Conflicts follow Conflicts below',
				},
				{ name: 'Only These', value: 'only' },
			],
		},
		{
			displayName: 'Changes',
			name: 'onlyKeys',
			type: 'string',
			typeOptions: { rows: 3 },
			default: '',
			placeholder: 'template:email:Booking confirmation',
			description: 'The keys Preview Update lists, one per line or separated by commas',
			displayOptions: { show: { changes: ['only'] } },
		},
		{
			displayName: 'Conflicts',
			name: 'conflicts',
			type: 'options',
			default: 'keep',
			description:
				'A conflict is a change of the snapshot to something the clinic edited itself since loading',
			options: [
				{ name: "Keep the Clinic's Own", value: 'keep' },
				{ name: "Replace These With the Snapshot's", value: 'replaceThese' },
				{ name: "Replace All With the Snapshot's", value: 'replaceAll' },
			],
		},
		{
			displayName: 'Conflicts to Replace',
			name: 'replaceKeys',
			type: 'string',
			typeOptions: { rows: 3 },
			default: '',
			placeholder: 'template:sms:Appointment reminder',
			description: 'The keys of the conflicts to replace, as Preview Update lists them',
			displayOptions: { show: { conflicts: ['replaceThese'] } },
		},
	],
	async execute(ctx, i, store) {
		const bytes = await fileOf(ctx, i);
		const clinic = await clinicOf(ctx, store);
		const choices = readChoices(ctx, i, clinic.workspace, await credentialNames(ctx));
		const conflicts = ctx.getNodeParameter('conflicts', i) as string;
		const selection: PushSelection = {
			only:
				ctx.getNodeParameter('changes', i) === 'only'
					? keys(ctx.getNodeParameter('onlyKeys', i, '') as string)
					: undefined,
			overwrite:
				conflicts === 'replaceAll'
					? 'all'
					: conflicts === 'replaceThese'
						? keys(ctx.getNodeParameter('replaceKeys', i, '') as string)
						: [],
		};
		const result = await pushSnapshot(bytes, clinic, choices, selection);
		return result as unknown as IDataObject;
	},
};

export const snapshotOperations: Record<string, WorkspaceOperation> = {
	export: exportOperation,
	load: loadOperation,
	preview: previewOperation,
	push: pushOperation,
};

export const snapshotProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['snapshot'] } },
		default: 'export',
		options: [
			{
				name: 'Export',
				value: 'export',
				action: 'Export a snapshot of the workspace',
				description:
					'One file of this clinic\u2019s set-up: settings, Reputation, templates, team roles and workflows',
			},
			{
				name: 'Load',
				value: 'load',
				action: 'Load a snapshot into the workspace',
				description: 'Create or update the set-up of a snapshot file in this clinic',
			},
			{
				name: 'Preview Update',
				value: 'preview',
				action: 'Preview what a newer snapshot would change',
				description:
					'What a newer revision would change here, with this clinic\u2019s own edits as conflicts',
			},
			{
				name: 'Push Update',
				value: 'push',
				action: 'Push a newer snapshot into the workspace',
				description:
					'Take the changes of a newer revision; this clinic\u2019s own edits are kept unless chosen',
			},
		],
	},
	...updateDisplayOptions(show('export'), exportOperation.properties),
	...updateDisplayOptions(show('load', 'preview', 'push'), [snapshotFileField]),
	...updateDisplayOptions(show('push'), pushOperation.properties),
	...updateDisplayOptions(show('load', 'push'), choiceFields),
];
