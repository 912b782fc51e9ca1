import type { IDataObject, IExecuteFunctions, INodeExecutionData, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import type { ActionRun } from '../../core/actions/actionRun';
import { resumeWhenAllDone } from '../../core/voice/callFlow';
import type { CallStart } from '../../core/voice/startCall';
import type { CallOutcome } from '../../core/voice/outcome';
import type { WorkspaceStore } from '../../core/store';
import type { VoiceCall } from '../../core/store/voiceCalls';
import { runPerItem } from './errors';
import { noteStopped } from './stopOnResponse';
import { resumeUrlFor } from './waitingTask';
import { workspaceStore } from './workspace';

/** An item of the node run that placed no call: kept so the resumed node outputs it in its place. */
export interface PassThrough {
	passthrough: true;
	/** Stop on Response ended the item's run before a call: it has no output. */
	stopped?: boolean;
}

function outputFor(call: VoiceCall): INodeExecutionData[] {
	const pairedItem = { item: call.item_index };
	if ((call.result as unknown as PassThrough).passthrough) {
		return (call.result as unknown as PassThrough).stopped ? [] : [{ json: call.item as IDataObject, pairedItem }];
	}
	const outcome = call.result as unknown as CallOutcome;
	// The CRM's Stop on Response table: the contact answering (a voicemail only without detection) ends the run.
	if (outcome.stop_on_response && outcome.counts_as_response) return [];
	return [{ json: { ...(call.item as IDataObject), [call.kind]: outcome as unknown as IDataObject }, pairedItem }];
}

/** On resume: every item of the node run, in order, with its call's outcome. */
export async function callsCompletedWebhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const store = await workspaceStore(this);
	const ids = ((this.getBodyData() as { calls?: unknown[] }).calls ?? []).map(Number).filter(Number.isInteger);
	const first = ids.length ? await store.voiceCalls.get(ids[0]) : undefined;
	if (!first || first.node_id !== this.getNode().id) {
		return { webhookResponse: { resumed: false, error: 'Unknown calls' } };
	}
	const calls = await store.voiceCalls.forWaitingNode(first.execution_id, first.node_id);
	const items = calls.filter((c) => c.status === 'completed').flatMap(outputFor);
	return { webhookResponse: { resumed: true, calls: ids }, workflowData: [items] };
}

/**
 * Items that placed no call are stored beside the placed ones, and the node resumes once every call
 * has ended (which may already be the case by now).
 */
async function keepUncalledItems(
	ctx: IExecuteFunctions,
	store: WorkspaceStore,
	uncalled: Array<{ itemIndex: number; json: IDataObject | null }>,
	identity: { workflowId: string; nodeId: string; actionName: string; executionId: string },
	resumeUrl: string,
): Promise<void> {
	const itemCount = ctx.getInputData().length;
	let last: VoiceCall | undefined;
	for (const { itemIndex, json } of uncalled) {
		const result: PassThrough = json === null ? { passthrough: true, stopped: true } : { passthrough: true };
		const fields = { status: 'completed' as const, item: json ?? {}, result: result as unknown as Record<string, unknown> };
		const { call, existed } = await store.voiceCalls.create({
			workflow_id: identity.workflowId,
			node_id: identity.nodeId,
			action_name: identity.actionName,
			execution_id: identity.executionId,
			item_index: itemIndex,
			item_count: itemCount,
			resume_url: resumeUrl,
			...fields,
		});
		last = existed ? await store.voiceCalls.update(call.id, fields) : call;
	}
	if (last) {
		await resumeWhenAllDone(
			{
				store,
				resume: async (url, body) => {
					await ctx.helpers.httpRequest({ method: 'POST', url, body: body as IDataObject, json: true });
				},
				log: (message) => ctx.logger.warn(message),
			},
			last,
		);
	}
}

/** How long a voice action waits for Twilio's reports before moving on without an outcome. */
const WAIT_LIMIT_MS = 4 * 60 * 60 * 1000;

/**
 * Call and Voicemail: each item starts its call, then the execution waits in n8n (surviving
 * restarts, as the manual actions do) until the endpoint has seen every call end and resumes it.
 */
export async function placeCallsAndWait(
	ctx: IExecuteFunctions,
	run: ActionRun,
	key: 'call' | 'voicemail',
	start: (itemIndex: number, item: INodeExecutionData, resumeUrl: string) => Promise<CallStart>,
): Promise<INodeExecutionData[][]> {
	const resumeUrl = resumeUrlFor(ctx);
	const placed = new Set<number>();
	const stopped = new Set<number>();
	const output = await runPerItem(ctx, async (i, item) => {
		const started = await start(i, item, resumeUrl);
		if (started.kind === 'stopped') {
			stopped.add(i);
			return noteStopped(ctx, i, started.reason);
		}
		if (started.kind === 'skipped') return { ...item.json, [key]: started.result as IDataObject };
		placed.add(i);
		// What the output says if the wait limit passes before Twilio reports the end of the call.
		item.json[key] = { status: 'no_outcome_in_time', call_id: started.call.id };
		return { ...item.json };
	});
	if (placed.size === 0) return [output];

	const uncalled = [
		...[...stopped].map((itemIndex) => ({ itemIndex, json: null })),
		...output.map((o) => ({ itemIndex: (o.pairedItem as { item: number }).item, json: o.json })).filter((o) => !placed.has(o.itemIndex)),
	];
	await keepUncalledItems(ctx, run.store, uncalled, run.identity, resumeUrl);
	ctx.addExecutionHints({ message: 'Calling: the workflow continues when Twilio reports the end of every call.', location: 'outputPane' });
	await ctx.putExecutionToWait(new Date(Date.now() + WAIT_LIMIT_MS));
	return [output];
}
