/**
 * n8n works out every route of the Workspace Endpoint on each request it serves. These check, with
 * n8n's own helpers, that it can do so without its expression engine while the Path is plain text,
 * and that the native answer is the path the expression gives.
 */
import {
	Workflow,
	resolveWebhookDescriptionField,
	webhookDescriptionIsNativelyResolvable,
	type INode,
	type INodeType,
	type INodeTypes,
} from 'n8n-workflow';
import { WorkspaceEndpoint } from '../../nodes/WorkspaceEndpoint/WorkspaceEndpoint.node';

const endpoint = new WorkspaceEndpoint();
const routes = endpoint.description.webhooks!;

function workflowWith(path: string) {
	const node: INode = {
		id: 'endpoint',
		name: 'Workspace Endpoint',
		type: 'n8n-nodes-aesthetix.workspaceEndpoint',
		typeVersion: 1,
		position: [0, 0],
		parameters: { path },
	};
	const nodeTypes = {
		getByName: () => endpoint as INodeType,
		getByNameAndVersion: () => endpoint as INodeType,
		getKnownTypes: () => ({}),
	} as unknown as INodeTypes;
	const workflow = new Workflow({ nodes: [node], connections: {}, active: true, nodeTypes });
	return { workflow, node: workflow.nodes[node.name] };
}

describe('the Workspace Endpoint routes n8n resolves on every request', () => {
	it('every route of the Workspace Endpoint resolves natively to the path its expression gives', () => {
		const { workflow, node } = workflowWith('glow-spa');
		expect(routes.length).toBeGreaterThan(30);
		for (const route of routes) {
			expect(webhookDescriptionIsNativelyResolvable(route)).toBe(true);
			const native = resolveWebhookDescriptionField(node, route, 'path');
			const expression = workflow.expression.getSimpleParameterValue(
				node,
				route.path,
				'internal',
				{},
			);
			expect(native).toEqual({ resolved: true, value: expression });
			expect(expression).toMatch(/^glow-spa\/\S+$/);
		}
	});

	it('a Path written as an expression is still resolved by n8n, not natively', () => {
		const { node } = workflowWith('={{ "glow-" + "spa" }}');
		for (const route of routes)
			expect(resolveWebhookDescriptionField(node, route, 'path')).toEqual({ resolved: false });
	});
});
