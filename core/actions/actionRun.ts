import { MergeFieldRenderer } from '../merge';
import type { CompanyInfo } from '../merge';
import type { WorkspaceStore } from '../store';

/** Who is running: the workflow, the action (n8n node) and the execution, for records and idempotency. */
export interface RunIdentity {
	workflowId: string;
	nodeId: string;
	actionName: string;
	executionId: string;
	runIndex: number;
	/** A run started from the editor, where test addresses replace the contact. */
	isManual: boolean;
}

export interface WorkspaceSettings {
	company: CompanyInfo;
	publicBaseUrl: string;
}

/** What one node run shares across its items: the store, the workspace settings and the template cache. */
export class ActionRun {
	readonly renderer = new MergeFieldRenderer();
	private readonly memo = new Map<string, Promise<unknown>>();

	constructor(
		readonly identity: RunIdentity,
		readonly store: WorkspaceStore,
		readonly workspace: WorkspaceSettings,
	) {}

	/** Work that is the same for every item (a template, the Reputation settings) is done once per run. */
	once<T>(key: string, work: () => Promise<T>): Promise<T> {
		let result = this.memo.get(key) as Promise<T> | undefined;
		if (!result) {
			result = work();
			this.memo.set(key, result);
		}
		return result;
	}

	reputationSettings(): Promise<Record<string, unknown>> {
		return this.once('reputation', () => this.store.settings.get<Record<string, unknown>>('reputation', {}));
	}

	/** The same item of the same node run always gets the same key, so a retried node finds its earlier send. */
	idempotencyKey(itemIndex: number, purpose: string): string {
		const { workflowId, nodeId, executionId, runIndex } = this.identity;
		return `${workflowId}:${nodeId}:${executionId}:${runIndex}:${itemIndex}:${purpose}`;
	}
}
