import { createHash } from 'node:crypto';
import type { IExecuteFunctions } from 'n8n-workflow';
import type { WorkspaceStore } from '../../../core/store';
import { executionResumeUrl, nodeRunIndex } from './executionKeys';
import { executionRunData, type NodeRun } from './runData';

const ORIGINAL_EXECUTION = 'aesthetixOriginalExecutionId';

/**
 * The token n8n (2.x) signs an execution's resume URLs with: made once per fresh execution and kept
 * in its run data, which n8n saves before the first node runs. A retry from the executions list (and
 * a retry of a retry) runs on the saved data of the execution it retries, so it carries the same
 * token, even when that execution crashed. n8n 1.x has none.
 */
function runToken(ctx: IExecuteFunctions): string | undefined {
	try {
		return new URL(executionResumeUrl(ctx)).searchParams.get('signature') || undefined;
	} catch {
		// No resume URL to read (a host without one): the node context below decides alone.
		return undefined;
	}
}

/**
 * The execution whose work this node run does: its own for a fresh execution, the first execution
 * for a retry from n8n's executions list. n8n does not tell a node `retryOf`; what a retry shares
 * with the execution it retries is that execution's saved data. The token in it finds the first
 * execution recorded for it in the store, which every node run records before its first send, so
 * this holds for an execution that crashed and never saved anything else. The node context is the
 * older record, kept for hosts without the token and for executions that failed before the store
 * knew their token: n8n saves it only when an execution ends, so it survives an error, not a crash.
 */
export async function originalExecutionId(
	ctx: IExecuteFunctions,
	store: WorkspaceStore,
	workflowId: string,
): Promise<string> {
	const own = String(ctx.getExecutionId() ?? '');
	const context = ctx.getContext('node');
	const recorded = context[ORIGINAL_EXECUTION];
	const hasRecord = typeof recorded === 'string' && recorded !== '';
	if (!hasRecord) context[ORIGINAL_EXECUTION] = own;
	const fromContext = ctx.getMode() === 'retry' && hasRecord ? (recorded as string) : own;
	const token = runToken(ctx);
	if (!token) return fromContext;
	// Only a hash is kept: the token itself resumes a waiting execution.
	const tokenHash = createHash('sha256').update(`${workflowId}\n${token}`).digest('hex');
	return store.executionOrigins.originalOf(tokenHash, workflowId, fromContext);
}

/**
 * What n8n's crash recovery puts in place of node runs it knows only from its event log: one item
 * marked `isArtificialRecoveredEventItem` for a node that finished, a `crashed` run for the node
 * that was cut short.
 */
function isStandIn(run: NodeRun): boolean {
	return (
		run.executionStatus === 'crashed' ||
		run.data?.main?.[0]?.[0]?.json?.isArtificialRecoveredEventItem === true
	);
}

/**
 * Which run of this node in the execution's work this is, for delivery keys. A retry of a crashed
 * execution runs every node again after the stand-ins n8n's recovery left, so n8n numbers its runs
 * one higher than the crashed execution did; without the stand-ins, the runs line up again and an
 * action that finished before the crash finds what it sent.
 */
export function runOfWork(ctx: IExecuteFunctions): number {
	const runIndex = nodeRunIndex(ctx);
	const runs = executionRunData(ctx)[ctx.getNode().name] ?? [];
	return runIndex - runs.slice(0, runIndex).filter(isStandIn).length;
}
