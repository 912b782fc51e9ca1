import type { IExecuteFunctions, IWorkflowDataProxyData } from 'n8n-workflow';

/*
 * What an expression would read of the execution, taken from n8n's workflow data proxy (the object
 * expressions themselves read) instead of evaluated. On n8n 2.x the first expression an execution
 * evaluates takes an expression isolate for it, which costs the worker more CPU than the rest of a
 * small execution; an execution whose parameters hold no expression, or only ones the package reads
 * itself, should not pay it for the package's own look-ups. Should the proxy not answer, n8n
 * evaluates the expression as before.
 */

// One proxy per node run for both reads: n8n builds each with the current time in it.
const proxies = new WeakMap<IExecuteFunctions, IWorkflowDataProxyData>();

function dataProxy(ctx: IExecuteFunctions): IWorkflowDataProxyData {
	let proxy = proxies.get(ctx);
	if (!proxy) {
		proxy = ctx.getWorkflowDataProxy(0);
		proxies.set(ctx, proxy);
	}
	return proxy;
}

/** `{{ $execution.resumeUrl }}`: the URL that resumes this execution (signed with its token on n8n 2.x). */
export function executionResumeUrl(ctx: IExecuteFunctions): string {
	try {
		const url: unknown = dataProxy(ctx).$execution?.resumeUrl;
		if (typeof url === 'string' && url !== '') return url;
	} catch {
		// Evaluated below, with n8n's own error if it has one.
	}
	return String(ctx.evaluateExpression('{{ $execution.resumeUrl }}', 0));
}

/** `{{ $runIndex }}`: which run of this node in the execution this is. */
export function nodeRunIndex(ctx: IExecuteFunctions): number {
	try {
		const index: unknown = dataProxy(ctx).$runIndex;
		if (typeof index === 'number') return index;
	} catch {
		// Evaluated below.
	}
	return Number(ctx.evaluateExpression('{{ $runIndex }}', 0) ?? 0);
}
