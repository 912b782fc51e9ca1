import type { IDataObject, IExecuteFunctions, INodeExecutionData, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { ActionRun, type RunIdentity } from '../../core/actions/actionRun';
import { createTwilioVoice, type VoiceTransport } from '../../providers/twilio';
import { resumeWhenAllDone } from '../../core/voice/callFlow';
import type { CallStart } from '../../core/voice/startCall';
import type { CallOutcome } from '../../core/voice/outcome';
import type { WorkspaceStore } from '../../core/store';
import type { VoiceCall } from '../../core/store/voiceCalls';
import { EditorRunWatch } from './editorRun';
import { runPerItem } from './errors';
import { noteStopped } from './stopOnResponse';
import { resumeUrlFor } from './waitingTask';
import { TWILIO_CREDENTIAL, twilioConfig } from './twilio';
import { WORKSPACE_CREDENTIAL, workspaceSettings, workspaceStore } from './workspace';

/**
 * What Call and Voicemail each supply: how to read an item's fields and start its call. The fields
 * are kept as JSON while an item waits for the contact's calling window, since the node's parameters
 * cannot be read again when n8n resumes it.
 */
export interface VoiceAction<I extends { itemCount: number }> {
	key: 'call' | 'voicemail';
	read(ctx: IExecuteFunctions, run: ActionRun, itemIndex: number): Promise<I>;
	start(run: ActionRun, voice: VoiceTransport, input: I, itemIndex: number, item: Record<string, unknown>, resumeUrl: string): Promise<CallStart>;
	save(input: I): Record<string, unknown>;
	restore(saved: Record<string, unknown>): I;
}

type Resumer = { post: (url: string, body: unknown) => Promise<void>; log: (message: string) => void };

/** An item of the node run that placed no call: kept so the resumed node outputs it in its place. */
export interface PassThrough {
	passthrough: true;
	/** Stop on Response ended the item's run before a call: it has no output. */
	stopped?: boolean;
}

/** What an editor run's warning advises, since neither action has a test number. */
const EDITOR_RUN_ADVICE: Record<VoiceCall['kind'], string> = {
	call: 'Calls have no test number: try this step with a contact of your own.',
	voicemail: 'Voicemail drops have no test number: try this step with a contact of your own.',
};

function outputFor(call: VoiceCall, watch: EditorRunWatch): INodeExecutionData[] {
	const pairedItem = { item: call.item_index };
	if ((call.result as unknown as PassThrough).passthrough) {
		return (call.result as unknown as PassThrough).stopped ? [] : [{ json: call.item as IDataObject, pairedItem }];
	}
	const outcome = call.result as unknown as CallOutcome;
	// The CRM's Stop on Response table: the contact answering (a voicemail only without detection) ends the run.
	if (outcome.stop_on_response && outcome.counts_as_response) return [];
	// The contact's own leg was dialled: a Call whose user did not press a key never rang them.
	const json = watch.note({ ...(call.item as IDataObject), [call.kind]: outcome as unknown as IDataObject }, call.contact_call_sid !== null, call.contact_number);
	return [{ json, pairedItem }];
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
	// n8n keeps no execution hints from a resume webhook, so here the flag on each item is what tells.
	const watch = new EditorRunWatch(this, EDITOR_RUN_ADVICE[first.kind]);
	const items = calls.filter((c) => c.status === 'completed').flatMap((call) => outputFor(call, watch));
	return { webhookResponse: { resumed: true, calls: ids }, workflowData: [items] };
}

/**
 * Items that placed no call are stored beside the placed ones, and the node resumes once every call
 * has ended (which may already be the case by now).
 */
async function keepUncalledItems(
	store: WorkspaceStore,
	uncalled: Array<{ itemIndex: number; json: IDataObject | null }>,
	identity: Pick<RunIdentity, 'workflowId' | 'nodeId' | 'actionName' | 'executionId'>,
	resumeUrl: string,
	itemCount: number,
	resumer: Resumer,
): Promise<void> {
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
	if (last) await resumeWhenAllDone({ store, resume: resumer.post, log: resumer.log }, last);
}

/** How long a voice action waits for Twilio's reports before moving on without an outcome. */
const WAIT_LIMIT_MS = 4 * 60 * 60 * 1000;

/** The reason an item waits, as the output says it while the execution waits. */
function waitingNote(runActionName: string, started: Extract<CallStart, { kind: 'deferred' }>): IDataObject {
	const { time_zone, local_time } = started.callingHours;
	return {
		action_name: runActionName,
		status: 'waiting',
		reason: `Outside calling hours (8 AM to 9 PM): it is ${local_time} for the contact (${time_zone}); waiting until the window opens`,
		opens_at: started.opensAt,
		contact_id: started.contactId,
		calling_hours: started.callingHours,
	};
}

/**
 * Call and Voicemail: each item starts its call, or (Calling Hours set to wait) is kept in the store
 * until the contact's window opens; then the execution waits in n8n (surviving restarts, as the
 * manual actions do). The workspace endpoint wakes the node when a window opens, and resumes it with
 * the outcomes once every call has ended.
 */
export async function placeCallsAndWait<I extends { itemCount: number }>(
	ctx: IExecuteFunctions,
	run: ActionRun,
	voice: VoiceTransport,
	action: VoiceAction<I>,
): Promise<INodeExecutionData[][]> {
	const { key } = action;
	const resumeUrl = resumeUrlFor(ctx);
	const placed = new Set<number>();
	const stopped = new Set<number>();
	const opening: string[] = [];
	const watch = new EditorRunWatch(ctx, EDITOR_RUN_ADVICE[key], 'is calling');
	const output = await runPerItem(ctx, async (i, item) => {
		const input = await action.read(ctx, run, i);
		const started = await action.start(run, voice, input, i, item.json, resumeUrl);
		if (started.kind === 'stopped') {
			stopped.add(i);
			return noteStopped(ctx, i, started.reason);
		}
		if (started.kind === 'skipped') return { ...item.json, [key]: started.result as IDataObject };
		placed.add(i);
		if (started.kind === 'deferred') {
			const { nodeId, executionId } = run.identity;
			await run.store.deferredItems.keep({
				execution_id: executionId,
				node_id: nodeId,
				item_index: i,
				action: key,
				status: 'waiting',
				contact_id: started.contactId,
				opens_at: started.opensAt,
				resume_url: resumeUrl,
				identity: { ...run.identity },
				input: action.save(input),
				item: { ...item.json },
			});
			opening.push(started.opensAt);
			// What the output says if the wait limit passes before the window opens and the call ends.
			item.json[key] = { status: 'no_outcome_in_time', opens_at: started.opensAt };
			return { ...item.json, [key]: waitingNote(run.identity.actionName, started) };
		}
		watch.willReach(started.call.contact_number);
		// What the output says if the wait limit passes before Twilio reports the end of the call.
		item.json[key] = { status: 'no_outcome_in_time', call_id: started.call.id };
		return { ...item.json };
	});
	if (placed.size === 0) return [output];

	const uncalled = [
		...[...stopped].map((itemIndex) => ({ itemIndex, json: null })),
		...output.map((o) => ({ itemIndex: (o.pairedItem as { item: number }).item, json: o.json })).filter((o) => !placed.has(o.itemIndex)),
	];
	await keepUncalledItems(run.store, uncalled, run.identity, resumeUrl, ctx.getInputData().length, {
		post: async (url, body) => {
			await ctx.helpers.httpRequest({ method: 'POST', url, body: body as IDataObject, json: true });
		},
		log: (message) => ctx.logger.warn(message),
	});
	ctx.addExecutionHints({
		message: opening.length
			? `Calling Hours: ${opening.length} item(s) wait for the contact's calling window; the workflow continues when every call has ended.`
			: 'Calling: the workflow continues when Twilio reports the end of every call.',
		location: 'outputPane',
	});
	// Shown while the execution waits, when the phones ring; n8n drops a waiting run's hints when it resumes.
	watch.warn();
	const latest = Math.max(Date.now(), ...opening.map((at) => new Date(at).getTime()));
	await ctx.putExecutionToWait(new Date(latest + WAIT_LIMIT_MS));
	return [output];
}

/**
 * The node's resume webhook: a wake from the workspace endpoint (a contact's calling window opened)
 * starts the calls it names; a resume after the last call ended outputs every item.
 */
export function voiceWebhook<I extends { itemCount: number }>(action: VoiceAction<I>) {
	return async function (this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const wake = (this.getBodyData() as { wake?: unknown } | undefined)?.wake;
		if (Array.isArray(wake)) return startWokenCalls(this, action, wake);
		return callsCompletedWebhook.call(this);
	};
}

/**
 * The calls the waker names, each taken once (only items it claimed for this execution and node):
 * every check runs again now, since the contact may have replied, opted out or gone into Do Not
 * Disturb overnight. The node goes on waiting; it resumes when the last call ends.
 */
async function startWokenCalls<I extends { itemCount: number }>(ctx: IWebhookFunctions, action: VoiceAction<I>, ids: unknown[]): Promise<IWebhookResponseData> {
	const store = await workspaceStore(ctx);
	const claimed = await store.deferredItems.claimAllForSending(ids, String(ctx.getExecutionId()), ctx.getNode().id);
	if (claimed.length === 0) return { webhookResponse: { woken: [] } };
	const voice = createTwilioVoice(twilioConfig(await ctx.getCredentials(TWILIO_CREDENTIAL)));
	const identity = claimed[0].identity as unknown as RunIdentity;
	const run = new ActionRun(identity, store, workspaceSettings(await ctx.getCredentials(WORKSPACE_CREDENTIAL)));
	const uncalled: Array<{ itemIndex: number; json: IDataObject | null }> = [];
	let itemCount = 0;
	for (const row of claimed) {
		const input = action.restore(row.input);
		itemCount = input.itemCount;
		let started: CallStart;
		try {
			started = await action.start(run, voice, input, row.item_index, row.item, row.resume_url);
		} catch (error) {
			// Nobody can fix the item now: its output says why no call was made.
			started = { kind: 'skipped', result: { action_name: identity.actionName, status: 'failed', error: (error as Error).message } };
		}
		if (started.kind === 'deferred') {
			await store.deferredItems.update(row.id, { status: 'waiting', opens_at: started.opensAt });
			continue;
		}
		if (started.kind === 'stopped') {
			ctx.logger.info(`Stop on Response: item ${row.item_index} of "${identity.actionName}" ended its run. ${started.reason}.`);
			uncalled.push({ itemIndex: row.item_index, json: null });
		}
		if (started.kind === 'skipped') uncalled.push({ itemIndex: row.item_index, json: { ...(row.item as IDataObject), [action.key]: started.result as IDataObject } });
		await store.deferredItems.update(row.id, { status: 'done' });
	}
	await keepUncalledItems(store, uncalled, identity, claimed[0].resume_url, itemCount, {
		post: async (url, body) => {
			await ctx.helpers.httpRequest({ method: 'POST', url, body: body as IDataObject, json: true });
		},
		log: (message) => ctx.logger.warn(message),
	});
	return { webhookResponse: { woken: claimed.map((r) => r.id) } };
}
