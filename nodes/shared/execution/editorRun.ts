import type {
	IDataObject,
	IDisplayOptions,
	IExecuteFunctions,
	INodeProperties,
} from 'n8n-workflow';

/**
 * Shown beside a test-recipient field while it is empty: "Execute step" in the editor then reaches
 * the real contact, which a user trying a node out does not expect.
 */
export function testRecipientNotice(
	field: { displayName: string; name: string },
	reaches: string,
	extraShow: IDisplayOptions['show'] = {},
): INodeProperties {
	return {
		displayName: `${field.displayName} is empty: running this step from the editor (Execute step or Execute workflow) ${reaches}. Fill in ${field.displayName} to send editor runs to yourself.`,
		name: `${field.name}Notice`,
		type: 'notice',
		default: '',
		displayOptions: { show: { ...extraShow, [field.name]: [''] } },
	};
}

/**
 * For actions with no test recipient (Call, Voicemail): always shown, since every editor run rings
 * the real contact.
 */
export function noTestRecipientNotice(reaches: string): INodeProperties {
	return {
		displayName: `Running this step from the editor (Execute step or Execute workflow) ${reaches}: there is no test number for it. Try it with a contact of your own.`,
		name: 'editorRunNotice',
		type: 'notice',
		default: '',
	};
}

/** The output flag on an item whose editor run reached a real contact. */
export const REACHED_REAL_CONTACT = 'reached_real_contact';

/**
 * Tells the user when a run started from the editor reached real contacts: a flag on each such item
 * and one warning in the execution, which the editor shows above the node's output. Live runs
 * (triggers, webhooks, schedules) are left as they are.
 */
export class EditorRunWatch {
	private readonly reached: string[] = [];
	private readonly manual: boolean;

	/**
	 * @param ctx a node run, or the resume webhook of a waiting node, which can flag items but has no
	 *   way to add execution hints
	 * @param advice what to do instead, such as "Fill in Test Phone Number to text yourself instead."
	 * @param verb how the warning says what the run did: "reached", or for a call still ringing "is calling"
	 */
	constructor(
		private readonly ctx: Pick<IExecuteFunctions, 'getMode'> &
			Partial<Pick<IExecuteFunctions, 'addExecutionHints'>>,
		private readonly advice: string,
		private readonly verb = 'reached',
	) {
		this.manual = ctx.getMode() === 'manual';
	}

	/** The item's output, flagged when this editor run reached `recipient`, the real contact. */
	note<T extends IDataObject>(
		json: T,
		reachedContact: boolean,
		recipient: unknown,
	): T & { [REACHED_REAL_CONTACT]?: true } {
		if (!this.manual || !reachedContact) return json;
		this.reached.push(String(recipient ?? 'the contact'));
		return { ...json, [REACHED_REAL_CONTACT]: true };
	}

	/**
	 * Counts a real contact for the warning only, while the work that reaches them is still under way
	 * (a call ringing, a task waiting in the queue): the flag goes on the output that reports it done.
	 */
	willReach(recipient: unknown): void {
		if (this.manual) this.reached.push(String(recipient ?? 'the contact'));
	}

	/** Adds the execution's warning once, after every item ran. */
	warn(): void {
		if (this.reached.length === 0) return;
		const shown =
			this.reached.slice(0, 3).join(', ') +
			(this.reached.length > 3 ? ` and ${this.reached.length - 3} more` : '');
		const count =
			this.reached.length === 1 ? '1 real contact' : `${this.reached.length} real contacts`;
		// A resume webhook (and n8n 1.x before execution hints) has no way to show this; the output flag still says it.
		if (typeof this.ctx.addExecutionHints !== 'function') return;
		this.ctx.addExecutionHints({
			message: `This run from the editor ${this.verb} ${count} (${shown}). ${this.advice}`,
			type: 'warning',
			location: 'outputPane',
		});
	}
}
