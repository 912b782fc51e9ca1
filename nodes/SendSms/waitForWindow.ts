import type { IDataObject, IExecuteFunctions, INodeExecutionData, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { ActionRun, type RunIdentity } from '../../core/actions/actionRun';
import { ActionError } from '../../core/actions/errors';
import { sendSms, type SendSmsInput, type SendSmsResult } from '../../core/actions/sendSms';
import { endpointUrls } from '../../core/endpoint/urls';
import { createTwilioMessaging } from '../../providers/twilio';
import { TWILIO_CREDENTIAL, twilioConfig } from '../shared/twilio';
import { resumeUrlFor } from '../shared/waitingTask';
import { WORKSPACE_CREDENTIAL, workspaceSettings, workspaceStore } from '../shared/workspace';

/** How long past the last window's opening the execution waits before n8n moves on without the texts. */
const WAIT_LIMIT_MS = 4 * 60 * 60 * 1000;

/** A text that waits for its window: kept with its fields, sent when the workspace endpoint wakes the node. */
export async function keepWaitingText(
	ctx: IExecuteFunctions,
	run: ActionRun,
	itemIndex: number,
	item: INodeExecutionData,
	input: SendSmsInput,
	result: SendSmsResult,
): Promise<void> {
	if (!(await run.once('endpoint', () => endpointUrls(run.store, run.workspace.publicBaseUrl)))) {
		throw new ActionError(
			'Calling Hours',
			'Waiting until the window opens needs the Aesthetix Workspace Endpoint workflow published and the workspace credential\'s Public Base URL set',
			'The endpoint wakes the waiting texts when the window opens. Publish it, or choose Skip With the Reason.',
		);
	}
	await run.store.deferredItems.keep({
		execution_id: run.identity.executionId,
		node_id: run.identity.nodeId,
		item_index: itemIndex,
		action: 'sms',
		status: 'waiting',
		contact_id: result.contact_id ?? null,
		opens_at: result.opens_at!,
		resume_url: resumeUrlFor(ctx),
		identity: { ...run.identity },
		input: { ...input },
		item: { ...item.json },
	});
	// What the output says if the wait limit passes first: n8n then passes the input items on.
	item.json.sms = { status: 'not_sent_in_time', opens_at: result.opens_at ?? null, contact_id: result.contact_id ?? null };
}

/**
 * Some texts wait: the ones already decided are kept with their output (none for an item Stop on
 * Response ended), so that the resumed node outputs every item in order, and the execution waits.
 */
export async function waitForWindows(
	ctx: IExecuteFunctions,
	run: ActionRun,
	output: INodeExecutionData[],
	waiting: Map<number, string>,
	stopped: Set<number>,
): Promise<void> {
	const byIndex = new Map(output.map((o) => [(o.pairedItem as { item: number }).item, o.json]));
	const items = ctx.getInputData();
	const resumeUrl = resumeUrlFor(ctx);
	for (let i = 0; i < items.length; i++) {
		if (waiting.has(i)) continue;
		await run.store.deferredItems.keep({
			execution_id: run.identity.executionId,
			node_id: run.identity.nodeId,
			item_index: i,
			action: 'sms',
			status: 'done',
			resume_url: resumeUrl,
			identity: { ...run.identity },
			input: {},
			item: {},
			output: stopped.has(i) ? null : (byIndex.get(i) ?? null),
		});
	}
	ctx.addExecutionHints({ message: `Calling Hours: ${waiting.size} text(s) wait for the contact's calling window.`, location: 'outputPane' });
	const latest = Math.max(Date.now(), ...[...waiting.values()].map((at) => new Date(at).getTime()));
	await ctx.putExecutionToWait(new Date(latest + WAIT_LIMIT_MS));
}

/**
 * The resume webhook: the workspace endpoint names the texts whose window opened. Each is taken once
 * and sent now, after the checks run again (an opt-out, DND or a reply overnight skips or stops it);
 * the node outputs every item once none is left waiting, and otherwise goes on waiting.
 */
export async function sendWokenTexts(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const wake = (this.getBodyData() as { wake?: unknown } | undefined)?.wake;
	if (!Array.isArray(wake)) {
		this.getResponseObject().status(409).json({ resumed: false, error: 'Send SMS resumes only to send the texts whose calling window opened' });
		return { noWebhookResponse: true };
	}
	const store = await workspaceStore(this);
	const executionId = String(this.getExecutionId());
	const nodeId = this.getNode().id;
	const claimed = await store.deferredItems.claimAllForSending(wake, executionId, nodeId);
	if (claimed.length > 0) {
		const transport = createTwilioMessaging(twilioConfig(await this.getCredentials(TWILIO_CREDENTIAL)));
		const identity = claimed[0].identity as unknown as RunIdentity;
		const run = new ActionRun(identity, store, workspaceSettings(await this.getCredentials(WORKSPACE_CREDENTIAL)));
		for (const row of claimed) {
			let result: SendSmsResult | { action_name: string; status: 'failed'; error: string };
			try {
				result = await sendSms(run, transport, row.input as unknown as SendSmsInput, row.item_index, row.item);
			} catch (error) {
				// Nobody can fix the item now: its output says why it was not sent.
				result = { action_name: identity.actionName, status: 'failed', error: (error as Error).message };
			}
			if (result.status === 'waiting') {
				await store.deferredItems.update(row.id, { status: 'waiting', opens_at: result.opens_at });
				continue;
			}
			if (result.status === 'stopped') this.logger.info(`Stop on Response: item ${row.item_index} of "${identity.actionName}" ended its run. ${result.reason}.`);
			const output = result.status === 'stopped' ? null : { ...row.item, sms: result as unknown as IDataObject };
			await store.deferredItems.update(row.id, { status: 'done', output });
		}
	}
	const done = await store.deferredItems.takeOutput(executionId, nodeId);
	if (!done) return { webhookResponse: { woken: claimed.map((r) => r.id) } };
	const items = done.filter((r) => r.output !== null).map((r) => ({ json: r.output as IDataObject, pairedItem: { item: r.item_index } }));
	return { webhookResponse: { woken: claimed.map((r) => r.id), resumed: true }, workflowData: [items] };
}
