import { SlackSendError } from './types';

interface SlackErrorLike {
	code?: string;
	message?: string;
	retryAfter?: number;
	data?: { error?: string; needed?: string; provided?: string };
}

/** Slack's error words, as sentences that name the fix. */
export function explainSlackError(error: SlackErrorLike, target: string): SlackSendError {
	if (error.code === 'slack_webapi_rate_limited_error') {
		return new SlackSendError(
			'rate_limited',
			`Slack is rate limiting this app and asked to wait ${error.retryAfter ?? '?'} seconds, longer than the action waits`,
		);
	}
	const slack = error.data?.error;
	switch (slack) {
		case 'users_not_found':
		case 'user_not_found':
			return new SlackSendError(
				'user_not_found',
				`No Slack user has the email ${target}: the person's Slack profile email must match`,
				slack,
			);
		case 'channel_not_found':
			return new SlackSendError(
				'channel_not_found',
				`Slack channel ${target} was not found, or this app cannot see it (a private channel must include the app or the integration's creator)`,
				slack,
			);
		case 'not_in_channel':
			return new SlackSendError(
				'not_in_channel',
				`The app is not in channel ${target}: invite it with /invite @your-app, then run again`,
				slack,
			);
		case 'is_archived':
			return new SlackSendError('archived', `Slack channel ${target} is archived`, slack);
		case 'missing_scope':
			return new SlackSendError(
				'missing_scope',
				`The Slack token lacks the scope "${error.data?.needed ?? '?'}": add it to the app's OAuth scopes and reinstall the app`,
				slack,
			);
		case 'invalid_auth':
		case 'not_authed':
		case 'token_revoked':
		case 'account_inactive':
			return new SlackSendError(
				'auth',
				`Slack refused the token (${slack}): reconnect the Slack account`,
				slack,
			);
		default:
			return new SlackSendError(
				'other',
				slack
					? `Slack refused the request to ${target}: ${slack}`
					: `Could not reach Slack: ${error.message ?? 'no answer'}`,
				slack,
			);
	}
}
