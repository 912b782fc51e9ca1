import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import type { ActionRun, RunIdentity } from '../../../core/run/actionRun';
import type { ItemStep } from '../../../core/run/waitForWindow';
import { createTwilioVoice, type VoiceTransport } from '../../../providers/twilio';
import { keepUncalledItems, type PassThrough } from '../../../core/voice/heldCalls';
import type { CallStart } from '../../../core/voice/startCall';
import type { CallOutcome } from '../../../core/voice/outcome';
import type { VoiceCall } from '../../../core/store/voiceCalls';
import { EditorRunWatch } from '../execution/editorRun';
import { runPerItem } from '../execution/errors';
import { resumePost } from '../transport/resume';
import { twilioConfig } from '../transport/twilio';
import { workspaceStore } from '../transport/workspace';
import { WindowWait, wokenItemsWebhook } from './windowWait';
import { TWILIO_CREDENTIAL } from '../transport/credentials';

/**
 * What Call and Voicemail each supply: how to read an item's fields and start its call. The fields
 * are kept as JSON while an item waits for the contact's calling window, since the node's parameters
 * cannot be read again when n8n resumes it.
 */
export interface VoiceAction<I extends { itemCount: number }> {
	key: 'call' | 'voicemail';
	read(ctx: IExecuteFunctions, run: ActionRun, itemIndex: number): Promise<I>;
	start(
		run: ActionRun,
		voice: VoiceTransport,
		input: I,
		itemIndex: number,
		item: Record<string, unknown>,
		resumeUrl: string,
	): Promise<CallStart>;
	save(input: I): Record<string, unknown>;
	restore(saved: Record<string, unknown>): I;
}

/** What an editor run's warning advises, since neither action has a test number. */
const EDITOR_RUN_ADVICE: Record<VoiceCall['kind'], string> = {
	call: 'Calls have no test number: try this step with a contact of your own.',
	voicemail: 'Voicemail drops have no test number: try this step with a contact of your own.',
};

function outputFor(call: VoiceCall, watch: EditorRunWatch): INodeExecutionData[] {
	const pairedItem = { item: call.item_index };
	if ((call.result as unknown as PassThrough).passthrough) {
		return (call.result as unknown as PassThrough).stopped
			? []
			: [{ json: call.item as IDataObject, pairedItem }];
	}
	const outcome = {
		...(call.result as unknown as CallOutcome),
		// n8n stopped while the execution this one retries was placing it, and it was placed again.
		...(call.placed_again ? { sent_again: true } : {}),
	};
	// The CRM's Stop on Response table: the contact answering (a voicemail only without detection) ends the run.
	if (outcome.stop_on_response && outcome.counts_as_response) return [];
	// The contact's own leg was dialled: a Call whose user did not press a key never rang them.
	const json = watch.note(
		{ ...(call.item as IDataObject), [call.kind]: outcome as unknown as IDataObject },
		call.contact_call_sid !== null,
		call.contact_number,
	);
	return [{ json, pairedItem }];
}

/**
 * On resume: every item of the node run, in order, with its call's outcome. The resume URL is a
 * bearer token, so the request must name exactly this execution's calls at this node, all ended;
 * anything else is refused and the execution goes on waiting.
 */
export async function callsCompletedWebhook(
	this: IWebhookFunctions,
): Promise<IWebhookResponseData> {
	const store = await workspaceStore(this);
	const calls = await store.voiceCalls.forWaitingNode(this.getExecutionId(), this.getNode().id);
	const refuse = (message: string): IWebhookResponseData => {
		this.logger.warn(`Call resume refused: ${message}`);
		this.getResponseObject().status(409).json({ resumed: false, error: message });
		return { noWebhookResponse: true };
	};
	const named = (this.getBodyData() as { calls?: unknown } | undefined)?.calls;
	const ids = Array.isArray(named) ? named.map(Number) : [];
	const own = new Set(calls.map((c) => c.id));
	if (!ids.length || ids.some((id) => !own.has(id)) || own.size !== new Set(ids).size)
		return refuse('the calls named are not the calls of this execution at this node');
	if (calls.some((c) => c.status !== 'completed'))
		return refuse('not every call of this execution at this node has ended');
	// n8n keeps no execution hints from a resume webhook, so here the flag on each item is what tells.
	const watch = new EditorRunWatch(this, EDITOR_RUN_ADVICE[calls[0].kind]);
	const items = calls.flatMap((call) => outputFor(call, watch));
	return { webhookResponse: { resumed: true, calls: ids }, workflowData: [items] };
}

/** What starting one call came to, in the terms of the waiting skeleton. */
function callStep(actionName: string, started: CallStart): ItemStep {
	switch (started.kind) {
		case 'stopped':
			return started;
		case 'skipped':
			return { kind: 'result', result: started.result };
		case 'placed':
			// What the output says if the wait limit passes before Twilio reports the end of the call.
			return { kind: 'started', late: { status: 'no_outcome_in_time', call_id: started.call.id } };
		case 'deferred': {
			const { time_zone, local_time } = started.callingHours;
			const result = {
				action_name: actionName,
				status: 'waiting',
				reason: `Outside calling hours (8 AM to 9 PM): it is ${local_time} for the contact (${time_zone}); waiting until the window opens`,
				opens_at: started.opensAt,
				contact_id: started.contactId,
				calling_hours: started.callingHours,
			};
			return {
				kind: 'waiting',
				opensAt: started.opensAt,
				contactId: started.contactId,
				result,
				late: { status: 'no_outcome_in_time', opens_at: started.opensAt },
			};
		}
	}
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
	const wait = new WindowWait(ctx, run, action.key);
	const watch = new EditorRunWatch(ctx, EDITOR_RUN_ADVICE[action.key], 'is calling');
	const output = await runPerItem(ctx, async (i, item) => {
		const input = await action.read(ctx, run, i);
		const started = await action.start(run, voice, input, i, item.json, wait.resumeUrl);
		if (started.kind === 'placed') watch.willReach(started.call.contact_number);
		return wait.output(i, item, callStep(run.identity.actionName, started), () =>
			action.save(input),
		);
	});
	const log = (message: string) => ctx.logger.warn(message);
	const finished = await wait.finish(
		output,
		(decided, resumeUrl) =>
			keepUncalledItems(
				run.store,
				{
					identity: run.identity,
					resumeUrl,
					itemCount: ctx.getInputData().length,
					resume: resumePost(ctx),
					log,
				},
				decided,
			),
		(waiting) =>
			waiting
				? `Calling Hours: ${waiting} item(s) wait for the contact's calling window; the workflow continues when every call has ended.`
				: 'Calling: the workflow continues when Twilio reports the end of every call.',
	);
	// Shown while the execution waits, when the phones ring; n8n drops a waiting run's hints when it resumes.
	watch.warn();
	return finished;
}

/**
 * The node's resume webhook: a wake from the workspace endpoint (a contact's calling window opened)
 * starts the calls it names, and the node goes on waiting until the last call ends; a resume after
 * the last call ended outputs every item.
 */
export function voiceWebhook<I extends { itemCount: number }>(action: VoiceAction<I>) {
	return async function (this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const wake = (this.getBodyData() as { wake?: unknown } | undefined)?.wake;
		if (!Array.isArray(wake)) return callsCompletedWebhook.call(this);
		return wokenItemsWebhook(this, wake, {
			key: action.key,
			async open(ctx, run) {
				const voice = createTwilioVoice(twilioConfig(await ctx.getCredentials(TWILIO_CREDENTIAL)));
				return async (row) =>
					callStep(
						run.identity.actionName,
						await action.start(
							run,
							voice,
							action.restore(row.input),
							row.item_index,
							row.item,
							row.resume_url,
						),
					);
			},
			settle: (ctx, store, claimed) => async (decided) => {
				if (claimed.length === 0) return undefined;
				const [kept] = claimed;
				const node = {
					identity: kept.identity as unknown as RunIdentity,
					resumeUrl: kept.resume_url,
					itemCount: Number(kept.input.itemCount),
				};
				await keepUncalledItems(
					store,
					{ ...node, resume: resumePost(ctx), log: (message) => ctx.logger.warn(message) },
					decided,
				);
				return undefined;
			},
		});
	};
}
