import type { TextTransport } from '../../providers/twilio';
import { ActionError } from '../run/errors';
import { staleBefore, type ResumePost } from '../run/resume';
import type { WorkspaceStore } from '../store';
import type { ManualTask } from '../store/manualTasks';
import { COMPLETION_TIMEOUT_MS, resumeWaitingNode, type ResumeState } from './resumeWorkflow';

export interface Completion {
	/** Who worked the task: a team user's name or id, as the queue knows them. */
	completedBy: string;
	/** Manual SMS: the message as the coordinator edited it (empty keeps the prefilled one). */
	message?: string;
	/** Manual Call: the outcome recorded in the pop-up, and notes. */
	outcome?: string;
	notes?: string;
	/** Delete: the task is marked complete without sending or an outcome, as the spec says. */
	skipSending?: boolean;
}

/** What the waiting action outputs when its tasks are done. */
export interface ManualActionOutcome {
	task_id: number;
	type: ManualTask['type'];
	status: 'completed';
	contact_id: number;
	assignee_user_id: number | null;
	completed_by: string;
	completed_at: string;
	message?: string;
	message_sid?: string;
	/** Manual SMS: whether the person sending changed the prefilled text. */
	message_edited?: boolean;
	/** Manual SMS: the custom values that rendered blank in the prefilled text when the task was queued. */
	blank_merge_fields?: string[];
	outcome?: string;
	notes?: string;
	/** Completed while it belonged to the execution this one retries: nothing was sent again. */
	already_sent?: boolean;
	completed_in_execution?: string;
}

export type CompleteResult = {
	task: ManualTask;
	completedNow: boolean;
	resumed: boolean;
	/** What became of the waiting workflow: still waiting on other tasks, resumed, retrying, moved on. */
	workflow: 'waiting_for_other_tasks' | ResumeState | 'not_completed';
	note?: string;
};

export const CALL_OUTCOMES = [
	'connected',
	'no_answer',
	'left_voicemail',
	'busy',
	'wrong_number',
	'callback_requested',
];

/**
 * Completes a task from the queue, once: the first completion sends (for SMS), logs it to the
 * contact, and, when every task of the waiting action is done, resumes the workflow; a second
 * completion, or a concurrent one, changes nothing.
 */
export async function completeManualTask(
	store: WorkspaceStore,
	taskId: number,
	completion: Completion,
	deps: { texts?: TextTransport; resume: ResumePost; retryDelaysMs?: number[] },
): Promise<CompleteResult> {
	const task = await store.manualTasks.get(taskId);
	if (!task) throw new ActionError('Task ID', `No manual action task has the id ${taskId}`);
	if (task.type === 'call' && completion.outcome && !CALL_OUTCOMES.includes(completion.outcome)) {
		throw new ActionError(
			'Outcome',
			`Outcome "${completion.outcome}" is not one of ${CALL_OUTCOMES.join(', ')}`,
		);
	}
	if (
		!(await store.manualTasks.claim(
			taskId,
			completion.completedBy,
			staleBefore(COMPLETION_TIMEOUT_MS),
		))
	) {
		return { task, completedNow: false, resumed: false, workflow: 'not_completed' };
	}
	const contact = (await store.contacts.get(task.contact_id))!;
	const outcome: Partial<ManualActionOutcome> = {};
	try {
		if (completion.skipSending) {
			Object.assign(outcome, { outcome: 'deleted' });
		} else if (task.type === 'sms') {
			const text = completion.message?.trim() || task.message || '';
			if (!text) throw new ActionError('Message', 'The message to send is empty');
			if (!deps.texts)
				throw new ActionError(
					'Twilio',
					'Sending a manual SMS needs an Aesthetix Twilio credential',
				);
			const to = task.send_to ?? contact.phone;
			if (!to) throw new ActionError('Contact', 'The contact has no phone number');
			// An interrupted completion that had already texted records that text instead of sending again.
			const earlier = task.sent_result as {
				sid: string;
				status: string;
				from?: string;
				text: string;
				to: string;
			} | null;
			const sent = earlier ?? {
				...(await deps.texts.send({ to, body: text, channel: 'sms' })),
				text,
				to,
			};
			if (!earlier) await store.manualTasks.recordSent(task.id, sent);
			Object.assign(outcome, {
				message: sent.text,
				message_sid: sent.sid,
				message_edited: !sameText(sent.text, task.message),
			});
			if (!earlier)
				await store.conversations.log({
					contact_id: contact.id,
					channel: 'sms',
					direction: 'outbound',
					status: sent.status,
					subject: null,
					body: sent.text,
					from_address: sent.from ?? deps.texts.senderLabel,
					to_address: sent.to,
					provider_message_id: sent.sid,
					workflow_id: task.workflow_id,
					action_name: task.action_name,
					execution_id: task.execution_id,
					meta: { manual_task_id: task.id, sent_by: completion.completedBy },
				});
		} else {
			Object.assign(outcome, {
				outcome: completion.outcome ?? 'connected',
				notes: completion.notes ?? '',
			});
			await store.conversations.log({
				contact_id: contact.id,
				channel: 'call',
				direction: 'outbound',
				status: outcome.outcome!,
				subject: 'Manual call',
				body: outcome.notes ?? '',
				from_address: completion.completedBy,
				to_address: contact.phone,
				provider_message_id: null,
				workflow_id: task.workflow_id,
				action_name: task.action_name,
				execution_id: task.execution_id,
				meta: { manual_task_id: task.id, outcome: outcome.outcome },
			});
		}
	} catch (error) {
		await store.manualTasks.release(taskId);
		throw error;
	}
	const done = await store.manualTasks.finish(taskId, {
		final_message: outcome.message ?? null,
		outcome: outcome.outcome ?? null,
		notes: outcome.notes ?? null,
		completed_by: completion.completedBy,
		result: outcome,
	});
	// Read after finishing: a retry of the execution may have taken the task over meanwhile, and it is the one to resume.
	const siblings = await store.manualTasks.forWaitingNode(done.execution_id, done.node_id);
	if (siblings.some((t) => t.status !== 'completed'))
		return { task: done, completedNow: true, resumed: false, workflow: 'waiting_for_other_tasks' };
	const resumed = await resumeWaitingNode(
		store,
		{
			execution_id: done.execution_id,
			node_id: done.node_id,
			resume_url: done.resume_url,
			task_ids: siblings.map((t) => t.id),
		},
		deps.resume,
		deps.retryDelaysMs,
	);
	return {
		task: done,
		completedNow: true,
		resumed: resumed.state === 'resumed',
		workflow: resumed.state,
		note: resumed.note,
	};
}

/** A form posts line breaks as CRLF and the queue trims: neither is an edit. */
function sameText(a: string, b: string | null): boolean {
	const plain = (s: string | null) => (s ?? '').replace(/\r\n/g, '\n').trim();
	return plain(a) === plain(b);
}

/** The waiting action's output for a finished task. */
export function taskOutcome(task: ManualTask): ManualActionOutcome {
	return {
		task_id: task.id,
		type: task.type,
		status: 'completed',
		contact_id: task.contact_id,
		assignee_user_id: task.assignee_user_id,
		completed_by: task.completed_by ?? '',
		completed_at: task.completed_at ?? '',
		// The message is rendered once, when the task is queued; the person sending sees and sends that text.
		...(task.type === 'sms' ? { blank_merge_fields: task.blank_merge_fields } : {}),
		...(task.result as Partial<ManualActionOutcome>),
		...(task.completed_execution_id && task.completed_execution_id !== task.execution_id
			? { already_sent: true, completed_in_execution: task.completed_execution_id }
			: {}),
	};
}
