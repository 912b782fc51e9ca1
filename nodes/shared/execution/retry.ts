import type { IExecuteFunctions } from 'n8n-workflow';

const ORIGINAL_EXECUTION = 'aesthetixOriginalExecutionId';

/**
 * The execution whose work this node run does. n8n does not tell a node `retryOf`, but a retry from
 * the executions list (with the original or the currently saved workflow, and a retry of a retry)
 * runs on the saved execution data of the execution it retries, node context included. So the first
 * run records its own id in the node's context and every retry reads that id back; outside retries
 * the execution's own id is used, so that fresh executions never share deliveries.
 */
export function originalExecutionId(ctx: IExecuteFunctions): string {
	const own = String(ctx.getExecutionId() ?? '');
	const context = ctx.getContext('node');
	const recorded = context[ORIGINAL_EXECUTION];
	if (ctx.getMode() === 'retry' && typeof recorded === 'string' && recorded !== '') return recorded;
	if (typeof recorded !== 'string' || recorded === '') context[ORIGINAL_EXECUTION] = own;
	return own;
}
