import type { IDataObject } from 'n8n-workflow';
import { publicTask } from '../../../core/store/manualTasks';
import { readTask, type ManualActionsOperation } from './task';

export const get: ManualActionsOperation = {
	async execute(ctx, i, run) {
		return publicTask(await readTask(ctx, i, run)) as unknown as IDataObject;
	},
};
