import type { DecidedItem } from '../run/waitForWindow';
import type { RunIdentity } from '../run/actionRun';
import type { ResumePost } from '../run/resume';
import type { WorkspaceStore } from '../store';
import type { VoiceCall } from '../store/voiceCalls';
import { resumeWhenAllDone } from './callFlow';

/** An item of a Call or Voicemail run that placed no call: kept beside the calls so the resumed node outputs it in its place. */
export interface PassThrough {
	passthrough: true;
	/** Stop on Response ended the item's run before a call: it has no output. */
	stopped?: boolean;
}

export interface CallsNode {
	identity: Pick<RunIdentity, 'workflowId' | 'nodeId' | 'actionName' | 'executionId'>;
	resumeUrl: string;
	itemCount: number;
	resume: ResumePost;
	log: (message: string) => void;
}

/**
 * Call and Voicemail: items that placed no call are stored as completed calls, and the node resumes
 * once every call has ended (which may already be the case by now); otherwise the last call's end
 * resumes it. A wake therefore never resumes the node itself.
 */
export async function keepUncalledItems(
	store: WorkspaceStore,
	node: CallsNode,
	decided: DecidedItem[],
): Promise<void> {
	const { identity, resumeUrl, itemCount, resume, log } = node;
	let last: VoiceCall | undefined;
	for (const { itemIndex, output } of decided) {
		const result: PassThrough =
			output === null ? { passthrough: true, stopped: true } : { passthrough: true };
		const fields = {
			status: 'completed' as const,
			item: output ?? {},
			result: result as unknown as Record<string, unknown>,
		};
		const { call, existed } = await store.voiceCalls.create({
			workflow_id: identity.workflowId,
			node_id: identity.nodeId,
			action_name: identity.actionName,
			execution_id: identity.executionId,
			item_index: itemIndex,
			item_count: itemCount,
			resume_url: resumeUrl,
			...fields,
		});
		last = existed ? await store.voiceCalls.update(call.id, fields) : call;
	}
	if (last) await resumeWhenAllDone({ store, resume, log }, last);
}
