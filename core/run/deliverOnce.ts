import type { DeliveryRecord, DeliveryStatus } from '../store/types';
import type { ActionRun } from './actionRun';
import { ActionError } from './errors';

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
	/** Sends the message; the record is claimed (its id can key tracked links). */
	send(record: DeliveryRecord): Promise<Sent<R>>;
	/** How a send that threw is recorded and reported; by default `failed` with its message. */
	failure?(error: unknown): Failure | Promise<Failure>;
	/** Runs once the record is closed, after a send and after a failure: the conversation log, premium counts. */
	after?(outcome: Outcome<R>): Promise<void>;
}

export interface Delivered<R> {
	result: R;
	/** The message went out in an earlier run (a retried node or execution) and was not sent again. */
	alreadySent: boolean;
}

/**
 * Another send holds the item's record, or one was interrupted before its outcome was known: sending
 * now could make it twice, since that send may have reached the provider already.
 */
export class DeliveryInProgress extends ActionError {
	constructor(target: DeliveryTarget, record: DeliveryRecord) {
		super(
			target.field,
			`This ${target.channel} to ${target.recipient} is already being sent by another run, or an earlier send was interrupted before its outcome was known (delivery record ${record.id}, since ${record.updated_at})`,
			"It was not sent again, so nobody receives it twice. Check the contact's conversation or the provider's log before sending it by hand.",
		);
	}
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The one delivery skeleton every action sends through: claim the item and recipient, return the
 * stored result when it already went out, send, close the record as sent or failed on every path
 * (an unexpected error too, so no record stays at `sending` and statistics stay true), then log.
 */
export async function deliverOnce<R>(
	run: ActionRun,
	itemIndex: number,
	target: DeliveryTarget,
	steps: DeliverySteps<R>,
): Promise<Delivered<R>> {
	const { workflowId, nodeId, actionName, executionId } = run.identity;
	const { record, claimed, alreadySent } = await run.store.deliveries.claim({
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
	if (alreadySent) return { result: record.result as R, alreadySent: true };
	if (!claimed) {
		throw new DeliveryInProgress(target, record);
	}

	let sent: Sent<R>;
	try {
		sent = await steps.send(record);
	} catch (error) {
		let failure: Failure = { status: 'failed', error: messageOf(error) };
		try {
			if (steps.failure) failure = await steps.failure(error);
		} finally {
			await run.store.deliveries.finish(record.id, {
				status: failure.status,
				error: failure.error,
			});
		}
		await steps.after?.({ status: failure.status, failure });
		throw failure.raise ?? error;
	}
	const status = sent.status ?? 'accepted';
	await run.store.deliveries.finish(record.id, {
		status,
		provider_message_id: sent.providerMessageId,
		error: sent.error ?? null,
		result: sent.result as unknown as Record<string, unknown>,
	});
	await steps.after?.({ status, sent });
	return { result: sent.result, alreadySent: false };
}
