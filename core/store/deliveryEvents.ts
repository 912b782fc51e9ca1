import type { SqlDatabase, SqlValue } from './database';
import { now, num, numOrNull } from './rows';

/** What can happen to a sent email after the SMTP server took it, in the spec's statistics words. */
export type EmailEvent =
	| 'delivered'
	| 'opened'
	| 'clicked'
	| 'replied'
	| 'bounced'
	| 'stored'
	| 'complained'
	| 'rejected'
	| 'deferred'
	| 'unsubscribed'
	| 'resubscribed';

/** The spec's nine Email Delivery Statistics, in its order, and Unsubscribed after them. */
export const EMAIL_STATISTICS = [
	'delivered',
	'opened',
	'clicked',
	'replied',
	'bounced',
	'accepted',
	'stored',
	'rejected',
	'complained',
	'unsubscribed',
] as const;
export type EmailStatistic = (typeof EMAIL_STATISTICS)[number];

/** Send SMS's statistics. */
export const SMS_STATISTICS = ['delivered', 'clicked', 'failed'] as const;

export interface DeliveryEventInput {
	delivery_id: number;
	event: EmailEvent;
	/** The same key for the same happening, so a provider's retry is recorded once. */
	dedup_key: string;
	/** `mailgun`, `sendgrid`, `pixel`, `link`, `inbound` ... */
	source: string;
	reason?: string | null;
	occurred_at?: string;
}

export interface RecipientEvent {
	event: string;
	at: string;
	reason: string | null;
	source: string;
}

export interface RecipientDetail {
	delivery_id: number;
	address: string;
	contact_id: number | null;
	sent_at: string;
	status: string;
	error: string | null;
	events: RecipientEvent[];
}

/** Which action, and which of its sends: by workflow and action name (what users see) or node id. */
export interface ActionSelector {
	workflowId: string;
	actionName?: string;
	nodeId?: string;
}

/** The statistic a delivery record's own status stands for: what the SMTP server or Twilio said at send time. */
const STATUS_STATISTIC: Record<string, string[]> = {
	accepted: ['accepted', 'sent', 'delivered', 'opened', 'clicked', 'bounced', 'complained'],
	rejected: ['rejected'],
	failed: ['failed'],
	sent: ['sent'],
	delivered: ['delivered'],
};

function actionWhere(selector: ActionSelector): { where: string; params: SqlValue[] } {
	const column = selector.nodeId !== undefined ? 'node_id' : 'action_name';
	return {
		where: `d.workflow_id = ? AND d.${column} = ? AND d.is_test = 0`,
		params: [selector.workflowId, (selector.nodeId ?? selector.actionName) as string],
	};
}

/**
 * Delivery events of sent messages, beside the delivery record of each send: one row per thing
 * that happened (delivered, opened, a reply ...), so statistics can name the recipients behind a
 * count and the time and reason of each event.
 */
export class DeliveryEvents {
	constructor(private readonly db: SqlDatabase) {}

	/** Records an event once; false when the same event (by its key) was already recorded. */
	async record(input: DeliveryEventInput): Promise<boolean> {
		const row = await this.db.get(
			`INSERT INTO delivery_events (delivery_id, event, dedup_key, source, reason, occurred_at, created_at)
			 VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedup_key) DO NOTHING RETURNING id`,
			[
				input.delivery_id,
				input.event,
				input.dedup_key,
				input.source,
				input.reason ?? null,
				input.occurred_at ?? now(),
				now(),
			],
		);
		return row !== undefined;
	}

	/**
	 * The live email a provider or a reply names by its Message-ID. Providers differ on the angle
	 * brackets (Mailgun drops them, SendGrid's smtp-id keeps them), so both spellings match.
	 */
	async emailByMessageId(
		messageId: string,
	): Promise<
		| { id: number; recipient: string; contact_id: number | null; provider_message_id: string }
		| undefined
	> {
		const bare = messageId.trim().replace(/^<|>$/g, '');
		if (!bare) return undefined;
		const row = await this.db.get<Record<string, unknown>>(
			`SELECT id, recipient, contact_id, provider_message_id FROM delivery_records
			 WHERE channel = 'email' AND is_test = 0 AND provider_message_id IN (?, ?) ORDER BY id LIMIT 1`,
			[`<${bare}>`, bare],
		);
		return (
			row && {
				id: num(row.id),
				recipient: String(row.recipient),
				contact_id: numOrNull(row.contact_id),
				provider_message_id: String(row.provider_message_id),
			}
		);
	}

	async forDelivery(deliveryId: number): Promise<RecipientEvent[]> {
		const rows = await this.db.all<Record<string, unknown>>(
			'SELECT event, occurred_at, reason, source FROM delivery_events WHERE delivery_id = ? ORDER BY occurred_at, id',
			[deliveryId],
		);
		return rows.map((r) => ({
			event: String(r.event),
			at: String(r.occurred_at),
			reason: (r.reason as string) ?? null,
			source: String(r.source),
		}));
	}

	/**
	 * Live marketing emails that went out since a moment, and how many of them drew a spam
	 * complaint: the workspace's complaint rate.
	 */
	async marketingComplaints(since: string): Promise<{ sent: number; complained: number }> {
		const row = await this.db.get<{ sent: unknown; complained: unknown }>(
			`SELECT COUNT(*) AS sent,
			   COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM delivery_events e WHERE e.delivery_id = d.id AND e.event = 'complained') THEN 1 ELSE 0 END), 0) AS complained
			 FROM delivery_records d
			 WHERE d.message_kind = 'marketing' AND d.is_test = 0 AND d.created_at >= ?
			   AND d.status NOT IN ('sending', 'failed', 'rejected', 'skipped')`,
			[since],
		);
		return { sent: Number(row?.sent ?? 0), complained: Number(row?.complained ?? 0) };
	}

	/** Every action with live email or SMS sends: what the statistics page lists. */
	async actions(): Promise<
		Array<{
			workflow_id: string;
			action_name: string;
			channel: string;
			sends: number;
			last_sent_at: string;
		}>
	> {
		const rows = await this.db.all<Record<string, unknown>>(
			`SELECT workflow_id, action_name, channel, COUNT(*) AS sends, MAX(created_at) AS last_sent_at FROM delivery_records
			 WHERE is_test = 0 AND channel IN ('email', 'sms') AND status NOT IN ('sending', 'interrupted')
			 GROUP BY workflow_id, action_name, channel ORDER BY MAX(created_at) DESC`,
		);
		return rows.map((r) => ({
			workflow_id: String(r.workflow_id),
			action_name: String(r.action_name),
			channel: String(r.channel),
			sends: Number(r.sends),
			last_sent_at: String(r.last_sent_at),
		}));
	}

	/** The channel an action sends on, from its records; undefined when it has sent nothing yet. */
	async channelOf(selector: ActionSelector): Promise<string | undefined> {
		const { where, params } = actionWhere(selector);
		const row = await this.db.get<{ channel: string }>(
			`SELECT channel FROM delivery_records d WHERE ${where} LIMIT 1`,
			params,
		);
		return row?.channel;
	}

	/**
	 * How many live sends of the action reached each statistic: every send counts once per
	 * statistic, however often it was opened or clicked. Only the primary recipient has a record,
	 * so Cc and Bcc are never counted.
	 */
	async counts(
		selector: ActionSelector,
		names: readonly string[],
	): Promise<Record<string, number>> {
		const counts: Record<string, number> = {};
		for (const name of names) {
			const { sql, params } = this.matching(selector, name);
			const row = await this.db.get<{ n: unknown }>(
				`SELECT COUNT(*) AS n FROM (${sql}) matched`,
				params,
			);
			counts[name] = Number(row?.n ?? 0);
		}
		return counts;
	}

	/**
	 * Across every action of the workspace, how many live sends on a channel since `since` reached
	 * each statistic, in one statement: what the agency view shows for each clinic.
	 */
	async channelCounts(
		channel: string,
		names: readonly string[],
		since: string,
	): Promise<Record<string, number>> {
		const reached = names.map((name) => this.reached(name));
		const row = await this.db.get<Record<string, unknown>>(
			`SELECT ${reached.map((r, i) => `COUNT(CASE WHEN ${r.sql} THEN 1 END) AS n${i}`).join(', ')}
			 FROM delivery_records d WHERE d.channel = ? AND d.is_test = 0 AND d.status <> 'sending' AND d.created_at >= ?`,
			[...reached.flatMap((r) => r.params), channel, since],
		);
		return Object.fromEntries(names.map((name, i) => [name, Number(row?.[`n${i}`] ?? 0)]));
	}

	/** The sends behind one statistic (or all sends), with each one's events, a page at a time. */
	async recipients(
		selector: ActionSelector,
		options: { statistic?: string; limit: number; offset: number },
	): Promise<RecipientDetail[]> {
		const { sql, params } = options.statistic
			? this.matching(selector, options.statistic)
			: this.all(selector);
		const rows = await this.db.all<Record<string, unknown>>(
			`SELECT d.id, d.recipient, d.contact_id, d.created_at, d.status, d.error FROM delivery_records d
			 WHERE d.id IN (${sql}) ORDER BY d.id LIMIT ? OFFSET ?`,
			[...params, options.limit, options.offset],
		);
		const details: RecipientDetail[] = [];
		for (const row of rows) {
			const id = num(row.id);
			details.push({
				delivery_id: id,
				address: String(row.recipient),
				contact_id: numOrNull(row.contact_id),
				sent_at: String(row.created_at),
				status: String(row.status),
				error: (row.error as string) ?? null,
				events: await this.forDelivery(id),
			});
		}
		return details;
	}

	/** Per day, how many sends reached each statistic that day (first time only): the statistics page's chart. */
	async daily(
		selector: ActionSelector,
		names: readonly string[],
	): Promise<Array<{ day: string; counts: Record<string, number> }>> {
		const days = new Map<string, Record<string, number>>();
		for (const name of names) {
			const { sql, params } = this.matching(selector, name);
			const rows = await this.db.all<{ day: string; n: unknown }>(
				`SELECT day, COUNT(*) AS n FROM (
				   SELECT substr(COALESCE((SELECT MIN(e.occurred_at) FROM delivery_events e WHERE e.delivery_id = d.id AND e.event = ?), d.created_at), 1, 10) AS day
				   FROM delivery_records d WHERE d.id IN (${sql})
				 ) firsts GROUP BY day`,
				[name, ...params],
			);
			for (const row of rows)
				days.set(row.day, { ...(days.get(row.day) ?? {}), [name]: Number(row.n) });
		}
		return [...days.entries()]
			.sort(([a], [b]) => a.localeCompare(b))
			.map(([day, counts]) => ({ day, counts }));
	}

	private isEventStatistic(name: string): boolean {
		return !['accepted', 'failed', 'sent'].includes(name);
	}

	private all(selector: ActionSelector): { sql: string; params: SqlValue[] } {
		const { where, params } = actionWhere(selector);
		return {
			sql: `SELECT d.id FROM delivery_records d WHERE ${where} AND d.status NOT IN ('sending', 'interrupted')`,
			params,
		};
	}

	/** The ids of the action's sends that reached a statistic: by the record's status, by an event, or both. */
	private matching(selector: ActionSelector, name: string): { sql: string; params: SqlValue[] } {
		const { where, params } = actionWhere(selector);
		const reached = this.reached(name);
		return {
			sql: `SELECT d.id FROM delivery_records d WHERE ${where} AND ${reached.sql}`,
			params: [...params, ...reached.params],
		};
	}

	/** Whether the send `d` reached a statistic: by the record's status, by an event, or both. */
	private reached(name: string): { sql: string; params: SqlValue[] } {
		const statuses = STATUS_STATISTIC[name] ?? [];
		const parts: string[] = [];
		const params: SqlValue[] = [];
		if (statuses.length) {
			parts.push(`d.status IN (${statuses.map(() => '?').join(', ')})`);
			params.push(...statuses);
		}
		// SMS clicks predate delivery events and live on the record itself.
		if (name === 'clicked') parts.push('d.clicked_at IS NOT NULL');
		if (this.isEventStatistic(name)) {
			parts.push(
				'EXISTS (SELECT 1 FROM delivery_events e WHERE e.delivery_id = d.id AND e.event = ?)',
			);
			params.push(name);
		}
		return { sql: `(${parts.join(' OR ')})`, params };
	}
}
