/**
 * The steps of a load that reach outside one database transaction (rows whose ids the workflows
 * need, n8n's workflows, the Workspace credential), each with the step that takes it back. When a
 * later step fails, the earlier ones are taken back, newest first, so nothing is half-loaded.
 */
export class UndoLog {
	private readonly steps: Array<{ what: string; undo: () => Promise<void> }> = [];

	add(what: string, undo: () => Promise<void>): void {
		this.steps.push({ what, undo });
	}

	/** Takes every step back; returns what could not be, for the error the person reads. */
	async rollBack(): Promise<string[]> {
		const failed: string[] = [];
		for (const step of this.steps.reverse()) {
			try {
				await step.undo();
			} catch (error) {
				failed.push(`${step.what}: ${(error as Error).message}`);
			}
		}
		this.steps.length = 0;
		return failed;
	}
}
