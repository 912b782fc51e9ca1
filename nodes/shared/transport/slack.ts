import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { SlackWorkspace } from '../../../providers/slack';

/**
 * Messages a node run keeps in flight. Slack paces each method (see SlackWorkspace), so a few at a
 * time fill those paces across channels without stacking up waits on one.
 */
export const SLACK_IN_FLIGHT = 3;

export function slackWorkspace(credential: ICredentialDataDecryptedObject): SlackWorkspace {
	return new SlackWorkspace({
		botToken: String(credential.botToken ?? ''),
		userToken: credential.userToken ? String(credential.userToken) : undefined,
		apiUrl: String(credential.apiUrl || 'https://slack.com/api/'),
	});
}
