import { createHash } from 'node:crypto';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import type { WorkspaceSettings } from '../../../core/run/actionRun';
import { openStore, type WorkspaceStore } from '../../../core/store';
import { recentCredentials, type CredentialContext } from './recentCredentials';
import { WORKSPACE_CREDENTIAL } from './credentials';
import { storeConfig, workspaceSettings } from './workspace';

/** A workspace as its credential describes it: the store opened and the settings read. */
export interface OpenedWorkspace {
	store: WorkspaceStore;
	settings: WorkspaceSettings;
}

/** Enough for the workspaces of every endpoint of an agency's n8n, and a few changes of each. */
const KEPT = 200;

const byContent = new Map<string, Promise<OpenedWorkspace>>();
const byReading = new WeakMap<ICredentialDataDecryptedObject, Promise<OpenedWorkspace>>();

function opened(credential: ICredentialDataDecryptedObject): Promise<OpenedWorkspace> {
	const key = createHash('sha256').update(JSON.stringify(credential)).digest('hex');
	let workspace = byContent.get(key);
	if (!workspace) {
		workspace = openStore(storeConfig(credential)).then((store) => ({
			store,
			settings: workspaceSettings(credential),
		}));
		byContent.set(key, workspace);
		workspace.catch(() => byContent.delete(key));
		if (byContent.size > KEPT) byContent.delete(byContent.keys().next().value!);
	}
	return workspace;
}

/**
 * The node's workspace, opened once per process for each content of its credential: requests share
 * the store and the settings worked out from the credential, and a changed credential (a new
 * database, a new Public Base URL) is a new content, opened on its own as soon as it is read.
 */
export async function openWorkspace(ctx: CredentialContext): Promise<OpenedWorkspace> {
	const credential = await recentCredentials(ctx, WORKSPACE_CREDENTIAL);
	let workspace = byReading.get(credential);
	if (!workspace) {
		workspace = opened(credential);
		byReading.set(credential, workspace);
	}
	return workspace;
}
