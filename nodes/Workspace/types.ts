import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { WorkspaceStore } from '../../core/store';

/** One operation of the Workspace node: its fields, and what it does for one item. */
export interface WorkspaceOperation {
	properties: INodeProperties[];
	execute(
		ctx: IExecuteFunctions,
		itemIndex: number,
		store: WorkspaceStore,
	): Promise<IDataObject | IDataObject[]>;
}

export const show = (resource: string, operation: string) => ({
	show: { resource: [resource], operation: [operation] },
});
