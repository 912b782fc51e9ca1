import type { IExecuteFunctions, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import type { WorkspaceFields } from '../../../core/snapshots/choices';
import { ActionError } from '../../../core/run/errors';
import type { Clinic } from '../../../core/snapshots/items';
import type { WorkspaceStore } from '../../../core/store';
import { N8nPublicApi } from '../../../providers/n8n';
import { N8N_API_CREDENTIAL, WORKSPACE_CREDENTIAL } from '../../shared/transport/credentials';

type CredentialReader = Pick<IExecuteFunctions, 'getCredentials'>;

/** n8n's public API, as the node's Aesthetix n8n API credential reaches it. */
export async function n8nApi(ctx: CredentialReader): Promise<N8nPublicApi> {
	const credential = await ctx.getCredentials(N8N_API_CREDENTIAL);
	return new N8nPublicApi({
		baseUrl: String(credential.baseUrl || 'http://localhost:5678'),
		apiKey: String(credential.apiKey ?? ''),
	});
}

export function workspaceFields(credential: Record<string, unknown>): WorkspaceFields {
	return {
		companyName: String(credential.companyName ?? ''),
		companyPhone: String(credential.companyPhone ?? ''),
		timeZone: String(credential.timeZone || 'UTC'),
		defaultCountry: String(credential.defaultCountry || 'US')
			.trim()
			.toUpperCase(),
	};
}

/** The clinic the node works on: its store, this n8n, and the Workspace credential the node uses. */
export async function clinicOf(ctx: IExecuteFunctions, store: WorkspaceStore): Promise<Clinic> {
	const reference = ctx.getNode().credentials?.[WORKSPACE_CREDENTIAL];
	if (!reference?.id) {
		throw ActionError.of(
			'Workspace',
			'save the workflow with an Aesthetix Workspace credential chosen',
		);
	}
	return {
		store,
		n8n: await n8nApi(ctx),
		workspaceCredential: { id: reference.id, name: reference.name },
		workspace: workspaceFields(await ctx.getCredentials(WORKSPACE_CREDENTIAL)),
	};
}

/** The Credential pickers of a load: this n8n's credentials, by name and type, through its API. */
export async function getN8nCredentials(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const listed = await (await n8nApi(this)).listCredentials();
	if (!listed) {
		throw new ActionError(
			'Credential',
			"This n8n's API cannot list credentials (n8n 1.x): give each credential's ID with an expression",
		);
	}
	return listed
		.sort((a, b) => a.name.localeCompare(b.name))
		.map((c) => ({ name: `${c.name} (${c.type})`, value: c.id }));
}
