import type { WorkspaceStore } from '../store';
import type { ConversationMessage } from '../store/types';
import type { ActionRun } from './actionRun';

/**
 * Stop on Response, which n8n does not have at the workflow level: an action with the option on ends
 * an item's run once its contact has responded since the run began. A response is anything the
 * contact sent (an inbound text, an email reply), or a call entry marked as the contact's response
 * (a call answered by the contact, as the Call action's table defines).
 */
export function isResponse(message: ConversationMessage): boolean {
	return message.direction === 'inbound' || message.meta.contact_response === true;
}

const CHANNEL_WORDS: Record<string, string> = {
	sms: 'replied by text',
	whatsapp: 'replied on WhatsApp',
	email: 'replied by email',
	call: 'answered a call',
	voicemail: 'answered a voicemail drop in person',
};

export function describeResponse(message: ConversationMessage): string {
	return `The contact ${CHANNEL_WORDS[message.channel] ?? `responded (${message.channel})`} at ${message.created_at}`;
}

/** The contact's first response at or after `since` (the run's start, ISO-8601), if any. */
export async function responseSince(
	run: ActionRun,
	contactId: number,
	since: string,
): Promise<ConversationMessage | undefined> {
	const messages = await run.store.conversations.forContact(contactId);
	return messages.find((m) => m.created_at >= since && isResponse(m));
}

/** Writes on the contact's conversation that an action ended the contact's run, and why. */
export async function logStop(
	store: WorkspaceStore,
	action: { contact_id: number; workflow_id: string; action_name: string; execution_id: string },
	reason: string,
): Promise<void> {
	// Only these fields: callers pass whole records (a call row), whose own created_at is not this entry's.
	const { contact_id, workflow_id, action_name, execution_id } = action;
	await store.conversations.log({
		contact_id,
		workflow_id,
		action_name,
		execution_id,
		channel: 'workflow',
		direction: 'outbound',
		status: 'stopped_on_response',
		subject: 'Stop on Response',
		body: `${action.action_name}: the workflow stopped for this contact. ${reason}.`,
		from_address: null,
		to_address: null,
		provider_message_id: null,
	});
}

function recordStop(run: ActionRun, contactId: number, reason: string): Promise<void> {
	const { workflowId, actionName, executionId } = run.identity;
	return logStop(
		run.store,
		{
			contact_id: contactId,
			workflow_id: workflowId,
			action_name: actionName,
			execution_id: executionId,
		},
		reason,
	);
}

/**
 * The check every contact-facing action makes before it reaches out: the reason the item's run
 * ends (recorded on the contact), or undefined when the action goes ahead.
 */
export async function stopIfResponded(
	run: ActionRun,
	contactId: number | undefined,
	since: string,
): Promise<string | undefined> {
	if (contactId === undefined) return undefined;
	const response = await responseSince(run, contactId, since);
	if (!response) return undefined;
	const reason = describeResponse(response);
	await recordStop(run, contactId, reason);
	return reason;
}
