import type { IExecuteFunctions } from 'n8n-workflow';

/** What the package reads of one node run in n8n's run data. */
export interface NodeRun {
	startTime?: number;
	executionStatus?: string;
	data?: { main?: Array<Array<{ json?: Record<string, unknown> }> | null> };
}

/**
 * The execution's run data so far, per node name. n8n's execute context holds it without a public
 * accessor; a host without it gives an empty record.
 */
export function executionRunData(ctx: IExecuteFunctions): Record<string, NodeRun[]> {
	return (
		(
			ctx as unknown as {
				runExecutionData?: { resultData?: { runData?: Record<string, NodeRun[]> } };
			}
		).runExecutionData?.resultData?.runData ?? {}
	);
}
