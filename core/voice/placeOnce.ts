import { CallPlaceError } from '../../providers/twilio';
import type { ActionRun } from '../run/actionRun';
import { ActionError } from '../run/errors';
import type { VoiceCall, VoiceCallInput } from '../store/voiceCalls';
import { interruptedReason } from '../run/interruptedSends';
import type { CallStart } from './startCall';

export interface CallPlacement {
	channel: 'call' | 'voicemail';
	/** The number the delivery record is for (the contact's). */
	to: string;
	contactId: number;
	/** The field an error names: Contact, or Company Phone when the company line is rung first. */
	field: string;
	/** The item's call row: what this kind of call adds to the fields every call row has. */
	row: Omit<VoiceCallInput, keyof CallRowIdentity>;
	/** Rings the first leg and keeps its SID on the call. */
	place(call: VoiceCall): Promise<VoiceCall>;
	/** What the error says when the provider refused the call. */
	refused(error: CallPlaceError): string;
}

/** What every call row holds: the action, the item and the delivery record that guards the call. */
type CallRowIdentity = Pick<
	VoiceCallInput,
	| 'workflow_id'
	| 'node_id'
	| 'action_name'
	| 'execution_id'
	| 'item_index'
	| 'delivery_id'
	| 'contact_id'
	| 'contact_number'
>;

/**
 * A call placed at most once per item, through the action skeleton that every send uses: a node
 * retried inside its execution waits for the call its first attempt placed, and an execution
 * retried from n8n's list reports the call as already made instead of ringing anyone again. A call
 * n8n stopped in the middle of placing rings nobody again unless the action says Call Again.
 */
export async function placeCallOnce(
	run: ActionRun,
	itemIndex: number,
	placement: CallPlacement,
): Promise<CallStart> {
	let placed: VoiceCall | undefined;
	const delivered = await run.deliverOnce<{ call_id: number }>(
		itemIndex,
		{
			channel: placement.channel,
			recipient: placement.to,
			contactId: placement.contactId,
			isTest: false,
			field: placement.field,
		},
		{
			async send(record, placedAgain) {
				const { workflowId, nodeId, actionName, executionId } = run.identity;
				const created = await run.store.voiceCalls.create({
					...placement.row,
					workflow_id: workflowId,
					node_id: nodeId,
					action_name: actionName,
					execution_id: executionId,
					item_index: itemIndex,
					delivery_id: record.id,
					contact_id: placement.contactId,
					contact_number: placement.to,
				});
				const { existed } = created;
				let { call } = created;
				const sid = call.user_call_sid ?? call.contact_call_sid;
				if (existed && sid) {
					placed = call;
					return { result: { call_id: call.id }, providerMessageId: sid };
				}
				if (placedAgain) call = await run.store.voiceCalls.update(call.id, { placed_again: true });
				try {
					placed = await placement.place(call);
				} catch (error) {
					if (error instanceof CallPlaceError)
						await run.store.voiceCalls.update(call.id, {
							status: 'completed',
							error: error.message,
						});
					throw error;
				}
				return {
					result: { call_id: placed.id },
					providerMessageId: placed.user_call_sid ?? placed.contact_call_sid ?? null,
				};
			},
			failure(error) {
				const message = error instanceof Error ? error.message : String(error);
				return {
					status: 'failed',
					error: message,
					raise:
						error instanceof CallPlaceError
							? ActionError.fromProvider(placement.field, error, {
									message: placement.refused(error),
								})
							: undefined,
				};
			},
		},
	);
	if (delivered.interrupted) {
		return {
			kind: 'skipped',
			result: {
				action_name: run.identity.actionName,
				status: 'interrupted',
				reason: interruptedReason(delivered.interrupted.channel),
				contact_id: placement.contactId,
			},
		};
	}
	if (!delivered.alreadySent) return { kind: 'placed', call: placed! };
	const callId = Number(delivered.result.call_id);
	const earlier = Number.isInteger(callId) ? await run.store.voiceCalls.get(callId) : undefined;
	if (earlier && earlier.execution_id === run.identity.executionId)
		return { kind: 'placed', call: earlier };
	return {
		kind: 'skipped',
		result: {
			action_name: run.identity.actionName,
			status: 'already_called',
			already_sent: true,
			reason: 'This item was called in the execution this one retries, so nobody was called again',
			call_id: earlier?.id ?? null,
			call_sid: earlier?.user_call_sid ?? earlier?.contact_call_sid ?? null,
			contact_id: placement.contactId,
		},
	};
}
