/**
 * A problem a workflow builder can fix, naming the field (in the spec's words) and what is wrong with
 * its value. The message is a whole sentence ("The contact has no phone number"); a problem made with
 * `ActionError.of` is the value's problem alone ("no team user has the id 7"), which the node shows
 * after the field's name. Node files turn either into an n8n error for the item.
 */
/** A provider's failure behind an error: its kind (auth, connection, ...) and HTTP status, if any. */
export interface ProviderFailure {
	kind: string;
	status?: number;
}

/** The failure a provider error carries (the providers' *SendError classes), or undefined. */
export function providerFailure(error: unknown): ProviderFailure | undefined {
	const e = error as { kind?: unknown; status?: unknown };
	if (!(error instanceof Error) || typeof e.kind !== 'string') return undefined;
	const status = Number(e.status);
	return { kind: e.kind, ...(Number.isInteger(status) && status >= 100 ? { status } : {}) };
}

export class ActionError extends Error {
	/** Whether the message reads only after the field's name. */
	readonly needsField: boolean = false;
	/** Set when a provider refused or failed: the node reports it as the provider's error. */
	readonly failure?: ProviderFailure;

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

	/** A provider's refusal or failure, reported against the field that can fix it. */
	static fromProvider(
		field: string,
		error: Error,
		{ message = error.message, description }: { message?: string; description?: string } = {},
	): ActionError {
		const wrapped = new ActionError(field, message, description);
		(wrapped as { failure?: ProviderFailure }).failure = providerFailure(error);
		return wrapped;
	}

	/** What the user reads: the sentence, or the field's name and the problem. */
	get shown(): string {
		return this.needsField ? `${this.field}: ${this.message}` : this.message;
	}
}
