import type { Migration } from './migration';

/**
 * Every status report and email event moves its message's conversation entry, found by the
 * provider's message id: without an index each one read the whole conversation history.
 */
export const migration: Migration = {
	version: 170,
	name: "conversation entries found by the provider's message id",
	statements: [
		`CREATE INDEX conversation_messages_provider ON conversation_messages (provider_message_id)`,
	],
};
