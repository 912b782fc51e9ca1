import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { slackWorkspace } from '../../shared/transport/slack';
import { SLACK_CREDENTIAL } from '../../shared/transport/credentials';

/** The Slack User picker: every person of the workspace, page after page (the spec's Load More). */
export async function searchUsers(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const slack = slackWorkspace(await this.getCredentials(SLACK_CREDENTIAL));
	const page = await slack.searchUsers(filter ?? '', paginationToken);
	return {
		results: page.items.map((u) => ({
			name: u.realName && u.realName !== u.name ? `${u.realName} (@${u.name})` : `@${u.name}`,
			value: u.id,
		})),
		paginationToken: page.cursor,
	};
}

/** The Channel picker: public channels, or the private ones the integration's creator is in. */
export async function searchChannels(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const slack = slackWorkspace(await this.getCredentials(SLACK_CREDENTIAL));
	const kind = this.getCurrentNodeParameter('event') === 'privateChannel' ? 'private' : 'public';
	const page = await slack.searchChannels(kind, filter ?? '', paginationToken);
	return {
		results: page.items.map((c) => ({ name: `#${c.name}`, value: c.id })),
		paginationToken: page.cursor,
	};
}
