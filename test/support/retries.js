// The gestures of n8n's executions list and editor that the retry suites share.

/**
 * The Retry gesture of n8n's executions list: as it was (`loadWorkflow: false`) or with the currently
 * saved workflow. Returns the retry once it has finished, or is waiting when `settled` allows it.
 */
async function retry(
	stack,
	executionId,
	loadWorkflow,
	{ settled = ['success', 'error', 'waiting'], timeoutMs = 60_000 } = {},
) {
	const { data } = await stack.host.rest(`/executions/${executionId}/retry`, {
		method: 'POST',
		body: { loadWorkflow },
	});
	return settledExecution(stack, data.id, settled, timeoutMs);
}

/** An execution once its status is one of `settled` (a waiting execution counts as finished by the host). */
async function settledExecution(stack, id, settled = ['success', 'error'], timeoutMs = 60_000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const execution = await stack.host.finishedExecution(id, { timeoutMs });
		if (settled.includes(execution.status)) return execution;
		if (Date.now() > deadline)
			throw new Error(`execution ${id} is ${execution.status}, not ${settled.join(' or ')}`);
		await new Promise((r) => setTimeout(r, 300));
	}
}

/** Edits one node's parameters (and settings such as `onError`) and saves the workflow, as the editor's Save does. */
async function saveNodeParameters(stack, workflowId, nodeName, parameters, settings = {}) {
	const { data: workflow } = await stack.host.rest(`/workflows/${workflowId}`);
	const nodes = workflow.nodes.map((node) =>
		node.name === nodeName
			? { ...node, ...settings, parameters: { ...node.parameters, ...parameters } }
			: node,
	);
	await stack.host.rest(`/workflows/${workflowId}`, {
		method: 'PATCH',
		body: {
			name: workflow.name,
			nodes,
			connections: workflow.connections,
			settings: workflow.settings,
		},
	});
}

/** Posts a batch to a workflow whose run fails, and returns that failed execution with its data. */
async function failedBatch(stack, workflowId, path, items) {
	const after = await stack.host.lastExecutionId(workflowId);
	const res = await stack.trigger(path, { items });
	if (res.status !== 500)
		throw new Error(
			`expected the batch to fail with 500, got ${res.status}: ${JSON.stringify(res.json)}`,
		);
	const execution = await stack.host.lastExecution(workflowId, { after });
	if (execution.status !== 'error')
		throw new Error(`expected the execution to fail, it is ${execution.status}`);
	return stack.host.finishedExecution(execution.id);
}

/** How many times each value occurs. */
const count = (list) => list.reduce((acc, x) => ({ ...acc, [x]: (acc[x] ?? 0) + 1 }), {});

/** Of `everyone`, who got no message and who got more than one, from the addresses messages went to. */
function reach(everyone, deliveredTo) {
	const times = count(deliveredTo);
	return {
		never: everyone.filter((address) => !times[address]),
		twice: everyone.filter((address) => times[address] > 1),
	};
}

module.exports = {
	retry,
	settledExecution,
	saveNodeParameters,
	failedBatch,
	count,
	reach,
};
