/**
 * A problem a workflow builder can fix, naming the field (in the spec's words) and what is wrong with
 * its value. Node files turn it into an n8n error for the item.
 */
export class ActionError extends Error {
	constructor(
		readonly field: string,
		message: string,
		readonly description?: string,
	) {
		super(message);
		this.name = 'ActionError';
	}
}
