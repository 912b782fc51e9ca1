/**
 * Canvas subtitles, evaluated the way n8n's editor evaluates them (`expression.getSimpleParameterValue`
 * on the node, as its getNodeSubtitle does): each shows the chosen option's name, never its value.
 */
import {
	Workflow,
	type INode,
	type INodeProperties,
	type INodePropertyOptions,
	type INodeType,
	type INodeTypes,
} from 'n8n-workflow';
import { InternalNotification } from '../../nodes/InternalNotification/InternalNotification.node';
import { LogExternalCall } from '../../nodes/LogExternalCall/LogExternalCall.node';
import { ManualActions } from '../../nodes/ManualActions/ManualActions.node';
import { ReviewRequest } from '../../nodes/ReviewRequest/ReviewRequest.node';
import { Slack } from '../../nodes/Slack/Slack.node';
import { Workspace } from '../../nodes/Workspace/Workspace.node';

function subtitleOf(type: INodeType, parameters: Record<string, string>): unknown {
	const node: INode = {
		id: 'n1',
		name: type.description.defaults.name as string,
		type: `n8n-nodes-aesthetix.${type.description.name}`,
		typeVersion: 1,
		position: [0, 0],
		parameters,
	};
	const nodeTypes: INodeTypes = {
		getByName: () => type,
		getByNameAndVersion: () => type,
		getKnownTypes: () => ({}),
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	return workflow.expression.getSimpleParameterValue(
		node,
		type.description.subtitle as string,
		'internal',
		{},
		undefined,
		'[empty]',
	);
}

const optionsOf = (type: INodeType, name: string, only?: (p: INodeProperties) => boolean) =>
	type.description.properties
		.filter((p) => p.name === name && (!only || only(p)))
		.flatMap((p) => p.options as INodePropertyOptions[]);

describe.each([
	['Slack', new Slack(), 'event', 'Send Public Channel Message'],
	['InternalNotification', new InternalNotification(), 'type', 'Notification (In-App)'],
	['LogExternalCall', new LogExternalCall(), 'direction', 'Outbound'],
	['ManualActions', new ManualActions(), 'operation', 'Get Many'],
	['ReviewRequest', new ReviewRequest(), 'reviewType', 'SMS'],
])('%s', (_name, type, parameter, example) => {
	it(`shows the name of every ${parameter} option`, () => {
		const options = optionsOf(type, parameter);
		expect(options.length).toBeGreaterThan(1);
		for (const option of options)
			expect(subtitleOf(type, { [parameter]: String(option.value) })).toBe(option.name);
		expect(options.map((o) => o.name)).toContain(example);
	});
});

it('the subtitles of new Slack and Internal Notification nodes read as their panels do', () => {
	expect(subtitleOf(new Slack(), { event: 'publicChannel' })).toBe('Send Public Channel Message');
	expect(subtitleOf(new InternalNotification(), { type: 'inApp' })).toBe('Notification (In-App)');
});

it('Workspace shows "Operation: Resource" by name for every operation of every resource', () => {
	const workspace = new Workspace();
	const resources = optionsOf(workspace, 'resource');
	for (const resource of resources) {
		const operations = optionsOf(workspace, 'operation', (p) =>
			(p.displayOptions?.show?.resource as string[]).includes(String(resource.value)),
		);
		expect(operations.length).toBeGreaterThan(0);
		for (const operation of operations) {
			expect(
				subtitleOf(workspace, {
					resource: String(resource.value),
					operation: String(operation.value),
				}),
			).toBe(`${operation.name}: ${resource.name}`);
		}
	}
	expect(subtitleOf(workspace, { resource: 'teamUser', operation: 'getAll' })).toBe(
		'Get Many: Team User',
	);
});
