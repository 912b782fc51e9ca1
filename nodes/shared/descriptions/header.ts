import { NodeConnectionTypes, type INodeProperties, type INodeTypeDescription } from 'n8n-workflow';
import { testTwilioCredential } from '../transport/twilio';
import { testWorkspaceCredential } from '../transport/workspace';
import { taskCompletedWebhooks } from '../waiting/taskWait';

/**
 * The header of an action that reaches the contact through Twilio and may wait in n8n for its
 * outcome or the contact's calling window (Call, Voicemail, Send SMS): versions 1 and 1.1, the
 * Twilio and Workspace credentials, and the restart webhooks n8n resumes it through. The node adds
 * its icon, subtitle and usableAsTool, which n8n's lint reads from the node file.
 */
export function twilioActionDescription(node: {
	displayName: string;
	name: string;
	description: string;
	defaultName: string;
	waitingNodeTooltip: string;
	properties: INodeProperties[];
}): Omit<INodeTypeDescription, 'icon' | 'subtitle' | 'usableAsTool'> {
	return {
		displayName: node.displayName,
		name: node.name,
		group: ['output'],
		version: [1, 1.1],
		defaultVersion: 1.1,
		description: node.description,
		defaults: { name: node.defaultName },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'aesthetixTwilioApi',
				displayName: 'Twilio Account',
				required: true,
				testedBy: 'aesthetixTwilioTest',
			},
			{
				name: 'aesthetixWorkspaceApi',
				displayName: 'Workspace',
				required: true,
				testedBy: 'aesthetixWorkspaceTest',
			},
		],
		webhooks: taskCompletedWebhooks,
		waitingNodeTooltip: node.waitingNodeTooltip,
		properties: node.properties,
	};
}

/** The credential tests of a Twilio action's two credentials. */
export const twilioActionCredentialTests = {
	aesthetixTwilioTest: testTwilioCredential,
	aesthetixWorkspaceTest: testWorkspaceCredential,
};
