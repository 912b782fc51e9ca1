import { type IDataObject } from 'n8n-workflow';
import { ActionError } from '../../../core/run/errors';
import { endpointUrls } from '../../../core/links/endpointUrls';
import { createPasswordLink, PASSWORD_LINK_HOURS } from '../../../core/inbox/passwordLinks';
import { workspaceSettings } from '../../shared/transport/workspace';
import type { WorkspaceOperation } from '../types';
import { userIdProperty } from './update';
import { WORKSPACE_CREDENTIAL } from '../../shared/transport/credentials';

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
		const id = ctx.getNodeParameter('userId', i) as number;
		const user = await store.teamUsers.get(id);
		if (!user) throw ActionError.of('User ID', `no team user has the id ${id}`);
		if (!user.active) throw ActionError.of('User ID', `${user.name} is deactivated`);
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
		const { publicBaseUrl } = workspaceSettings(await ctx.getCredentials(WORKSPACE_CREDENTIAL));
		const urls = await endpointUrls(store, publicBaseUrl);
		if (!urls) {
			throw new ActionError(
				'Public Base URL',
				'The Inbox has no public address yet',
				'Set the Public Base URL in the Aesthetix Workspace credential and publish the Workspace Endpoint workflow, which serves the Inbox.',
			);
		}
		const link = await createPasswordLink(store, user.id, hours);
		return {
			user_id: user.id,
			name: user.name,
			email: user.email,
			set_password_url: `${urls.inbox}/set-password?token=${link.token}`,
			expires_at: link.expiresAt,
		} as IDataObject;
	},
};
