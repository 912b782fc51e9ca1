// Workflow and waiting helpers the end-to-end suites share.

/**
 * A webhook that answers with every output item, then one node (optionally after n8n's Split Out on
 * `body.items`): the way the suites drive a single action with fields taken from the posted body.
 */
function webhookWorkflow(id, path, node, { split = false } = {}) {
	const nodes = [
		{
			id: `${id}-hook`,
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: `1e2f3a4b-5c6d-4e7f-8a9b-${id.slice(-12).toLowerCase().padStart(12, '0')}`,
			parameters: {
				httpMethod: 'POST',
				path,
				responseMode: 'lastNode',
				responseData: 'allEntries',
				options: {},
			},
		},
		{ id: `${id}-node`, position: [300, 0], typeVersion: 1, ...node },
	];
	const connections = {
		Webhook: { main: [[{ node: split ? 'Split' : node.name, type: 'main', index: 0 }]] },
	};
	if (split) {
		nodes.push({
			id: `${id}-split`,
			name: 'Split',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			position: [150, 0],
			parameters: { fieldToSplitOut: 'body.items', include: 'noOtherFields', options: {} },
		});
		connections.Split = { main: [[{ node: node.name, type: 'main', index: 0 }]] };
	}
	return { id, name: id, active: false, settings: { executionOrder: 'v1' }, nodes, connections };
}

/** A workflow of one node after n8n's Manual Trigger: a run started by hand or from the editor. */
function manualWorkflow(id, node) {
	return {
		id,
		name: id,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: `${id}-start`,
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{ id: `${id}-node`, position: [300, 0], typeVersion: 1, ...node },
		],
		connections: { Start: { main: [[{ node: node.name, type: 'main', index: 0 }]] } },
	};
}

/**
 * What a user builds in the editor to try one node: a Manual Trigger whose output is pinned (as
 * "Pin data" in the editor leaves it), then the node. Run it through the editor's own endpoint
 * with `runFromEditor`.
 */
function editorWorkflow(id, node, pinned) {
	return { ...manualWorkflow(id, node), pinData: { Start: pinned.map((json) => ({ json })) } };
}

/** Runs a workflow as the editor's "Execute workflow" does (POST /rest/workflows/:id/run as the owner); returns the execution id. */
async function runFromEditor(host, workflowId) {
	const { data } = await host.rest(`/workflows/${workflowId}/run`, {
		method: 'POST',
		body: { triggerToStartFrom: { name: 'Start' } },
	});
	return data.executionId;
}

/** Retries an assertion until it holds or the time is up (for what the host does asynchronously). */
async function eventually(check, timeoutMs = 15_000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		try {
			return await check();
		} catch (error) {
			if (Date.now() > deadline) throw error;
			await new Promise((r) => setTimeout(r, 200));
		}
	}
}

/** The pending Manual Actions task a workflow queued for the contact with this phone. */
async function pendingTaskFor(store, phone) {
	return eventually(async () => {
		const contact = await store.contacts.findByEmailOrPhone(null, phone);
		const [task] = contact
			? await store.manualTasks.list({ contactId: contact.id, status: 'pending' })
			: [];
		if (!task) throw new Error(`no pending task for ${phone} yet`);
		return task;
	});
}

/** The Manual Actions task a workflow queued for the contact with this phone, whatever its status now. */
async function taskFor(store, phone) {
	return eventually(async () => {
		const contact = await store.contacts.findByEmailOrPhone(null, phone);
		const [task] = contact ? await store.manualTasks.list({ contactId: contact.id }) : [];
		if (!task) throw new Error(`no task for ${phone} yet`);
		return task;
	});
}

module.exports = {
	webhookWorkflow,
	manualWorkflow,
	editorWorkflow,
	runFromEditor,
	eventually,
	pendingTaskFor,
	taskFor,
};
