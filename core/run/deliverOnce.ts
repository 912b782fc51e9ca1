import type { DeliveryOutcome } from '../store/deliveries';
import type { DeliveryRecord, DeliveryStatus } from '../store/types';
import type { ActionRun, ConversationEntry } from './actionRun';
import { ActionError } from './errors';
import { interruptedEarlier, type InterruptedSend } from './interruptedSends';

/** One item's message to one recipient on one channel. */
export interface DeliveryTarget {
	channel: string;
	recipient: string;
	contactId: number | null;
	isTest: boolean;
	/** The field an error about this recipient names: Contact, Test Email, a team user... */
	field: string;
	/** For email: marketing or transactional, which the complaint rate of marketing mail reads. */
	kind?: string;
}

export interface Sent<R> {
	/** What the item's output reports; kept so that a retry reports the same. */
	result: R;
	providerMessageId: string | null;
	/** `accepted` unless the send decided otherwise (a notification dropped over its limit is `skipped`). */
	status?: DeliveryStatus;
	error?: string;
}

export interface Failure {
	status: DeliveryStatus;
	error: string;
	/** The error the item reports instead of the one the send threw (a provider error read as a fix). */
	raise?: unknown;
}

export type Outcome<R> =
	{ status: DeliveryStatus; sent: Sent<R> } | { status: DeliveryStatus; failure: Failure };

export interface DeliverySteps<R> {
	/**
	 * Sends the message; the record is claimed (its id can key tracked links). `sentAgain`: n8n
	 * stopped while an earlier run was sending it, and the action's setting sends it again.
	 */
	send(record: DeliveryRecord, sentAgain: boolean): Promise<Sent<R>>;
	/** How a send that threw is recorded and reported; by default `failed` with its message. */
	failure?(error: unknown): Failure | Promise<Failure>;
	/**
	 * The contact's conversation entry for the outcome, if it leaves one: logged with the record's
	 * close, in the same statement where the store can.
	 */
	entry?(outcome: Outcome<R>): ConversationEntry | undefined;
	/** Runs once the record is closed, after a send and after a failure: premium counts, a conversation entry of its own. */
	after?(outcome: Outcome<R>): Promise<void>;
}

export type Delivered<R> =
	| {
			result: R;
			/** The message went out in an earlier run (a retried node or execution) and was not sent again. */
			alreadySent: boolean;
			/** n8n stopped while an earlier run was sending it, and the action's setting sent it again. */
			sentAgain: boolean;
			interrupted?: undefined;
	  }
	| {
			/** n8n stopped while an earlier run was sending it, and the action's setting skipped it. */
			interrupted: InterruptedSend;
			result?: undefined;
			alreadySent: false;
			sentAgain: false;
	  };

/**
 * Another send of this execution holds the item's record, or another retry of the same execution
 * decided it first: sending now could make it twice.
 */
export class DeliveryInProgress extends ActionError {
	constructor(target: DeliveryTarget, record: DeliveryRecord) {
		super(
			target.field,
			`This ${target.channel} to ${target.recipient} is already being sent by another run (delivery record ${record.id}, since ${record.updated_at})`,
			"It was not sent again, so nobody receives it twice. Check the contact's conversation or the provider's log before sending it by hand.",
		);
	}
}

/** Output fields every send reports on a retry. */
export interface RetryMarks {
	/** The message went out in the execution this one retries: it was not sent again. */
	already_sent?: boolean;
	/** n8n stopped while the execution this one retries was sending it, and it was sent again. */
	sent_again?: boolean;
}

/**
 * An item's output from its delivery: the earlier result marked `already_sent`, a send repeated
 * after an interruption marked `sent_again`, or what the action reports for an interrupted send it
 * skipped (`status: "interrupted"`).
 */
export function deliveredOutput<R extends RetryMarks>(
	delivered: Delivered<R>,
	skipped: (send: InterruptedSend) => R,
): R {
	if (delivered.interrupted) return skipped(delivered.interrupted);
	if (delivered.alreadySent) return { ...delivered.result, already_sent: true };
	if (delivered.sentAgain) return { ...delivered.result, sent_again: true };
	return delivered.result;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The one delivery skeleton every action sends through: claim the item and recipient, return the
 * stored result when it already went out, send, close the record as sent or failed on every path
 * (an unexpected error too, so no record stays at `sending` and statistics stay true), then log.
 * A record an earlier execution of this work left open (n8n stopped mid-send) is decided by the
 * action's Interrupted Sends setting: closed as interrupted and reported, or taken over and sent.
 */
export async function deliverOnce<R>(
	run: ActionRun,
	itemIndex: number,
	target: DeliveryTarget,
	steps: DeliverySteps<R>,
): Promise<Delivered<R>> {
	const { workflowId, nodeId, actionName, executionId } = run.identity;
	const claim = await run.store.deliveries.claim({
		idempotency_key: run.idempotencyKey(itemIndex, `${target.channel}:${target.recipient}`),
		workflow_id: workflowId,
		node_id: nodeId,
		action_name: actionName,
		execution_id: executionId,
		channel: target.channel,
		contact_id: target.contactId,
		recipient: target.recipient,
		is_test: target.isTest,
		message_kind: target.kind ?? null,
	});
	let { record } = claim;
	if (claim.alreadySent) return { result: record.result as R, alreadySent: true, sentAgain: false };
	let sentAgain = false;
	if (!claim.claimed) {
		if (!interruptedEarlier(record, executionId)) throw new DeliveryInProgress(target, record);
		const heldBy = record.execution_id ?? '';
		const interrupted: InterruptedSend = {
			itemIndex,
			channel: target.channel,
			recipient: target.recipient,
			decision: run.options.interruptedSends,
			since: record.created_at,
		};
		if (interrupted.decision === 'skip') {
			if (!(await run.store.deliveries.interrupt(record.id, heldBy)))
				throw new DeliveryInProgress(target, record);
			run.options.onInterrupted?.(interrupted);
			return { interrupted, alreadySent: false, sentAgain: false };
		}
		const taken = await run.store.deliveries.takeOver(record.id, heldBy, executionId);
		if (!taken) throw new DeliveryInProgress(target, record);
		run.options.onInterrupted?.(interrupted);
		record = taken;
		sentAgain = true;
	}

	const close = async (outcome: Outcome<R>, fields: Omit<DeliveryOutcome, 'status'>) => {
		// Whatever the entry does, the record is closed: an open record would block every retry.
		let entry: ConversationEntry | undefined;
		let entryFailure: { error: unknown } | undefined;
		try {
			entry = steps.entry?.(outcome);
		} catch (error) {
			entryFailure = { error };
		}
		await run.store.deliveries.finish(
			record.id,
			{ ...fields, status: outcome.status },
			entry && run.conversationInput(entry),
		);
		if (entryFailure) throw entryFailure.error;
	};
	let sent: Sent<R>;
	try {
		sent = await steps.send(record, sentAgain);
	} catch (error) {
		let failure: Failure = { status: 'failed', error: messageOf(error) };
		try {
			if (steps.failure) failure = await steps.failure(error);
		} finally {
			await close({ status: failure.status, failure }, { error: failure.error });
		}
		await steps.after?.({ status: failure.status, failure });
		throw failure.raise ?? error;
	}
	const status = sent.status ?? 'accepted';
	await close(
		{ status, sent },
		{
			provider_message_id: sent.providerMessageId,
			error: sent.error ?? null,
			result: sent.result as unknown as Record<string, unknown>,
		},
	);
	await steps.after?.({ status, sent });
	return { result: sent.result, alreadySent: false, sentAgain };
}
