import type { WorkspaceStore } from '../store';
import type { DeferredItem } from '../store/deferredItems';
import type { ActionRun, RunIdentity } from './actionRun';

type Json = Record<string, unknown>;

/** The actions whose items can wait for the contact's calling window; also the key of their result in the output. */
export type WindowAction = DeferredItem['action'];

/** What sending one item came to, as the action says it: the same answer when the node runs and when a window opens. */
export type ItemStep =
	/** Decided now (sent, skipped, failed): the item goes on with the result under the action's key. */
	| { kind: 'result'; result: Json }
	/** Stop on Response ended the item's run: it has no output. */
	| { kind: 'stopped'; reason: string }
	/**
	 * Outside the contact's calling window: the item is kept until it opens. `result` is what the
	 * output says meanwhile; `late`, what it says if the execution's wait limit passes first.
	 */
	| { kind: 'waiting'; opensAt: string; contactId: number | null; result: Json; late: Json }
	/** A call placed: its outcome comes from Twilio later; `late` is what the output says if it never does. */
	| { kind: 'started'; late: Json };

/** An item that waits for nothing more, with its output (null when Stop on Response ended its run). */
export interface DecidedItem {
	itemIndex: number;
	output: Json | null;
}

/**
 * After a wake decided `decided` (their rows already `done` with their output): every item's output
 * in order when this request finished the last one, else undefined and the node goes on waiting.
 * Send SMS resumes as the last text goes out; Call and Voicemail keep their outputs with the calls
 * and resume when the last call ends.
 */
export type SettleWake = (decided: DecidedItem[]) => Promise<DecidedItem[] | undefined>;

/** How long past the last window's opening the execution waits before n8n moves on without the items. */
export const WINDOW_WAIT_LIMIT_MS = 4 * 60 * 60 * 1000;

/** When the execution stops waiting: the wait limit past the latest opening (or past now). */
export function waitUntil(openings: string[]): Date {
	return new Date(
		Math.max(Date.now(), ...openings.map((at) => new Date(at).getTime())) + WINDOW_WAIT_LIMIT_MS,
	);
}

/** The item's output for a decided step: its result under the action's key, or none when its run stopped. */
export function decidedOutput(
	key: WindowAction,
	item: Json,
	step: Extract<ItemStep, { kind: 'result' | 'stopped' }>,
): Json | null {
	return step.kind === 'stopped' ? null : { ...item, [key]: step.result };
}

/**
 * Keeps an item outside its window with what sending it later needs: the fields as the node read
 * them (parameters cannot be read on resume) and the run's identity, so its delivery key is the same.
 */
export async function keepWaiting(
	run: ActionRun,
	key: WindowAction,
	resumeUrl: string,
	item: { itemIndex: number; json: Json; input: Json },
	step: Extract<ItemStep, { kind: 'waiting' }>,
): Promise<void> {
	await run.store.deferredItems.keep({
		execution_id: run.identity.executionId,
		node_id: run.identity.nodeId,
		item_index: item.itemIndex,
		action: key,
		status: 'waiting',
		contact_id: step.contactId,
		opens_at: step.opensAt,
		resume_url: resumeUrl,
		identity: { ...run.identity },
		input: item.input,
		item: { ...item.json },
	});
}

/**
 * Send SMS: the items a node run decided at once wait as `done` rows beside the waiting ones (a
 * retried node keeps its first attempt's rows), so that the last wake outputs every item in order.
 */
export async function keepDecidedItems(
	run: Pick<ActionRun, 'store' | 'identity'>,
	resumeUrl: string,
	decided: DecidedItem[],
): Promise<void> {
	for (const { itemIndex, output } of decided) {
		await run.store.deferredItems.keep({
			execution_id: run.identity.executionId,
			node_id: run.identity.nodeId,
			item_index: itemIndex,
			action: 'sms',
			status: 'done',
			resume_url: resumeUrl,
			identity: { ...run.identity },
			input: {},
			item: {},
			output,
		});
	}
}

/** Send SMS after a wake: once every item is done, one request takes all their outputs (see takeOutput). */
export async function takeItemOutputs(
	store: WorkspaceStore,
	executionId: string,
	nodeId: string,
): Promise<DecidedItem[] | undefined> {
	const done = await store.deferredItems.takeOutput(executionId, nodeId);
	return done?.map((row) => ({ itemIndex: row.item_index, output: row.output }));
}

/** What a wake needs from the action: opened once per request, and only when it took an item. */
export interface WokenAction {
	key: WindowAction;
	/** How one item is sent now, under the run the items were kept with: every check runs again. */
	open(identity: RunIdentity): Promise<(row: DeferredItem) => Promise<ItemStep>>;
	/** Where the decided items' outputs wait, given the items this request took (perhaps none). */
	settle(claimed: DeferredItem[]): SettleWake;
	log(message: string): void;
}

export interface Woken {
	/** The ids of the items this request took. */
	woken: number[];
	/** Every item's output, in order, when this request finished the last one: the node resumes with them. */
	outputs?: DecidedItem[];
}

/**
 * The one wake skeleton for Send SMS, Call and Voicemail: the workspace endpoint names the items
 * whose window opened; each is taken once (only items a waker claimed for this execution and node,
 * so a second request or another process finds nothing to take) and sent now, after every check runs
 * again (an opt-out, DND or a reply overnight skips or stops it). An item whose window moved waits
 * again; the others are done and their outputs held until every item of the node is done.
 */
export async function sendWokenItems(
	store: WorkspaceStore,
	ids: unknown[],
	at: { executionId: string; nodeId: string },
	action: WokenAction,
): Promise<Woken> {
	const claimed = await store.deferredItems.claimAllForSending(ids, at.executionId, at.nodeId);
	const decided: DecidedItem[] = [];
	if (claimed.length > 0) {
		const identity = claimed[0].identity as unknown as RunIdentity;
		const send = await action.open(identity);
		for (const row of claimed) {
			let step: ItemStep;
			try {
				step = await send(row);
			} catch (error) {
				// Nobody can fix the item now: its output says why it was not sent.
				step = {
					kind: 'result',
					result: {
						action_name: identity.actionName,
						status: 'failed',
						error: (error as Error).message,
					},
				};
			}
			if (step.kind === 'waiting') {
				await store.deferredItems.update(row.id, { status: 'waiting', opens_at: step.opensAt });
				continue;
			}
			if (step.kind === 'stopped')
				action.log(
					`Stop on Response: item ${row.item_index} of "${identity.actionName}" ended its run. ${step.reason}.`,
				);
			const output = step.kind === 'started' ? null : decidedOutput(action.key, row.item, step);
			if (step.kind !== 'started') decided.push({ itemIndex: row.item_index, output });
			await store.deferredItems.update(row.id, { status: 'done', output });
		}
	}
	const outputs = await action.settle(claimed)(decided);
	return { woken: claimed.map((r) => r.id), ...(outputs ? { outputs } : {}) };
}
