import { complete, remove } from './complete.operation';
import { get } from './get.operation';
import { getAll } from './getAll.operation';
import { reassign } from './reassign.operation';
import type { ManualActionsOperation } from './task';

export const operations: Record<string, ManualActionsOperation> = {
	getAll,
	get,
	complete,
	delete: remove,
	reassign,
};
