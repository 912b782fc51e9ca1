import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { ActionError } from '../../../core/run/errors';
import type { WorkspaceStore } from '../../../core/store';
import { endpointUrls } from '../../../core/links/endpointUrls';
import { createPasswordLink, PASSWORD_LINK_HOURS } from '../../../core/inbox/passwordLinks';
import { workspaceSettings } from '../../shared/transport/workspace';
import type { WorkspaceOperation } from '../types';
import { chosenUser, userIdProperty } from './update';
import { WORKSPACE_CREDENTIAL } from '../../shared/transport/credentials';

/**
 * The Inbox's set-password links, once its public address is known: refused first, so that an
 * operation that also changes the user changes nothing when no link can be given.
 */
export async function inboxLink(ctx: IExecuteFunctions, store: WorkspaceStore) {
	const { publicBaseUrl } = workspaceSettings(await ctx.getCredentials(WORKSPACE_CREDENTIAL));
	const urls = await endpointUrls(store, publicBaseUrl);
	if (!urls) {
		throw new ActionError(
			'Public Base URL',
			'The Inbox has no public address yet',
			'Set the Public Base URL in the Aesthetix Workspace credential and publish the Workspace Endpoint workflow, which serves the Inbox.',
		);
	}
	return {
		async forUser(userId: number, hours: number) {
			const link = await createPasswordLink(store, userId, hours);
			return {
				set_password_url: `${urls.inbox}/set-password?token=${link.token}`,
				expires_at: link.expiresAt,
			};
		},
	};
}

/**
 * A link with which a team user sets their own Inbox password. Passwords never pass through the
 * workflow: n8n keeps node parameters and item data in plain text.
 */
export const passwordLink: WorkspaceOperation = {
	properties: [
		userIdProperty,
		{
			displayName: 'Expires After (Hours)',
			name: 'expiresAfterHours',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: PASSWORD_LINK_HOURS.max },
			default: 72,
			description: 'The link works once, until then; a newer link for the same user replaces it',
		},
	],
	async execute(ctx, i, store) {
		const user = await chosenUser(ctx, i, store);
		if (!user.active)
			throw ActionError.of(
				'User ID',
				`${user.name} is deactivated: activate them with Team User › Activate`,
			);
		if (!user.email) {
			throw ActionError.of('User ID', `${user.name} has no email, and the Inbox signs in by email`);
		}
		const hours = Number(ctx.getNodeParameter('expiresAfterHours', i, PASSWORD_LINK_HOURS.default));
		if (!Number.isFinite(hours) || hours < 1 || hours > PASSWORD_LINK_HOURS.max) {
			throw ActionError.of(
				'Expires After (Hours)',
				`${hours} is not between 1 and ${PASSWORD_LINK_HOURS.max}`,
			);
		}
		const link = await inboxLink(ctx, store);
		return {
			user_id: user.id,
			name: user.name,
			email: user.email,
			...(await link.forUser(user.id, hours)),
		} as IDataObject;
	},
};
