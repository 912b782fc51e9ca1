import type { ActionRun } from '../run/actionRun';
import { ActionError } from '../run/errors';
import { renderField } from '../run/render';
import { resolveContent, type TemplateSelection } from '../run/templateContent';
import { resolveContact } from '../run/resolveContact';
import { withAttachmentLinks } from '../attachments/attachmentLinks';
import { toE164 } from '../contacts/phone';
import type { ManualTask, ManualTaskType } from '../store/manualTasks';
import { assignTask } from './assignTo';

export interface ManualTaskInput {
	type: ManualTaskType;
	contact: Record<string, unknown>;
	/** Assign To (Advanced Settings): a team user id, or empty for the contact owner. */
	assignTo: string | number;
	sms?: {
		template: TemplateSelection;
		message: string;
		attachmentUrls: string[];
		testPhoneNumber: string;
	};
}

export const QUEUED_LOG: Record<ManualTaskType, string> = {
	sms: 'Manual SMS added to the manual queue.',
	call: 'Manual Call added to the manual queue.',
};

/**
 * Puts one item's task in the Manual Actions queue, prefilled and assigned as the spec's Assign To
 * says. The workflow then waits until the task is completed from the queue. In a retried execution
 * the item's task from the execution it retries is taken over instead (see ManualTasks.create).
 */
export async function createManualTask(
	run: ActionRun,
	input: ManualTaskInput,
	itemIndex: number,
	item: Record<string, unknown>,
	resumeUrl: string,
): Promise<ManualTask> {
	const phone = toE164(input.contact.phone, run.workspace.defaultCountry);
	if (!phone.number) {
		const raw = input.contact.phone;
		throw new ActionError(
			'Contact',
			raw
				? `The contact's phone "${String(raw)}" ${phone.problem}`
				: 'The contact has no phone number',
			`A Manual ${input.type === 'sms' ? 'SMS' : 'Call'} needs a contact with a valid phone number.`,
		);
	}
	const resolved = await resolveContact(run.store, { ...input.contact, phone: phone.number });
	const contact = resolved.contact!;
	let message: string | null = null;
	let blank: string[] = [];
	let sendTo: string | null = null;
	if (input.type === 'sms' && run.identity.isManual && input.sms!.testPhoneNumber.trim()) {
		// An editor run previews the SMS on the Test Phone Number: the task is worked as usual, the text goes there.
		const test = toE164(input.sms!.testPhoneNumber, run.workspace.defaultCountry);
		if (!test.number)
			throw new ActionError(
				'Test Phone Number',
				`The Test Phone Number "${input.sms!.testPhoneNumber}" ${test.problem}`,
			);
		sendTo = test.number;
	}
	if (input.type === 'sms') {
		const sms = input.sms!;
		const content = await resolveContent(run, 'sms', sms.template, { body: sms.message });
		if (!content.body.trim())
			throw new ActionError('Message', 'Message is required for a Manual Action SMS');
		const context = await run.mergeContext(item, input.contact, resolved);
		const rendered = renderField(run, content.body, 'Message', 'text', context);
		message = withAttachmentLinks(rendered.text, sms.attachmentUrls, 'Add Attachment');
		blank = rendered.blankFields;
	}
	const selected = String(input.assignTo ?? '').trim()
		? await run.store.teamUsers.find(input.assignTo!)
		: undefined;
	if (String(input.assignTo ?? '').trim() && !selected) {
		throw new ActionError(
			'Assign To',
			`Assign To: no team user is "${input.assignTo}" (give an id, an email or a name)`,
		);
	}
	const assignment = assignTask(selected, contact, resolved.assignedUser);
	const { workflowId, nodeId, actionName, executionId, originalExecutionId } = run.identity;
	return run.store.manualTasks.create({
		type: input.type,
		contact_id: contact.id,
		assignee_user_id: assignment.assignee?.id ?? null,
		assignment: assignment.rule,
		action_name: actionName,
		workflow_id: workflowId,
		node_id: nodeId,
		execution_id: executionId,
		original_execution_id: originalExecutionId,
		item_index: itemIndex,
		resume_url: resumeUrl,
		message,
		send_to: sendTo,
		blank_merge_fields: blank,
	});
}
