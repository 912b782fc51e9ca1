import {
	NodeApiError,
	NodeOperationError,
	type IBinaryKeyData,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
	type JsonObject,
} from 'n8n-workflow';
import { ActionError, providerFailure, type ProviderFailure } from '../../../core/run/errors';
import { withoutUrlCredentials } from '../../../core/run/urlCredentials';
import { forEachInFlight } from './inFlight';

/** A provider's failure as n8n's API error: its HTTP status when it has one, its kind kept. */
function apiError(
	node: INode,
	failure: ProviderFailure,
	message: string,
	description: string | undefined,
	itemIndex: number | undefined,
): NodeApiError {
	const httpCode = failure.status === undefined ? undefined : String(failure.status);
	const error = new NodeApiError(node, { kind: failure.kind } as JsonObject, {
		message,
		description,
		httpCode,
		itemIndex,
	});
	error.context.kind = failure.kind;
	// n8n fills a missing description from the response; these errors have none of their own.
	error.description = description ?? null;
	return error;
}

/**
 * The one door of every error a user sees: an ActionError names its field (and is n8n's operation
 * error, for input the user can fix), a provider's refusal or failure becomes n8n's API error with
 * the provider's HTTP status and kind, and anything else is reported as it came. No error leaves
 * with a user name or password of a URL in it.
 */
export function toNodeError(
	node: INode,
	error: unknown,
	itemIndex?: number,
): NodeOperationError | NodeApiError {
	const shown = (text: string | undefined) =>
		text === undefined ? undefined : withoutUrlCredentials(text);
	if (error instanceof NodeOperationError || error instanceof NodeApiError) {
		error.message = withoutUrlCredentials(error.message);
		if (typeof error.description === 'string') error.description = shown(error.description)!;
		return error;
	}
	if (error instanceof ActionError) {
		if (error.failure)
			return apiError(
				node,
				error.failure,
				shown(error.shown)!,
				shown(error.description),
				itemIndex,
			);
		return new NodeOperationError(node, shown(error.shown)!, {
			itemIndex,
			description: shown(error.description),
		});
	}
	const failure = providerFailure(error);
	if (failure)
		return apiError(node, failure, shown((error as Error).message)!, undefined, itemIndex);
	return new NodeOperationError(node, cleaned(error as Error), { itemIndex });
}

/** The error itself when it names no URL credentials; otherwise a copy without them. */
function cleaned(error: Error): Error {
	if (!(error instanceof Error)) return error;
	const message = withoutUrlCredentials(error.message);
	if (message === error.message) return error;
	const copy = new Error(message);
	copy.name = error.name;
	copy.stack = error.stack && withoutUrlCredentials(error.stack);
	return copy;
}

/** An output item that carries files (an exported snapshot) besides its fields. */
export class WithFiles {
	constructor(
		readonly json: IDataObject,
		readonly binary: IBinaryKeyData,
	) {}
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
	) => Promise<IDataObject | IDataObject[] | WithFiles | null>,
	{ concurrency = 1 }: PerItemOptions = {},
): Promise<INodeExecutionData[]> {
	const items = ctx.getInputData();
	const output: INodeExecutionData[][] = new Array(items.length);
	const continueOnFail = ctx.continueOnFail();
	const failures = await forEachInFlight(items.length, concurrency, !continueOnFail, async (i) => {
		try {
			// null ends the item's run here (Stop on Response): it has no output item.
			const json = await work(i, items[i]);
			output[i] =
				json instanceof WithFiles
					? [{ json: json.json, binary: json.binary, pairedItem: { item: i } }]
					: (json === null ? [] : [json].flat()).map((entry) => ({
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
