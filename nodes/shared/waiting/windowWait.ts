import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { ActionRun } from '../../../core/run/actionRun';
import {
	decidedOutput,
	keepWaiting,
	sendWokenItems,
	waitUntil,
	type DecidedItem,
	type ItemStep,
	type SettleWake,
	type WindowAction,
} from '../../../core/run/waitForWindow';
import type { WorkspaceStore } from '../../../core/store';
import type { DeferredItem } from '../../../core/store/deferredItems';
import { noteStopped } from '../descriptions/stopOnResponseField';
import { resumeUrlFor } from './taskWait';
import { workspaceSettings, workspaceStore } from '../transport/workspace';
import { WORKSPACE_CREDENTIAL } from '../transport/credentials';

/**
 * A node run whose items may wait for the contact's calling window (Send SMS, Call, Voicemail):
 * each item's step becomes its output, an item outside its window is kept until it opens, and once
 * every item ran, a node with items still to come holds the decided ones and puts the execution to
 * wait in n8n (surviving restarts), resumed by the node's webhook (see `wokenItemsWebhook`).
 */
export class WindowWait {
	private readonly openings: string[] = [];
	/** Items whose output comes later: waiting for their window, or with a call placed. */
	private readonly pending = new Set<number>();
	private readonly stopped = new Set<number>();
	private url?: string;

	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly run: ActionRun,
		private readonly key: WindowAction,
	) {}

	/** The signed URL that resumes this execution at this node. */
	get resumeUrl(): string {
		return (this.url ??= resumeUrlFor(this.ctx));
	}

	/** The item's output now; `saved` gives its fields as they are kept while it waits. */
	async output(
		itemIndex: number,
		item: INodeExecutionData,
		step: ItemStep,
		saved: () => Record<string, unknown>,
	): Promise<IDataObject | null> {
		if (step.kind === 'stopped') {
			this.stopped.add(itemIndex);
			return noteStopped(this.ctx, itemIndex, step.reason);
		}
		if (step.kind === 'result') return decidedOutput(this.key, item.json, step) as IDataObject;
		this.pending.add(itemIndex);
		if (step.kind === 'waiting') {
			await keepWaiting(
				this.run,
				this.key,
				this.resumeUrl,
				{ itemIndex, json: item.json, input: saved() },
				step,
			);
			this.openings.push(step.opensAt);
		}
		// What the output says if the wait limit passes first: n8n then passes the input items on.
		item.json[this.key] = step.late as IDataObject;
		return step.kind === 'waiting'
			? { ...item.json, [this.key]: step.result as IDataObject }
			: { ...item.json };
	}

	/**
	 * After every item ran: with none to come, the output goes on now; otherwise the decided items
	 * are held (none for an item Stop on Response ended) so the resumed node outputs every item in
	 * order, and the execution waits until the wait limit past the latest opening.
	 */
	async finish(
		output: INodeExecutionData[],
		keep: (decided: DecidedItem[], resumeUrl: string) => Promise<void>,
		hint: (waitingCount: number) => string,
	): Promise<INodeExecutionData[][]> {
		if (this.pending.size === 0) return [output];
		const byIndex = new Map(output.map((o) => [(o.pairedItem as { item: number }).item, o.json]));
		const decided: DecidedItem[] = [];
		for (let i = 0; i < this.ctx.getInputData().length; i++) {
			if (!this.pending.has(i))
				decided.push({
					itemIndex: i,
					output: this.stopped.has(i) ? null : (byIndex.get(i) ?? null),
				});
		}
		await keep(decided, this.resumeUrl);
		this.ctx.addExecutionHints({ message: hint(this.openings.length), location: 'outputPane' });
		await this.ctx.putExecutionToWait(waitUntil(this.openings));
		return [output];
	}
}

/** What a node says for its woken items: how one kept item is sent now, and where the outputs wait. */
export interface WokenSender {
	key: WindowAction;
	/** Opens what sending needs (the provider's transport), once per wake; returns how one kept item is sent. */
	open(ctx: IWebhookFunctions, run: ActionRun): Promise<(row: DeferredItem) => Promise<ItemStep>>;
	/** Where the decided items' outputs wait, given the items this request took (perhaps none). */
	settle(ctx: IWebhookFunctions, store: WorkspaceStore, claimed: DeferredItem[]): SettleWake;
}

/**
 * The resume webhook's wake from the workspace endpoint (see `sendWokenItems`): the node resumes with
 * every item's output when this request finished the last one, and otherwise goes on waiting.
 */
export async function wokenItemsWebhook(
	ctx: IWebhookFunctions,
	wake: unknown[],
	sender: WokenSender,
): Promise<IWebhookResponseData> {
	const store = await workspaceStore(ctx);
	const { woken, outputs } = await sendWokenItems(
		store,
		wake,
		{ executionId: String(ctx.getExecutionId()), nodeId: ctx.getNode().id },
		{
			key: sender.key,
			open: async (identity) =>
				sender.open(
					ctx,
					new ActionRun(
						identity,
						store,
						workspaceSettings(await ctx.getCredentials(WORKSPACE_CREDENTIAL)),
					),
				),
			settle: (claimed) => sender.settle(ctx, store, claimed),
			log: (message) => ctx.logger.info(message),
		},
	);
	if (!outputs) return { webhookResponse: { woken } };
	const items = outputs
		.filter((o) => o.output !== null)
		.map((o) => ({ json: o.output as IDataObject, pairedItem: { item: o.itemIndex } }));
	return { webhookResponse: { woken, resumed: true }, workflowData: [items] };
}
