import { updateDisplayOptions, type INodeProperties } from 'n8n-workflow';

/** Each operation's fields, shown only for its resource and operation (n8n's own updateDisplayOptions). */
export function operationProperties(
	resource: string,
	operations: Record<string, { properties: INodeProperties[] }>,
): INodeProperties[] {
	return Object.entries(operations).flatMap(([operation, { properties }]) =>
		updateDisplayOptions({ show: { resource: [resource], operation: [operation] } }, properties),
	);
}
