import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { startCall } from '../../core/voice/startCall';
import { createTwilioVoice } from '../../providers/twilio';
import { readContact } from '../shared/contact';
import { runPerItem } from '../shared/errors';
import { noteStopped, runStartedAt } from '../shared/stopOnResponse';
import { TWILIO_CREDENTIAL, twilioConfig } from '../shared/twilio';
import { resumeUrlFor, taskCompletedWebhooks } from '../shared/waitingTask';
import { startActionRun, testWorkspaceCredential } from '../shared/workspace';
import { callProperties } from './description';
import { callsCompletedWebhook, keepUncalledItems } from './waiting';

/** How long the node waits for Twilio's reports before moving on without an outcome. */
const WAIT_LIMIT_MS = 4 * 60 * 60 * 1000;

export class Call implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Aesthetix Call',
		name: 'call',
		icon: { light: 'file:../../icons/aesthetix.svg', dark: 'file:../../icons/aesthetix.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: 'Calls the assigned user, then the contact',
		description: 'Calls the assigned user (or the Company Phone) with a whisper, then bridges the contact; waits for the outcome',
		defaults: { name: 'Call' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: [
			{ name: 'aesthetixTwilioApi', required: true },
			{ name: 'aesthetixWorkspaceApi', required: true, testedBy: 'aesthetixWorkspaceTest' },
		],
		webhooks: taskCompletedWebhooks,
		waitingNodeTooltip: "Waiting for the call's outcome from Twilio",
		properties: callProperties,
	};

	methods = { credentialTest: { aesthetixWorkspaceTest: testWorkspaceCredential } };

	webhook = callsCompletedWebhook;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const run = await startActionRun(this);
		const voice = createTwilioVoice(twilioConfig(await this.getCredentials(TWILIO_CREDENTIAL)));
		const resumeUrl = resumeUrlFor(this);
		const since = runStartedAt(this);
		const items = this.getInputData();
		const placed = new Set<number>();
		const stopped = new Set<number>();
		const output = await runPerItem(this, async (i, item) => {
			const start = await startCall(
				run,
				voice,
				{
					contact: readContact(this, i),
					whisper: this.getNodeParameter('whisper', i, '') as string,
					callTimeout: this.getNodeParameter('callTimeout', i, 30) as number,
					disableVoicemailDetect: this.getNodeParameter('disableVoicemailDetect', i, false) as boolean,
					connectAfterKeypress: this.getNodeParameter('connectAfterKeypress', i, true) as boolean,
					stopOnResponse: this.getNodeParameter('stopOnResponse', i, false) as boolean,
					runStartedAt: since,
					itemCount: items.length,
				},
				i,
				item.json,
				resumeUrl,
			);
			if (start.kind === 'stopped') {
				stopped.add(i);
				return noteStopped(this, i, start.reason);
			}
			if (start.kind === 'skipped') return { ...item.json, call: start.result as IDataObject };
			placed.add(i);
			// What the output says if the wait limit passes before Twilio reports the end of the call.
			item.json.call = { status: 'no_outcome_in_time', call_id: start.call.id, user_call_sid: start.call.user_call_sid };
			return { ...item.json };
		});
		if (placed.size === 0) return [output];

		const uncalled = [
			...[...stopped].map((itemIndex) => ({ itemIndex, json: null })),
			...output
				.map((o) => ({ itemIndex: (o.pairedItem as { item: number }).item, json: o.json }))
				.filter((o) => !placed.has(o.itemIndex)),
		];
		await keepUncalledItems(this, run.store, uncalled, run.identity, resumeUrl);
		this.addExecutionHints({ message: 'Calling: the workflow continues when Twilio reports the end of every call.', location: 'outputPane' });
		await this.putExecutionToWait(new Date(Date.now() + WAIT_LIMIT_MS));
		return [output];
	}
}
