import type { Row, SqlDatabase, SqlValue } from './database';
import { json, now, num } from './rows';
import type { ConversationMessage } from './types';

export type ConversationInput = Omit<ConversationMessage, 'id' | 'created_at' | 'meta'> & {
	meta?: Record<string, unknown>;
	/** When it happened, if not now: an external call is logged after the call. */
	created_at?: string;
	/** The same node run item always logs under the same key, so a retried node logs once. */
	idempotency_key?: string;
};

export interface ConversationPage {
	entries: ConversationMessage[];
	page: number;
	pageSize: number;
	total: number;
}

function toMessage(row: Row): ConversationMessage {
	return {
		...(row as unknown as ConversationMessage),
		id: num(row.id),
		contact_id: num(row.contact_id),
		meta: json(row.meta, {}),
	};
}

/** A text's status as its delivery record has it, else the `?` that follows. */
const STATUS_OF_RECORD =
	'COALESCE((SELECT provider_status FROM delivery_records WHERE provider_message_id = ? ORDER BY id LIMIT 1), ?)';

/**
 * The statement that logs an entry, for `Conversations` and for a delivery record's close that
 * logs its message in the same statement. A text's status reports may have been handled before
 * its entry is logged: it starts where they left its record.
 */
export function conversationInsert(
	entry: ConversationInput,
	tail = '',
): { sql: string; params: SqlValue[] } {
	const followsReports = entry.channel === 'sms' && !!entry.provider_message_id;
	return {
		sql: `INSERT INTO conversation_messages (contact_id, channel, direction, status, subject, body, from_address, to_address,
		   provider_message_id, workflow_id, action_name, execution_id, meta, created_at, idempotency_key)
		 VALUES (?, ?, ?, ${followsReports ? STATUS_OF_RECORD : '?'}, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ${tail}`,
		params: [
			entry.contact_id,
			entry.channel,
			entry.direction,
			...(followsReports ? [entry.provider_message_id] : []),
			entry.status,
			entry.subject,
			entry.body,
			entry.from_address,
			entry.to_address,
			entry.provider_message_id,
			entry.workflow_id,
			entry.action_name,
			entry.execution_id,
			JSON.stringify(entry.meta ?? {}),
			entry.created_at ?? now(),
			entry.idempotency_key ?? null,
		],
	};
}

/** The contact's Conversations: every message, call and voicemail that reached or came from them. */
export class Conversations {
	constructor(private readonly db: SqlDatabase) {}

	/** Logs an entry; with an idempotency key already used, returns the earlier entry instead, with `alreadyLogged`. */
	async logOnce(
		entry: ConversationInput & { idempotency_key: string },
	): Promise<{ entry: ConversationMessage; alreadyLogged: boolean }> {
		const inserted = await this.insert(entry, 'ON CONFLICT (idempotency_key) DO NOTHING');
		if (inserted) return { entry: inserted, alreadyLogged: false };
		const row = await this.db.get('SELECT * FROM conversation_messages WHERE idempotency_key = ?', [
			entry.idempotency_key,
		]);
		return { entry: toMessage(row!), alreadyLogged: true };
	}

	async log(entry: ConversationInput): Promise<ConversationMessage> {
		return (await this.insert(entry, ''))!;
	}

	private async insert(
		entry: ConversationInput,
		onConflict: string,
	): Promise<ConversationMessage | undefined> {
		const { sql, params } = conversationInsert(entry, `${onConflict} RETURNING *`);
		const row = await this.db.get(sql, params);
		return row && toMessage(row);
	}

	/** A provider's later word on a message (Twilio's delivered, undelivered ...). */
	/**
	 * A text's entry shows its delivery record's status as it stands when this runs, so reports
	 * handled at the same moment leave the entry where the record ended (a late `sent` does not undo
	 * `delivered`); `fallback` for a text the workspace has no delivery record of.
	 */
	async followDelivery(providerMessageId: string, fallback: string): Promise<void> {
		await this.db.run(
			`UPDATE conversation_messages SET status = COALESCE(
			   (SELECT provider_status FROM delivery_records WHERE provider_message_id = ? ORDER BY id LIMIT 1), ?)
			 WHERE provider_message_id = ?`,
			[providerMessageId, fallback, providerMessageId],
		);
	}

	async updateStatus(providerMessageId: string, status: string): Promise<void> {
		await this.db.run('UPDATE conversation_messages SET status = ? WHERE provider_message_id = ?', [
			status,
			providerMessageId,
		]);
	}

	/** Calls since `since` that reached the contact: the Call action's bridged calls and manual calls marked connected. */
	async connectedCalls(since: string): Promise<number> {
		const row = await this.db.get<{ n: unknown }>(
			`SELECT COUNT(*) AS n FROM conversation_messages
			 WHERE channel = 'call' AND direction = 'outbound' AND status = 'connected' AND created_at >= ?`,
			[since],
		);
		return Number(row?.n ?? 0);
	}

	async forContact(contactId: number): Promise<ConversationMessage[]> {
		const rows = await this.db.all(
			'SELECT * FROM conversation_messages WHERE contact_id = ? ORDER BY created_at, id',
			[contactId],
		);
		return rows.map(toMessage);
	}

	/** The contact's conversation as one timeline, newest first, a page at a time (pages count from 1). */
	async timeline(contactId: number, page: number, pageSize: number): Promise<ConversationPage> {
		const count = await this.db.get<{ n: unknown }>(
			'SELECT COUNT(*) AS n FROM conversation_messages WHERE contact_id = ?',
			[contactId],
		);
		const rows = await this.db.all(
			'SELECT * FROM conversation_messages WHERE contact_id = ? ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?',
			[contactId, pageSize, (page - 1) * pageSize],
		);
		return { entries: rows.map(toMessage), page, pageSize, total: Number(count?.n ?? 0) };
	}
}
