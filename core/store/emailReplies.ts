import type { SqlDatabase } from './database';

/** Email replies as the contact's conversation holds them: inbound email entries. */
export class EmailReplies {
	constructor(private readonly db: SqlDatabase) {}

	/** Whether an inbound email with this Message-ID was already logged (providers retry their posts). */
	async seen(messageId: string): Promise<boolean> {
		const row = await this.db.get(
			`SELECT 1 AS found FROM conversation_messages WHERE channel = 'email' AND direction = 'inbound' AND provider_message_id = ? LIMIT 1`,
			[messageId],
		);
		return row !== undefined;
	}

	/** Whether the contact emailed since a moment (ISO-8601): an email reply counts as their response for Stop on Response. */
	async repliedSince(contactId: number, since: string): Promise<boolean> {
		const row = await this.db.get(
			`SELECT 1 AS found FROM conversation_messages
			 WHERE contact_id = ? AND channel = 'email' AND direction = 'inbound' AND created_at >= ? LIMIT 1`,
			[contactId, since],
		);
		return row !== undefined;
	}
}
