import type { Row, SqlDatabase } from './database';
import { json, now, num } from './rows';
import type { ConversationMessage } from './types';

export type ConversationInput = Omit<ConversationMessage, 'id' | 'created_at' | 'meta'> & {
	meta?: Record<string, unknown>;
};

function toMessage(row: Row): ConversationMessage {
	return {
		...(row as unknown as ConversationMessage),
		id: num(row.id),
		contact_id: num(row.contact_id),
		meta: json(row.meta, {}),
	};
}

/** The contact's Conversations: every message, call and voicemail that reached or came from them. */
export class Conversations {
	constructor(private readonly db: SqlDatabase) {}

	async log(entry: ConversationInput): Promise<ConversationMessage> {
		const row = await this.db.get(
			`INSERT INTO conversation_messages (contact_id, channel, direction, status, subject, body, from_address, to_address,
			   provider_message_id, workflow_id, action_name, execution_id, meta, created_at)
			 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
			[
				entry.contact_id,
				entry.channel,
				entry.direction,
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
				now(),
			],
		);
		return toMessage(row!);
	}

	/** A provider's later word on a message (Twilio's delivered, undelivered ...). */
	async updateStatus(providerMessageId: string, status: string): Promise<void> {
		await this.db.run('UPDATE conversation_messages SET status = ? WHERE provider_message_id = ?', [status, providerMessageId]);
	}

	async forContact(contactId: number): Promise<ConversationMessage[]> {
		const rows = await this.db.all(
			'SELECT * FROM conversation_messages WHERE contact_id = ? ORDER BY created_at, id',
			[contactId],
		);
		return rows.map(toMessage);
	}
}
