import type {
	N8nCredentialSummary,
	N8nWorkflow,
	N8nWorkflowBody,
	WorkflowApiCapabilities,
} from '../../providers/n8n/types';

export type {
	N8nCredentialSummary,
	N8nNode,
	N8nWorkflow,
	N8nWorkflowBody,
	WorkflowApiCapabilities,
} from '../../providers/n8n/types';

/**
 * What the snapshots need from n8n: its workflows and credentials, through n8n's own public API
 * (never its database). `providers/n8n` implements it over HTTP with an API key.
 */
export interface WorkflowApi {
	capabilities(): Promise<WorkflowApiCapabilities>;
	listWorkflows(): Promise<N8nWorkflow[]>;
	/** Undefined when n8n has no such workflow (it was deleted). */
	getWorkflow(id: string): Promise<N8nWorkflow | undefined>;
	/** Created unpublished (inactive): a person publishes it when the clinic is ready. */
	createWorkflow(body: N8nWorkflowBody): Promise<N8nWorkflow>;
	/** Saves a new version; a published workflow keeps running the version it had, where n8n can. */
	updateWorkflow(id: string, body: N8nWorkflowBody): Promise<N8nWorkflow>;
	/** Deletes a workflow this load created moments ago, when the load is taken back. */
	deleteWorkflow(id: string): Promise<void>;
	/**
	 * Takes a workflow out of use without losing it: archived where n8n archives (2.x), otherwise
	 * unpublished. Returns the step that brings it back.
	 */
	removeWorkflow(id: string): Promise<() => Promise<void>>;
	/** Undefined when the API cannot list credentials (then the ids given are taken as they are). */
	listCredentials(): Promise<N8nCredentialSummary[] | undefined>;
	/** Writes the given fields of a credential's data, keeping the others. */
	updateCredential(id: string, data: Record<string, unknown>): Promise<void>;
}
