import { REPUTATION_SETTING } from '../reviews/reputation';
import { PREMIUM_SETTING } from '../slack/sendSlackMessage';
import type { Settings } from '../store/settings';
import type { WorkspaceFields } from './choices';
import type { SnapshotSettings } from './format';

export { PREMIUM_SETTING, REPUTATION_SETTING };

/**
 * A workspace's configuration settings as a snapshot holds them: time zone and country from its
 * Workspace credential, the premium switch and the Reputation settings as stored (empty wording
 * stays empty, so the defaults apply in every clinic).
 */
export async function readSnapshotSettings(
	settings: Settings,
	workspace: WorkspaceFields,
): Promise<SnapshotSettings> {
	const stored = await settings.get<Record<string, unknown>>(REPUTATION_SETTING, {});
	const text = (key: string) => (typeof stored[key] === 'string' ? String(stored[key]) : '');
	const premium = await settings.get<{ enabled?: boolean }>(PREMIUM_SETTING, {});
	return {
		time_zone: workspace.timeZone || 'UTC',
		default_country: (workspace.defaultCountry || 'US').toUpperCase(),
		premium_actions: { enabled: premium.enabled === true },
		reputation: {
			review_link: text('review_link'),
			enabled: stored.enabled !== false,
			email_subject: text('email_subject'),
			email_body: text('email_body'),
			sms_body: text('sms_body'),
			sender_name: text('sender_name'),
			sender_email: text('sender_email'),
		},
	};
}
