/**
 * A problem a workflow builder can fix, naming the field (in the spec's words) and what is wrong with
 * its value. The message is a whole sentence ("The contact has no phone number"); a problem made with
 * `ActionError.of` is the value's problem alone ("no team user has the id 7"), which the node shows
 * after the field's name. Node files turn either into an n8n error for the item.
 */
export class ActionError extends Error {
	/** Whether the message reads only after the field's name. */
	readonly needsField: boolean = false;

	constructor(
		readonly field: string,
		message: string,
		readonly description?: string,
	) {
		super(message);
		this.name = 'ActionError';
	}

	/** A problem with the field's value, shown as "Field: problem". */
	static of(field: string, problem: string, description?: string): ActionError {
		const error = new ActionError(field, problem, description);
		(error as { needsField: boolean }).needsField = true;
		return error;
	}

	/** What the user reads: the sentence, or the field's name and the problem. */
	get shown(): string {
		return this.needsField ? `${this.field}: ${this.message}` : this.message;
	}
}
