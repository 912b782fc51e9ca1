import type { INodeProperties } from 'n8n-workflow';
import type { WorkspaceStore } from '../../core/store';
import type { NodeOperation } from '../shared/execution/operations';

/** One operation of the Workspace node: its fields, and what it does for one item. */
export interface WorkspaceOperation extends NodeOperation<WorkspaceStore> {
	properties: INodeProperties[];
}
