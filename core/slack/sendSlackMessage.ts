import { SlackSendError, type SlackWorkspace } from '../../providers/slack';
import { resolveContact, type ResolvedContact } from '../run/resolveContact';
import { emailProblem } from '../contacts/addresses';
import type { TeamUser } from '../store/types';
import type { ActionRun } from '../run/actionRun';
import { deliveredOutput, type RetryMarks } from '../run/deliverOnce';
import { interruptedReason } from '../run/interruptedSends';
import { ActionError } from '../run/errors';
import { renderField } from '../run/render';

export type SlackEvent = 'directMessage' | 'privateChannel' | 'publicChannel';
export type SlackUserSource = 'assignedUser' | 'customEmail' | 'internalUser' | 'slackUser';

export const PREMIUM_SETTING = 'premium_actions';

/** The Slack action's fields, as the node read them for one item. */
export interface SlackMessageInput {
	contact: Record<string, unknown>;
	event: SlackEvent;
	userSource: SlackUserSource;
	customEmail: string;
	internalUserId: number | string;
	slackUserId: string;
	channelId: string;
	message: string;
}

export interface SlackMessageResult extends RetryMarks {
	action_name: string;
	event: SlackEvent;
	channel: string;
	user?: string;
	/** Slack's id of the message; absent when it was not posted. */
	ts?: string;
	text: string;
	sent_as: 'bot' | 'user';
	blank_merge_fields: string[];
	contact_id?: number;
	/** Only for a post n8n stopped in the middle of, which a retry did not repeat. */
	status?: 'interrupted';
	reason?: string;
}

/** Slack's channel IDs: C… for channels, G… for older private ones. */
const CHANNEL_ID = /^[CG][A-Z0-9]{6,}$/;

/**
 * The channel as an ID, whether it was picked from the list, given by ID, or typed by name (as
 * people do in an expression: `#front-desk`); names are looked up once per run.
 */
async function channelFor(
	run: ActionRun,
	slack: SlackWorkspace,
	kind: 'public' | 'private',
	value: string,
): Promise<string> {
	const given = value.trim();
	if (!given) throw new ActionError('Channel', 'Choose the channel to post in');
	if (CHANNEL_ID.test(given)) return given;
	const found = await run.once(`slack-channel:${kind}:${given.toLowerCase()}`, () =>
		slack.channelByName(kind, given),
	);
	if (!found) {
		throw new ActionError(
			'Channel',
			`Channel: no ${kind} channel named "${given.replace(/^#?/, '#')}" was found in this Slack workspace`,
			"Pick the channel From List, or give its ID (in Slack: open the channel's details; the ID is at the bottom of the About tab).",
		);
	}
	return found.id;
}

/** Slack formatting reads &, < and > as markup: values from contacts must not mention @channel or link. */
function slackSafe(value: unknown): unknown {
	if (typeof value === 'string')
		return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
	if (Array.isArray(value)) return value.map(slackSafe);
	if (value && typeof value === 'object')
		return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, slackSafe(v)]));
	return value;
}

async function slackUserFor(slack: SlackWorkspace, user: TeamUser, field: string): Promise<string> {
	if (user.slack_user_id) return user.slack_user_id;
	if (!user.email)
		throw new ActionError(field, `${user.name} has no email to find them in Slack with`);
	return (await slack.userByEmail(user.email)).id;
}

async function directMessageTarget(
	run: ActionRun,
	slack: SlackWorkspace,
	input: SlackMessageInput,
	resolved: ResolvedContact,
	context: Record<string, unknown>,
): Promise<string> {
	switch (input.userSource) {
		case 'assignedUser':
			if (!resolved.contact)
				throw new ActionError(
					'User Source',
					'Assigned User needs a contact, and the workflow has none',
				);
			if (!resolved.assignedUser)
				throw new ActionError('User Source', 'The contact has no assigned user to message');
			return slackUserFor(slack, resolved.assignedUser, 'User Source');
		case 'customEmail': {
			const email = renderField(
				run,
				input.customEmail,
				'Custom Email',
				'text',
				context,
			).text.trim();
			const problem = emailProblem(email);
			if (problem) throw new ActionError('Custom Email', `Custom Email "${email}" ${problem}`);
			return (await slack.userByEmail(email)).id;
		}
		case 'internalUser': {
			const user = await run.store.teamUsers.find(input.internalUserId);
			if (!user || !user.active)
				throw new ActionError(
					'Internal User',
					`No active team user is "${input.internalUserId}" (give an id, an email or a name)`,
				);
			return slackUserFor(slack, user, 'Internal User');
		}
		case 'slackUser':
			if (!input.slackUserId.trim())
				throw new ActionError('Slack User', 'Choose the Slack user to message');
			return input.slackUserId.trim();
	}
}

/** A Slack refusal names the field to fix; anything else is reported as it came. */
function slackError(error: unknown): unknown {
	if (!(error instanceof SlackSendError)) return error;
	const field =
		error.kind === 'user_not_found'
			? 'User Source'
			: error.kind === 'channel_not_found' || error.kind === 'not_in_channel'
				? 'Channel'
				: 'Choose an Account';
	return ActionError.fromProvider(field, error);
}

/**
 * Sends one item's Slack message: a premium action, counted per run. Direct messages and public
 * channels go out as the bot; private channels as the person who created the integration.
 */
export async function sendSlackMessage(
	run: ActionRun,
	slack: SlackWorkspace,
	input: SlackMessageInput,
	itemIndex: number,
	item: Record<string, unknown>,
): Promise<SlackMessageResult> {
	const premium = await run.once('premium', () =>
		run.store.settings.get<{ enabled?: boolean }>(PREMIUM_SETTING, {}),
	);
	if (!premium.enabled) {
		throw new ActionError(
			'Choose an Account',
			'Slack is a premium action and premium actions are not enabled for this workspace',
			'Enable them with the Aesthetix Workspace node (Setting > Set Premium Actions); each Slack message then counts as a premium execution.',
		);
	}
	const hasContact = Boolean(input.contact.email || input.contact.phone);
	const resolved: ResolvedContact = hasContact
		? await resolveContact(run.store, input.contact)
		: { fromItem: input.contact };
	const plainContext = await run.mergeContext(item, input.contact, resolved);
	const rendered = renderField(
		run,
		input.message,
		'Message Content',
		'text',
		slackSafe(plainContext) as Record<string, unknown>,
	);
	if (!rendered.text.trim()) throw new ActionError('Message Content', 'Message Content is empty');

	const asUser = input.event === 'privateChannel';
	if (asUser && !slack.hasUserToken) {
		throw new ActionError(
			'Choose an Account',
			'Private channel messages are sent as the person who created the integration, and this Slack account has no User Token',
			'Add their xoxp- User Token to the Aesthetix Slack API credential.',
		);
	}
	let user: string | undefined;
	let channel: string;
	try {
		if (input.event === 'directMessage') {
			user = await directMessageTarget(run, slack, input, resolved, plainContext);
			channel = await slack.directMessageChannel(user);
		} else {
			channel = await channelFor(
				run,
				slack,
				input.event === 'privateChannel' ? 'private' : 'public',
				input.channelId,
			);
		}
		const delivered = await run.deliverOnce<SlackMessageResult>(
			itemIndex,
			{
				channel: 'slack',
				recipient: user ?? channel,
				contactId: resolved.contact?.id ?? null,
				isTest: false,
				field: user ? 'User Source' : 'Channel',
			},
			{
				send: async () => {
					const posted = await slack.post(channel, rendered.text, asUser ? 'user' : 'bot');
					const result: SlackMessageResult = {
						action_name: run.identity.actionName,
						event: input.event,
						channel: posted.channel,
						user,
						ts: posted.ts,
						text: rendered.text,
						sent_as: asUser ? 'user' : 'bot',
						blank_merge_fields: rendered.blankFields,
						contact_id: resolved.contact?.id,
					};
					return { result, providerMessageId: posted.ts };
				},
				after: async (outcome) => {
					if (!('sent' in outcome)) return;
					const { workflowId, actionName, executionId } = run.identity;
					await run.store.premium.record({
						action_type: 'slack',
						workflow_id: workflowId,
						action_name: actionName,
						execution_id: executionId,
					});
					if (!resolved.contact) return;
					await run.logToConversation({
						contact_id: resolved.contact.id,
						channel: 'slack',
						direction: 'outbound',
						status: 'sent',
						subject: null,
						body: rendered.text,
						from_address: asUser ? 'integration creator' : 'bot',
						to_address: user ? `@${user}` : `#${outcome.sent.result.channel}`,
						provider_message_id: outcome.sent.providerMessageId,
						meta: { event: input.event },
					});
				},
			},
		);
		return deliveredOutput<SlackMessageResult>(delivered, (interrupted) => ({
			action_name: run.identity.actionName,
			event: input.event,
			channel,
			user,
			text: rendered.text,
			sent_as: asUser ? 'user' : 'bot',
			blank_merge_fields: rendered.blankFields,
			contact_id: resolved.contact?.id,
			status: 'interrupted',
			reason: interruptedReason(interrupted.channel),
		}));
	} catch (error) {
		throw slackError(error);
	}
}
