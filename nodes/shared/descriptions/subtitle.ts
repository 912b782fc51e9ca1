import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

// The canvas evaluates a node's subtitle as an n8n expression with $parameter, so a map from each
// option's value to its name lets the canvas show what the panel shows ("Send Public Channel
// Message") rather than the stored value ("publicChannel"). The maps are built from the options
// themselves so a renamed or added option cannot leave the subtitle behind.

type Labels = Record<string, string>;

function labelsOf(property: INodeProperties): Labels {
	const labels: Labels = {};
	for (const option of (property.options ?? []) as INodePropertyOptions[])
		labels[String(option.value)] = option.name;
	return labels;
}

function find(properties: INodeProperties[], name: string): INodeProperties[] {
	const found = properties.filter((p) => p.name === name && p.type === 'options');
	if (found.length === 0)
		throw new Error(`No options parameter named "${name}" to build a subtitle from`);
	return found;
}

// An object literal written with spaces inside its braces: n8n closes an expression at the first
// "}}", which a nested literal written tightly would contain.
function literal(value: Labels | Record<string, Labels>): string {
	const entries = Object.entries(value).map(
		([k, v]) => `${JSON.stringify(k)}: ${typeof v === 'string' ? JSON.stringify(v) : literal(v)}`,
	);
	return `{ ${entries.join(', ')} }`;
}

/** The subtitle that names the chosen option of the parameter `name`. */
export function optionSubtitle(properties: INodeProperties[], name: string): string {
	const labels = Object.assign({}, ...find(properties, name).map(labelsOf)) as Labels;
	return `={{ ${literal(labels)}[$parameter["${name}"]] ?? $parameter["${name}"] }}`;
}

/**
 * "Operation: Resource" by name, for nodes whose operations are grouped by resource: each resource
 * has its own operation parameter, and the same value can carry a different name in each.
 */
export function resourceOperationSubtitle(properties: INodeProperties[]): string {
	const resources = labelsOf(find(properties, 'resource')[0]);
	const operations: Record<string, Labels> = {};
	for (const property of find(properties, 'operation')) {
		for (const resource of (property.displayOptions?.show?.resource ?? []) as string[]) {
			operations[resource] = { ...operations[resource], ...labelsOf(property) };
		}
	}
	return (
		`={{ (${literal(operations)}[$parameter["resource"]] ?? {})[$parameter["operation"]] + ": " + ` +
		`${literal(resources)}[$parameter["resource"]] }}`
	);
}
