import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
} from 'n8n-workflow';
import { ActionError } from '../../../core/run/errors';
import { forEachInFlight } from './inFlight';

/** An ActionError names the field and the problem; anything else is reported as it came. */
export function toNodeError(node: INode, error: unknown, itemIndex: number): NodeOperationError {
	if (error instanceof NodeOperationError) return error;
	if (error instanceof ActionError) {
		return new NodeOperationError(node, error.shown, {
			itemIndex,
			description: error.description,
		});
	}
	return new NodeOperationError(node, error as Error, { itemIndex });
}

export interface PerItemOptions {
	/**
	 * How many items may be in flight at once: the bound the provider sets (the SMTP pool size, the
	 * SMS send rate, Slack's limits). 1 keeps items strictly one after another.
	 */
	concurrency?: number;
}

/**
 * Runs `work` for every input item, up to `concurrency` at a time, and returns the output in input
 * order, each item paired with its input; a list becomes one output item per entry, and an item
 * whose work returns null (Stop on Response ended its run) has no output. With Continue On Fail a failed item's error becomes its output and the
 * other items still go out; without it the first failure stops new items from
 * starting, the ones already in flight finish (their sends are recorded, so a retry skips them),
 * and the failure of the lowest item stops the node.
 */
export async function runPerItem(
	ctx: IExecuteFunctions,
	work: (
		itemIndex: number,
		item: INodeExecutionData,
	) => Promise<IDataObject | IDataObject[] | null>,
	{ concurrency = 1 }: PerItemOptions = {},
): Promise<INodeExecutionData[]> {
	const items = ctx.getInputData();
	const output: INodeExecutionData[][] = new Array(items.length);
	const continueOnFail = ctx.continueOnFail();
	const failures = await forEachInFlight(items.length, concurrency, !continueOnFail, async (i) => {
		try {
			// null ends the item's run here (Stop on Response): it has no output item.
			const json = await work(i, items[i]);
			output[i] = (json === null ? [] : [json].flat()).map((entry) => ({
				json: entry,
				pairedItem: { item: i },
			}));
		} catch (error) {
			const nodeError = toNodeError(ctx.getNode(), error, i);
			if (!continueOnFail) throw nodeError;
			ctx.logger.warn(`${ctx.getNode().name}: item ${i} failed: ${nodeError.message}`);
			output[i] = [
				{
					json: {
						...items[i].json,
						error: { message: nodeError.message, description: nodeError.description ?? null },
					},
					pairedItem: { item: i },
				},
			];
		}
	});
	if (failures.length > 0) throw failures[0].error;
	return output.flat();
}
