import { createHash } from 'node:crypto';
import { WebClient } from '@slack/web-api';
import { Pacer } from '../pacing';
import { explainSlackError } from './errors';
import {
	SlackSendError,
	type SlackChannel,
	type SlackConfig,
	type SlackPage,
	type SlackUser,
} from './types';

type Call<T> = () => Promise<T>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Slack's published per-method limits, shared by every node run of the process: chat.postMessage
 * takes about one message per second per channel with short bursts; users.lookupByEmail is Tier 4
 * (100+ a minute) and conversations.open Tier 3 (50+ a minute) per workspace. Keeping under them
 * avoids the 429s a run would otherwise wait out.
 */
const PACE = {
	post: new Pacer(1, 3),
	lookup: new Pacer(100 / 60, 20),
	open: new Pacer(50 / 60, 10),
};

/** One connected Slack workspace: finds people and channels, and posts as the bot or as the creator. */
export class SlackWorkspace {
	private readonly bot: WebClient;
	private readonly user?: WebClient;
	private readonly maxWaitMs: number;
	/** Names the workspace in the shared paces without keeping its token. */
	private readonly workspaceKey: string;

	constructor(config: SlackConfig) {
		// Rate-limited calls are handed back to us, so the wait is bounded here instead of the SDK's 30 minutes.
		const options = {
			slackApiUrl: config.apiUrl,
			rejectRateLimitedCalls: true,
			retryConfig: { retries: 0 },
			timeout: 30_000,
		};
		this.bot = new WebClient(config.botToken, options);
		this.user = config.userToken ? new WebClient(config.userToken, options) : undefined;
		this.maxWaitMs = config.maxRateLimitWaitMs ?? 60_000;
		this.workspaceKey = createHash('sha256')
			.update(`${config.apiUrl}\n${config.botToken}`)
			.digest('hex')
			.slice(0, 16);
	}

	get hasUserToken(): boolean {
		return this.user !== undefined;
	}

	/** Runs a Web API call, waiting out Slack's Retry-After within the bound, and explains failures. */
	private async call<T>(target: string, work: Call<T>): Promise<T> {
		let waited = 0;
		for (;;) {
			try {
				return await work();
			} catch (error) {
				const e = error as { code?: string; retryAfter?: number };
				const waitMs = (e.retryAfter ?? 1) * 1000;
				if (e.code === 'slack_webapi_rate_limited_error' && waited + waitMs <= this.maxWaitMs) {
					waited += waitMs;
					await sleep(waitMs);
					continue;
				}
				throw explainSlackError(error as Parameters<typeof explainSlackError>[0], target);
			}
		}
	}

	async userByEmail(email: string): Promise<SlackUser> {
		await PACE.lookup.take(this.workspaceKey);
		const res = await this.call(email, () => this.bot.users.lookupByEmail({ email }));
		return toUser(res.user as Record<string, unknown>);
	}

	/** A direct message goes to the conversation the bot has (or opens) with the user. */
	async directMessageChannel(userId: string): Promise<string> {
		await PACE.open.take(this.workspaceKey);
		const res = await this.call(userId, () => this.bot.conversations.open({ users: userId }));
		return String((res.channel as { id: string }).id);
	}

	async post(
		channel: string,
		text: string,
		as: 'bot' | 'user',
	): Promise<{ ts: string; channel: string }> {
		const client = as === 'user' ? this.user : this.bot;
		if (!client) throw new SlackSendError('auth', 'This Slack account has no User Token');
		await PACE.post.take(`${this.workspaceKey}:${channel}`);
		const res = await this.call(channel, () =>
			client.chat.postMessage({ channel, text, unfurl_links: false }),
		);
		return { ts: String(res.ts), channel: String(res.channel) };
	}

	/**
	 * Searches people by name through Slack's cursor pages. It reads on until it has a screenful of
	 * matches (or `maxPages` pages) and returns where the next "Load More" starts.
	 */
	async searchUsers(filter: string, cursor?: string, maxPages = 10): Promise<SlackPage<SlackUser>> {
		return this.search(
			filter,
			cursor,
			maxPages,
			async (next) => {
				const res = await this.call('users', () =>
					this.bot.users.list({ limit: 1000, cursor: next }),
				);
				const members = ((res.members ?? []) as Array<Record<string, unknown>>).filter(
					(m) => !m.deleted && !m.is_bot && m.id !== 'USLACKBOT',
				);
				return {
					items: members.map(toUser),
					cursor: res.response_metadata?.next_cursor || undefined,
				};
			},
			(u) => `${u.name} ${u.realName} ${u.email ?? ''}`,
		);
	}

	/** Public channels through the bot token; private ones through the user token, which can see them. */
	async searchChannels(
		kind: 'public' | 'private',
		filter: string,
		cursor?: string,
		maxPages = 10,
	): Promise<SlackPage<SlackChannel>> {
		const client = kind === 'private' ? (this.user ?? this.bot) : this.bot;
		return this.search(
			filter,
			cursor,
			maxPages,
			async (next) => {
				const res = await this.call('channels', () =>
					client.conversations.list({
						limit: 1000,
						cursor: next,
						exclude_archived: true,
						types: kind === 'private' ? 'private_channel' : 'public_channel',
					}),
				);
				const channels = ((res.channels ?? []) as Array<Record<string, unknown>>).map((c) => ({
					id: String(c.id),
					name: String(c.name),
					isPrivate: Boolean(c.is_private),
				}));
				return { items: channels, cursor: res.response_metadata?.next_cursor || undefined };
			},
			(c) => c.name,
		);
	}

	/** A channel typed by name (`#front-desk`): read through the pages until the exact name turns up. */
	async channelByName(
		kind: 'public' | 'private',
		name: string,
		maxPages = 20,
	): Promise<SlackChannel | undefined> {
		const wanted = name.replace(/^#/, '').trim().toLowerCase();
		let cursor: string | undefined;
		for (let read = 0; read < maxPages; read++) {
			const page = await this.searchChannels(kind, wanted, cursor, 1);
			const exact = page.items.find((c) => c.name.toLowerCase() === wanted);
			if (exact) return exact;
			cursor = page.cursor;
			if (!cursor) return undefined;
		}
		return undefined;
	}

	private async search<T>(
		filter: string,
		cursor: string | undefined,
		maxPages: number,
		page: (cursor?: string) => Promise<SlackPage<T>>,
		text: (item: T) => string,
	): Promise<SlackPage<T>> {
		const wanted = filter.trim().toLowerCase();
		const found: T[] = [];
		let next = cursor;
		for (let read = 0; read < maxPages; read++) {
			const result = await page(next);
			found.push(
				...(wanted
					? result.items.filter((item) => text(item).toLowerCase().includes(wanted))
					: result.items),
			);
			next = result.cursor;
			if (!next || found.length >= 100) break;
		}
		return { items: found, cursor: next };
	}
}

function toUser(member: Record<string, unknown>): SlackUser {
	const profile = (member.profile ?? {}) as Record<string, unknown>;
	return {
		id: String(member.id),
		name: String(member.name ?? ''),
		realName: String(member.real_name ?? profile.real_name ?? member.name ?? ''),
		email: (profile.email as string) ?? null,
	};
}
