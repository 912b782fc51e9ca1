/**
 * Which run of a node a retry's deliveries are keyed on. A retry of a crashed execution runs every
 * node again after the stand-ins n8n's crash recovery left in the run data (the shapes below are
 * the ones n8n 2.41.1 saves for a crashed execution), so the stand-ins must not count; real runs (a
 * loop, a retry of a failed execution) still do.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { runOfWork } from '../../nodes/shared/execution/retry';

const finishedStandIn = {
	executionStatus: 'success',
	data: { main: [[{ json: { isArtificialRecoveredEventItem: true } }]] },
};
const crashedStandIn = { executionStatus: 'crashed', error: { name: 'NodeCrashedError' } };
const realRun = { executionStatus: 'success', data: { main: [[{ json: { sms: {} } }]] } };

/** What the function asks of n8n's execute context: its run index, its node and the run data. */
function context(runIndex: number, runs: unknown[] | undefined) {
	return {
		evaluateExpression: (expression: string) => {
			expect(expression).toBe('{{ $runIndex }}');
			return runIndex;
		},
		getNode: () => ({ name: 'Send SMS' }),
		runExecutionData: { resultData: { runData: runs ? { 'Send SMS': runs } : {} } },
	} as unknown as IExecuteFunctions;
}

describe('the run of a node in the work of its execution', () => {
	it('is the run index in a fresh execution and in a retry of a failed one', () => {
		expect(runOfWork(context(0, undefined))).toBe(0);
		expect(runOfWork(context(2, [realRun, realRun]))).toBe(2);
	});

	it("does not count the stand-in n8n's recovery left for a node that finished before the crash", () => {
		expect(runOfWork(context(1, [finishedStandIn]))).toBe(0);
	});

	it('does not count the crashed run n8n keeps when the node is not the last one it recovered', () => {
		expect(runOfWork(context(1, [crashedStandIn]))).toBe(0);
	});

	it('counts the runs after the stand-ins: a loop in the retry lines up with the crashed one', () => {
		expect(runOfWork(context(3, [finishedStandIn, realRun, realRun]))).toBe(2);
	});
});
