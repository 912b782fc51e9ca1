/** What the layers above see of a connected Slack workspace. */
export interface SlackConfig {
	botToken: string;
	/** The token of the person who created the integration: private channels are posted as them. */
	userToken?: string;
	apiUrl: string;
	/** The longest a call may wait on Slack's Retry-After before the action gives up. */
	maxRateLimitWaitMs?: number;
}

export interface SlackUser {
	id: string;
	name: string;
	realName: string;
	email: string | null;
}

export interface SlackChannel {
	id: string;
	name: string;
	isPrivate: boolean;
}

export interface SlackPage<T> {
	items: T[];
	/** Where the next search picks up; undefined once every page was read. */
	cursor?: string;
}

export type SlackFailureKind =
	| 'user_not_found'
	| 'channel_not_found'
	| 'not_in_channel'
	| 'missing_scope'
	| 'auth'
	| 'rate_limited'
	| 'archived'
	| 'other';

export class SlackSendError extends Error {
	constructor(
		readonly kind: SlackFailureKind,
		message: string,
		readonly slackError?: string,
	) {
		super(message);
		this.name = 'SlackSendError';
	}
}
