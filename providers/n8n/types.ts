/** n8n's public API (v1) as the snapshots use it: workflows and credentials, as n8n 1.123 and 2.41 shape them. */
export interface N8nNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id?: string | null; name?: string }>;
	webhookId?: string;
	disabled?: boolean;
	notes?: string;
	notesInFlow?: boolean;
	executeOnce?: boolean;
	alwaysOutputData?: boolean;
	retryOnFail?: boolean;
	maxTries?: number;
	waitBetweenTries?: number;
	onError?: string;
	continueOnFail?: boolean;
}

export interface N8nWorkflow {
	id: string;
	name: string;
	active?: boolean;
	isArchived?: boolean;
	nodes: N8nNode[];
	connections: Record<string, unknown>;
	settings?: Record<string, unknown> | null;
}

/** What creating or updating a workflow sends: n8n's public API refuses any other member. */
export interface N8nWorkflowBody {
	name: string;
	nodes: N8nNode[];
	connections: Record<string, unknown>;
	settings: Record<string, unknown>;
}

export interface N8nCredentialSummary {
	id: string;
	name: string;
	type: string;
}

/** What the n8n at hand offers: 2.x lists and updates credentials and keeps drafts; 1.x does not. */
export interface WorkflowApiCapabilities {
	listCredentials: boolean;
	updateCredentials: boolean;
	/** An update of a published workflow is saved as a draft instead of going live. */
	drafts: boolean;
}
