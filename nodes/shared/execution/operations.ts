import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { ActionError } from '../../../core/run/errors';
import { runPerItem, type WithFiles } from './errors';

/** One operation of a node: what it does for one item, given what the node run opened once. */
export interface NodeOperation<Deps> {
	execute(
		ctx: IExecuteFunctions,
		itemIndex: number,
		deps: Deps,
	): Promise<IDataObject | IDataObject[] | WithFiles>;
}

/**
 * The one router of the package's nodes: each item runs the operation `pick` names for it, and an
 * operation that returns a list gives one output item per entry, paired with its input.
 */
export async function runOperations<Deps>(
	ctx: IExecuteFunctions,
	pick: (itemIndex: number) => { name: string; operation?: NodeOperation<Deps> },
	deps: Deps,
): Promise<INodeExecutionData[][]> {
	return [
		await runPerItem(ctx, async (i) => {
			const { name, operation } = pick(i);
			if (!operation)
				throw ActionError.of('Operation', `"${name}" is not an operation of this node`);
			return await operation.execute(ctx, i, deps);
		}),
	];
}
