import type { IExecuteFunctions } from 'n8n-workflow';
import { executionResumeUrl, nodeRunIndex } from '../../nodes/shared/execution/executionKeys';

/** n8n's execute context as these read it: its workflow data proxy, and its expression evaluation. */
function context(proxy: () => Record<string, unknown>) {
	const evaluated: string[] = [];
	const ctx = {
		getWorkflowDataProxy: () => proxy(),
		evaluateExpression: (expression: string) => {
			evaluated.push(expression);
			return expression.includes('resumeUrl')
				? 'https://n8n.glowmedspa.test/webhook-waiting/42?signature=evaluated'
				: 3;
		},
	} as unknown as IExecuteFunctions;
	return { ctx, evaluated };
}

const RESUME = 'https://n8n.glowmedspa.test/webhook-waiting/42?signature=abc';

describe("the execution's resume URL and the node's run index", () => {
	it("are read from n8n's workflow data proxy, evaluating no expression", () => {
		const { ctx, evaluated } = context(() => ({
			$execution: { resumeUrl: RESUME },
			$runIndex: 2,
		}));
		expect(executionResumeUrl(ctx)).toBe(RESUME);
		expect(nodeRunIndex(ctx)).toBe(2);
		expect(evaluated).toEqual([]);
	});

	it('are evaluated by n8n when the proxy throws or lacks them', () => {
		const throwing = context(() => {
			throw new Error('no proxy on this host');
		});
		expect(executionResumeUrl(throwing.ctx)).toMatch(/signature=evaluated$/);
		expect(nodeRunIndex(throwing.ctx)).toBe(3);
		const lacking = context(() => ({ $execution: {} }));
		expect(executionResumeUrl(lacking.ctx)).toMatch(/signature=evaluated$/);
		expect(nodeRunIndex(lacking.ctx)).toBe(3);
		expect(lacking.evaluated).toEqual(['{{ $execution.resumeUrl }}', '{{ $runIndex }}']);
	});
});
