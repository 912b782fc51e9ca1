import type { ActionRun } from '../run/actionRun';
import { deliveredOutput, type RetryMarks } from '../run/deliverOnce';
import { interruptedReason } from '../run/interruptedSends';
import type { ActionError } from '../run/errors';
import { REVIEW_CHANNEL, type ReviewStatus, type ReviewType } from './status';

/** What the send produced for the action's output; shared by both review types. */
export interface ReviewRequestResult extends RetryMarks {
	action_name: string;
	review_type: ReviewType;
	/**
	 * Queued, Sent, Delivered (SMS only, later) or Failed; `skipped` when the contact may not be
	 * reached; `stopped` when Stop on Response ended the item's run; `interrupted` when n8n stopped
	 * in the middle of it and a retry did not send it again.
	 */
	status: ReviewStatus | 'skipped' | 'stopped' | 'interrupted';
	reason?: string;
	contact_id?: number;
	to?: string;
	from?: string;
	/** Who the request went out as: the contact's assigned user, or the workspace sender. */
	sent_as?: 'assigned_user' | 'workspace';
	subject?: string;
	body?: string;
	review_link?: string;
	message_id?: string;
	message_sid?: string;
	/** Set when the SMTP credential logs in as another address than the sender, which the spec warns about. */
	sender_warning?: string;
	/** Email only: marketing or transactional. */
	email_type?: 'marketing' | 'transactional';
	/** Email only: the signed one-click address the request carries. */
	unsubscribe_link?: string;
	blank_merge_fields: string[];
	/** False for SMS when no workspace endpoint is active: then Delivered cannot be known. */
	statistics_tracked: boolean;
}

export type ReviewOutcome =
	| { sent: true; providerId: string; providerStatus: string; result: ReviewRequestResult }
	| { sent: false; error: ActionError };

/** A rendered request, ready to go: what the conversation shows, and the one call that sends it. */
export interface PreparedReview {
	type: ReviewType;
	recipient: string;
	contactId?: number;
	reviewLink: string;
	subject: string | null;
	body: string;
	from: string;
	/** For email: marketing or transactional. */
	kind?: string;
	/** Sends it; the delivery record is claimed (its id signs the unsubscribe link). */
	send(deliveryId: number): Promise<ReviewOutcome>;
}

/**
 * Through the action skeleton (`run.deliverOnce`): a node run or execution retried by n8n gets the
 * earlier result back instead of a second send. The request is recorded for the action's statistics
 * (where Twilio's callbacks move an SMS on) and in the contact's conversation, whether it went out or
 * failed.
 */
export async function deliverReviewOnce(
	run: ActionRun,
	itemIndex: number,
	review: PreparedReview,
): Promise<ReviewRequestResult> {
	const log = async (status: string, from: string, providerId: string | null) => {
		if (review.contactId === undefined) return;
		await run.logToConversation({
			contact_id: review.contactId,
			channel: 'review_request',
			direction: 'outbound',
			status,
			subject: review.subject,
			body: review.body,
			from_address: from,
			to_address: review.recipient,
			provider_message_id: providerId,
			meta: { review_type: review.type, review_link: review.reviewLink },
		});
	};
	let providerStatus = '';
	const delivered = await run.deliverOnce<ReviewRequestResult>(
		itemIndex,
		{
			channel: REVIEW_CHANNEL[review.type],
			recipient: review.recipient,
			contactId: review.contactId ?? null,
			isTest: false,
			field: 'Contact',
			kind: review.kind,
		},
		{
			async send(record) {
				const outcome = await review.send(record.id);
				if (!outcome.sent) throw outcome.error;
				providerStatus = outcome.providerStatus;
				return { result: outcome.result, providerMessageId: outcome.providerId };
			},
			async after(outcome) {
				if ('sent' in outcome)
					await log(
						providerStatus,
						outcome.sent.result.from ?? review.from,
						outcome.sent.providerMessageId,
					);
				else await log('failed', review.from, null);
			},
		},
	);
	return deliveredOutput<ReviewRequestResult>(delivered, (interrupted) => ({
		action_name: run.identity.actionName,
		review_type: review.type,
		status: 'interrupted',
		reason: interruptedReason(interrupted.channel),
		contact_id: review.contactId,
		to: review.recipient,
		from: review.from,
		...(review.subject === null ? {} : { subject: review.subject }),
		body: review.body,
		review_link: review.reviewLink,
		blank_merge_fields: [],
		// Without the provider's id no delivery report can be matched to it.
		statistics_tracked: review.type === 'email',
	}));
}
