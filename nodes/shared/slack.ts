import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { SlackWorkspace } from '../../providers/slack';

export const SLACK_CREDENTIAL = 'aesthetixSlackApi';

export function slackWorkspace(credential: ICredentialDataDecryptedObject): SlackWorkspace {
	return new SlackWorkspace({
		botToken: String(credential.botToken ?? ''),
		userToken: credential.userToken ? String(credential.userToken) : undefined,
		apiUrl: String(credential.apiUrl || 'https://slack.com/api/'),
	});
}
