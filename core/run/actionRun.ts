import type { ResolvedContact } from './resolveContact';
import { buildMergeContext, MergeFieldRenderer } from '../merge';
import type { CompanyInfo } from '../merge';
import type { WorkspaceStore } from '../store';
import type { ConversationInput } from '../store/conversations';
import {
	deliverOnce,
	type Delivered,
	type DeliverySteps,
	type DeliveryTarget,
} from './deliverOnce';
import type { InterruptedSend, InterruptedSends } from './interruptedSends';

/** A conversation entry as an action writes it; the run adds who wrote it. */
export type ConversationEntry = Omit<
	ConversationInput,
	'workflow_id' | 'action_name' | 'execution_id'
>;

/** Who is running: the workflow, the action (n8n node) and the execution, for records and idempotency. */
export interface RunIdentity {
	workflowId: string;
	nodeId: string;
	actionName: string;
	executionId: string;
	/**
	 * The execution whose work this is: the execution itself, or for a retry from n8n's executions
	 * list (and a retry of a retry) the execution first retried. Deliveries are keyed on it.
	 */
	originalExecutionId: string;
	runIndex: number;
	/** A run started from the editor, where test addresses replace the contact. */
	isManual: boolean;
}

export interface WorkspaceSettings {
	company: CompanyInfo;
	/** The country of national phone numbers such as (555) 123-4567. */
	defaultCountry?: string;
	publicBaseUrl: string;
}

/** How the action's settings shape a retry's sends. */
export interface RunOptions {
	/** What a retry does with the sends n8n stopped in the middle of: the action's setting. */
	interruptedSends: InterruptedSends;
	/** Told of each interrupted send as it is decided, for the execution's hints. */
	onInterrupted?(send: InterruptedSend): void;
}

/** What one node run shares across its items: the store, the workspace settings and the template cache. */
export class ActionRun {
	readonly renderer = new MergeFieldRenderer();
	private readonly memo = new Map<string, Promise<unknown>>();

	constructor(
		readonly identity: RunIdentity,
		readonly store: WorkspaceStore,
		readonly workspace: WorkspaceSettings,
		readonly options: RunOptions = { interruptedSends: 'skip' },
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
		return this.once('reputation', () =>
			this.store.settings.get<Record<string, unknown>>('reputation', {}),
		);
	}

	/** What an item's custom values can name: the item, its contact as the workspace knows it, the company. */
	async mergeContext(
		item: Record<string, unknown>,
		contact: Record<string, unknown>,
		resolved: ResolvedContact,
	): Promise<Record<string, unknown>> {
		// An empty Contact field must not hide the contact the trigger sent.
		const hasContact = Object.keys(contact).length > 0;
		return buildMergeContext({
			item: hasContact ? { ...item, contact } : item,
			contact: resolved.contact,
			assignedUser: resolved.assignedUser,
			company: this.workspace.company,
			reputation: await this.reputationSettings(),
		});
	}

	/**
	 * The same item of the same node run always gets the same key, so a retried node, and a retried
	 * execution, finds its earlier send; a fresh execution has keys of its own.
	 */
	idempotencyKey(itemIndex: number, purpose: string): string {
		const { workflowId, nodeId, originalExecutionId, runIndex } = this.identity;
		return `${workflowId}:${nodeId}:${originalExecutionId}:${runIndex}:${itemIndex}:${purpose}`;
	}

	/** Sends one item to one recipient at most once, and closes its delivery record whatever happens (see deliverOnce). */
	deliverOnce<R>(
		itemIndex: number,
		target: DeliveryTarget,
		steps: DeliverySteps<R>,
	): Promise<Delivered<R>> {
		return deliverOnce(this, itemIndex, target, steps);
	}

	/** An entry of this action as the store logs it: with the workflow, action and execution. */
	conversationInput(entry: ConversationEntry): ConversationInput {
		const { workflowId, actionName, executionId } = this.identity;
		return {
			...entry,
			workflow_id: workflowId,
			action_name: actionName,
			execution_id: executionId,
		};
	}

	/** Logs a message of this action to the contact's conversation. */
	async logToConversation(entry: ConversationEntry): Promise<void> {
		await this.store.conversations.log(this.conversationInput(entry));
	}
}
