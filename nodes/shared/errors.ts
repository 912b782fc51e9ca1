import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
} from 'n8n-workflow';
import { ActionError } from '../../core/actions/errors';

/** An ActionError names the field and the problem; anything else is reported as it came. */
export function toNodeError(node: INode, error: unknown, itemIndex: number): NodeOperationError {
	if (error instanceof NodeOperationError) return error;
	if (error instanceof ActionError) {
		return new NodeOperationError(node, error.message, { itemIndex, description: error.description });
	}
	return new NodeOperationError(node, error as Error, { itemIndex });
}

/**
 * Runs `work` for every input item, in order; an item whose work returns null has no output. With Continue On Fail a failed item's error becomes its
 * output and the other items still go out; without it the first error stops the node.
 */
export async function runPerItem(
	ctx: IExecuteFunctions,
	work: (itemIndex: number, item: INodeExecutionData) => Promise<IDataObject | null>,
): Promise<INodeExecutionData[]> {
	const items = ctx.getInputData();
	const output: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			// null ends the item's run here (Stop on Response): it has no output item.
			const json = await work(i, items[i]);
			if (json !== null) output.push({ json, pairedItem: { item: i } });
		} catch (error) {
			const nodeError = toNodeError(ctx.getNode(), error, i);
			if (!ctx.continueOnFail()) throw nodeError;
			ctx.logger.warn(`${ctx.getNode().name}: item ${i} failed: ${nodeError.message}`);
			output.push({
				json: { ...items[i].json, error: { message: nodeError.message, description: nodeError.description ?? null } },
				pairedItem: { item: i },
			});
		}
	}
	return output;
}
