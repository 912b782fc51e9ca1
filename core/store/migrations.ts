import type { SqlDatabase } from './database';

/**
 * Versioned schema, one list for both databases. `{{id}}` is the dialect's auto-increment key;
 * timestamps are ISO-8601 text and booleans 0/1 so that rows read the same on SQLite and PostgreSQL.
 */
export interface Migration {
	version: number;
	name: string;
	statements: string[];
}

export const MIGRATIONS: Migration[] = [
	{
		version: 1,
		name: 'workspace core: team, contacts, conversations, templates, deliveries, settings',
		statements: [
			`CREATE TABLE team_users (
				id {{id}},
				name TEXT NOT NULL,
				email TEXT,
				phone TEXT,
				whatsapp TEXT,
				slack_user_id TEXT,
				role TEXT NOT NULL DEFAULT 'user',
				team TEXT,
				contact_access TEXT NOT NULL DEFAULT 'all',
				dnd INTEGER NOT NULL DEFAULT 0,
				active INTEGER NOT NULL DEFAULT 1,
				created_at TEXT NOT NULL,
				updated_at TEXT NOT NULL
			)`,
			`CREATE UNIQUE INDEX team_users_email ON team_users (email)`,
			`CREATE TABLE contacts (
				id {{id}},
				first_name TEXT,
				last_name TEXT,
				email TEXT,
				phone TEXT,
				assigned_user_id INTEGER REFERENCES team_users (id),
				dnd_all INTEGER NOT NULL DEFAULT 0,
				dnd_email INTEGER NOT NULL DEFAULT 0,
				dnd_sms INTEGER NOT NULL DEFAULT 0,
				dnd_calls INTEGER NOT NULL DEFAULT 0,
				sms_opted_out INTEGER NOT NULL DEFAULT 0,
				tags TEXT NOT NULL DEFAULT '[]',
				custom_fields TEXT NOT NULL DEFAULT '{}',
				created_at TEXT NOT NULL,
				updated_at TEXT NOT NULL
			)`,
			`CREATE UNIQUE INDEX contacts_email ON contacts (email)`,
			`CREATE UNIQUE INDEX contacts_phone ON contacts (phone)`,
			`CREATE TABLE conversation_messages (
				id {{id}},
				contact_id INTEGER NOT NULL REFERENCES contacts (id),
				channel TEXT NOT NULL,
				direction TEXT NOT NULL,
				status TEXT NOT NULL,
				subject TEXT,
				body TEXT,
				from_address TEXT,
				to_address TEXT,
				provider_message_id TEXT,
				workflow_id TEXT,
				action_name TEXT,
				execution_id TEXT,
				meta TEXT NOT NULL DEFAULT '{}',
				created_at TEXT NOT NULL
			)`,
			`CREATE INDEX conversation_messages_contact ON conversation_messages (contact_id, created_at)`,
			`CREATE TABLE templates (
				id {{id}},
				kind TEXT NOT NULL,
				name TEXT NOT NULL,
				subject TEXT,
				body TEXT NOT NULL,
				created_at TEXT NOT NULL,
				updated_at TEXT NOT NULL
			)`,
			`CREATE UNIQUE INDEX templates_kind_name ON templates (kind, name)`,
			`CREATE TABLE template_copies (
				workflow_id TEXT NOT NULL,
				node_id TEXT NOT NULL,
				template_id INTEGER NOT NULL,
				subject TEXT,
				body TEXT NOT NULL,
				created_at TEXT NOT NULL,
				PRIMARY KEY (workflow_id, node_id, template_id)
			)`,
			`CREATE TABLE delivery_records (
				id {{id}},
				idempotency_key TEXT NOT NULL,
				workflow_id TEXT NOT NULL,
				node_id TEXT NOT NULL,
				action_name TEXT NOT NULL,
				execution_id TEXT,
				channel TEXT NOT NULL,
				contact_id INTEGER,
				recipient TEXT NOT NULL,
				provider_message_id TEXT,
				status TEXT NOT NULL,
				error TEXT,
				is_test INTEGER NOT NULL DEFAULT 0,
				result TEXT NOT NULL DEFAULT '{}',
				created_at TEXT NOT NULL,
				updated_at TEXT NOT NULL
			)`,
			`CREATE UNIQUE INDEX delivery_records_key ON delivery_records (idempotency_key)`,
			`CREATE INDEX delivery_records_action ON delivery_records (workflow_id, node_id, status)`,
			`CREATE INDEX delivery_records_provider ON delivery_records (provider_message_id)`,
			`CREATE TABLE settings (
				key TEXT PRIMARY KEY,
				value TEXT NOT NULL,
				updated_at TEXT NOT NULL
			)`,
		],
	},
	{
		version: 2,
		name: 'texting: tracked links, clicks and message status',
		statements: [
			`CREATE TABLE tracked_links (
				id {{id}},
				delivery_id INTEGER NOT NULL REFERENCES delivery_records (id),
				url TEXT NOT NULL,
				clicks INTEGER NOT NULL DEFAULT 0,
				first_clicked_at TEXT,
				created_at TEXT NOT NULL
			)`,
			`CREATE INDEX tracked_links_delivery ON tracked_links (delivery_id)`,
			`ALTER TABLE delivery_records ADD COLUMN clicked_at TEXT`,
			`ALTER TABLE delivery_records ADD COLUMN provider_status TEXT`,
		],
	},
	{
		version: 3,
		name: 'internal notifications: the bell and per-user rate windows',
		statements: [
			`CREATE TABLE notifications (
				id {{id}},
				user_id INTEGER NOT NULL REFERENCES team_users (id),
				title TEXT NOT NULL,
				message TEXT NOT NULL,
				redirect_page TEXT,
				contact_id INTEGER,
				workflow_id TEXT,
				action_name TEXT,
				read_at TEXT,
				created_at TEXT NOT NULL
			)`,
			`CREATE INDEX notifications_user ON notifications (user_id, read_at)`,
			`CREATE TABLE notification_windows (
				recipient TEXT NOT NULL,
				window_start INTEGER NOT NULL,
				count INTEGER NOT NULL,
				PRIMARY KEY (recipient, window_start)
			)`,
		],
	},
	{
		version: 4,
		name: 'premium actions: executions counted per period',
		statements: [
			`CREATE TABLE premium_executions (
				id {{id}},
				action_type TEXT NOT NULL,
				workflow_id TEXT NOT NULL,
				action_name TEXT NOT NULL,
				execution_id TEXT,
				created_at TEXT NOT NULL
			)`,
			`CREATE INDEX premium_executions_time ON premium_executions (created_at)`,
		],
	},
	{
		version: 5,
		name: 'manual actions: tasks a person works from the queue while the workflow waits',
		statements: [
			`CREATE TABLE manual_tasks (
				id {{id}},
				type TEXT NOT NULL,
				status TEXT NOT NULL,
				contact_id INTEGER NOT NULL REFERENCES contacts (id),
				assignee_user_id INTEGER REFERENCES team_users (id),
				assignment TEXT NOT NULL,
				action_name TEXT NOT NULL,
				workflow_id TEXT NOT NULL,
				node_id TEXT NOT NULL,
				execution_id TEXT NOT NULL,
				item_index INTEGER NOT NULL,
				resume_url TEXT NOT NULL,
				message TEXT,
				final_message TEXT,
				outcome TEXT,
				notes TEXT,
				completed_by TEXT,
				completed_at TEXT,
				result TEXT NOT NULL DEFAULT '{}',
				created_at TEXT NOT NULL
			)`,
			`CREATE UNIQUE INDEX manual_tasks_item ON manual_tasks (execution_id, node_id, item_index)`,
			`CREATE INDEX manual_tasks_queue ON manual_tasks (status, assignee_user_id)`,
		],
	},
	{
		version: 6,
		name: 'the Inbox: team user sign-in and sessions',
		statements: [
			`ALTER TABLE team_users ADD COLUMN password_hash TEXT`,
			`CREATE TABLE inbox_sessions (
				token_hash TEXT PRIMARY KEY,
				user_id INTEGER NOT NULL REFERENCES team_users (id),
				csrf_token TEXT NOT NULL,
				expires_at TEXT NOT NULL,
				created_at TEXT NOT NULL
			)`,
		],
	},
	{
		version: 7,
		name: 'manual SMS tasks made in editor runs text the Test Phone Number',
		statements: [`ALTER TABLE manual_tasks ADD COLUMN send_to TEXT`],
	},
	{
		version: 8,
		name: 'manual tasks: completions that did not finish return to the queue; resumes are retried',
		statements: [
			`ALTER TABLE manual_tasks ADD COLUMN claimed_at TEXT`,
			`ALTER TABLE manual_tasks ADD COLUMN claimed_by TEXT`,
			`ALTER TABLE manual_tasks ADD COLUMN sent_result TEXT`,
			`ALTER TABLE manual_tasks ADD COLUMN notice TEXT`,
			`ALTER TABLE manual_tasks ADD COLUMN resume_state TEXT`,
			`ALTER TABLE manual_tasks ADD COLUMN resume_error TEXT`,
			`ALTER TABLE manual_tasks ADD COLUMN resume_attempted_at TEXT`,
			// Tasks completed before this version were resumed (or reported) at the time.
			`UPDATE manual_tasks SET resume_state = 'resumed' WHERE status = 'completed'`,
			`CREATE INDEX manual_tasks_resume ON manual_tasks (resume_state)`,
		],
	},
	{
		version: 10,
		name: 'provider webhooks: each signed callback is acted on once, however often it is replayed',
		statements: [
			`CREATE TABLE webhook_receipts (
				replay_key TEXT NOT NULL,
				received_at TEXT NOT NULL
			)`,
			`CREATE UNIQUE INDEX webhook_receipts_key ON webhook_receipts (replay_key)`,
		],
	},
	{
		version: 11,
		name: 'the Inbox: sign-in throttling, set-password links, sessions by user',
		statements: [
			`CREATE TABLE inbox_throttle (
				key TEXT PRIMARY KEY,
				points INTEGER NOT NULL,
				expire BIGINT
			)`,
			`CREATE TABLE inbox_password_links (
				token_hash TEXT PRIMARY KEY,
				user_id INTEGER NOT NULL REFERENCES team_users (id),
				expires_at TEXT NOT NULL,
				used_at TEXT,
				created_at TEXT NOT NULL
			)`,
			`CREATE INDEX inbox_sessions_user ON inbox_sessions (user_id)`,
			`CREATE INDEX inbox_sessions_expiry ON inbox_sessions (expires_at)`,
		],
	},
	{
		version: 20,
		name: 'inbound webhook deliveries, and conversation entries logged once per node run item',
		statements: [
			`CREATE TABLE inbound_deliveries (
				id {{id}},
				source TEXT NOT NULL,
				event_id TEXT,
				content_type TEXT NOT NULL,
				body TEXT NOT NULL,
				duplicates INTEGER NOT NULL DEFAULT 0,
				received_at TEXT NOT NULL,
				last_duplicate_at TEXT
			)`,
			`CREATE UNIQUE INDEX inbound_deliveries_event ON inbound_deliveries (source, event_id)`,
			`CREATE INDEX inbound_deliveries_time ON inbound_deliveries (source, received_at)`,
			`ALTER TABLE conversation_messages ADD COLUMN idempotency_key TEXT`,
			`CREATE UNIQUE INDEX conversation_messages_key ON conversation_messages (idempotency_key)`,
		],
	},
	{
		version: 30,
		name: 'Call action: one row per item of a waiting Call node, with both legs as Twilio reports them',
		statements: [
			`CREATE TABLE voice_calls (
				id {{id}},
				workflow_id TEXT NOT NULL,
				node_id TEXT NOT NULL,
				action_name TEXT NOT NULL,
				execution_id TEXT NOT NULL,
				item_index INTEGER NOT NULL,
				item_count INTEGER NOT NULL,
				kind TEXT NOT NULL DEFAULT 'call',
				audio_id INTEGER,
				on_human TEXT,
				delivery_id INTEGER,
				contact_id INTEGER REFERENCES contacts (id),
				contact_number TEXT,
				user_number TEXT,
				user_id INTEGER,
				routed_to TEXT,
				caller TEXT,
				whisper TEXT,
				call_timeout INTEGER,
				detect_voicemail INTEGER NOT NULL DEFAULT 1,
				keypress INTEGER NOT NULL DEFAULT 1,
				stop_on_response INTEGER NOT NULL DEFAULT 0,
				resume_url TEXT NOT NULL,
				status TEXT NOT NULL,
				user_call_sid TEXT,
				user_status TEXT,
				user_duration INTEGER,
				keypressed INTEGER NOT NULL DEFAULT 0,
				contact_call_sid TEXT,
				contact_status TEXT,
				contact_duration INTEGER,
				contact_answered_by TEXT,
				contact_bridged INTEGER NOT NULL DEFAULT 0,
				error TEXT,
				item TEXT NOT NULL DEFAULT '{}',
				result TEXT NOT NULL DEFAULT '{}',
				created_at TEXT NOT NULL,
				updated_at TEXT NOT NULL
			)`,
			`CREATE UNIQUE INDEX voice_calls_item ON voice_calls (execution_id, node_id, item_index)`,
		],
	},
	{
		version: 31,
		name: "Voicemail: audio files kept in the workspace, and each team user's connected number",
		statements: [
			`CREATE TABLE voicemail_audio (
				id {{id}},
				sha256 TEXT NOT NULL,
				file_name TEXT,
				content_type TEXT NOT NULL,
				format TEXT NOT NULL,
				bitrate_kbps INTEGER,
				size INTEGER NOT NULL,
				data TEXT NOT NULL,
				created_at TEXT NOT NULL
			)`,
			`CREATE UNIQUE INDEX voicemail_audio_sha256 ON voicemail_audio (sha256)`,
			`ALTER TABLE team_users ADD COLUMN connected_number TEXT`,
		],
	},
	{
		version: 40,
		name: 'internal notifications: a rolling 5-minute window per person instead of numbered windows',
		statements: [
			// Milliseconds since the epoch; BIGINT because they outgrow PostgreSQL's INTEGER.
			`CREATE TABLE notification_sends (
				recipient TEXT NOT NULL,
				sent_at BIGINT NOT NULL
			)`,
			`CREATE INDEX notification_sends_recipient ON notification_sends (recipient, sent_at)`,
			`DROP TABLE notification_windows`,
		],
	},
	{
		version: 50,
		name: 'delivery events: what providers, opens, clicks and replies said about each sent message',
		statements: [
			`CREATE TABLE delivery_events (
				id {{id}},
				delivery_id INTEGER NOT NULL REFERENCES delivery_records (id),
				event TEXT NOT NULL,
				dedup_key TEXT NOT NULL,
				source TEXT NOT NULL,
				reason TEXT,
				occurred_at TEXT NOT NULL,
				created_at TEXT NOT NULL
			)`,
			`CREATE UNIQUE INDEX delivery_events_dedup ON delivery_events (dedup_key)`,
			`CREATE INDEX delivery_events_delivery ON delivery_events (delivery_id, event)`,
			`CREATE TABLE webhook_tokens (
				token TEXT PRIMARY KEY,
				digest TEXT NOT NULL,
				created_at TEXT NOT NULL
			)`,
		],
	},
	{
		version: 60,
		name: 'two-way template sync: what each synced action last agreed with its template',
		statements: [
			`CREATE TABLE template_sync (
				workflow_id TEXT NOT NULL,
				node_id TEXT NOT NULL,
				template_id INTEGER NOT NULL,
				node_body TEXT,
				template_updated_at TEXT NOT NULL,
				synced_at TEXT NOT NULL,
				seen_body TEXT,
				seen_at TEXT,
				PRIMARY KEY (workflow_id, node_id, template_id)
			)`,
		],
	},
	{
		version: 70,
		name: "calling hours: items that wait in n8n until the contact's calling window opens",
		statements: [
			`CREATE TABLE deferred_items (
				id {{id}},
				execution_id TEXT NOT NULL,
				node_id TEXT NOT NULL,
				item_index INTEGER NOT NULL,
				action TEXT NOT NULL,
				status TEXT NOT NULL,
				contact_id INTEGER,
				opens_at TEXT,
				resume_url TEXT NOT NULL,
				identity TEXT NOT NULL,
				input TEXT NOT NULL,
				item TEXT NOT NULL,
				output TEXT,
				claimed_at TEXT,
				created_at TEXT NOT NULL,
				updated_at TEXT NOT NULL
			)`,
			`CREATE UNIQUE INDEX deferred_items_item ON deferred_items (execution_id, node_id, item_index)`,
			`CREATE INDEX deferred_items_due ON deferred_items (status, opens_at)`,
		],
	},
	{
		version: 80,
		name: 'manual tasks belong to the work of an execution and its retries, and remember where they were completed',
		statements: [
			`ALTER TABLE manual_tasks ADD COLUMN original_execution_id TEXT`,
			`ALTER TABLE manual_tasks ADD COLUMN completed_execution_id TEXT`,
			`UPDATE manual_tasks SET original_execution_id = execution_id`,
			`UPDATE manual_tasks SET completed_execution_id = execution_id WHERE status = 'completed'`,
			`CREATE UNIQUE INDEX manual_tasks_work ON manual_tasks (workflow_id, node_id, original_execution_id, item_index)`,
		],
	},
	{
		version: 110,
		name: 'manual tasks keep the custom values that rendered blank in their prefilled message',
		statements: [`ALTER TABLE manual_tasks ADD COLUMN blank_merge_fields TEXT`],
	},
	{
		version: 111,
		name: 'calls keep the custom values that rendered blank in the whisper',
		statements: [`ALTER TABLE voice_calls ADD COLUMN blank_merge_fields TEXT`],
	},
];

function dialectSql(db: SqlDatabase, sql: string): string {
	const id =
		db.dialect === 'sqlite'
			? 'INTEGER PRIMARY KEY AUTOINCREMENT'
			: 'INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY';
	return sql.replace(/\{\{id\}\}/g, id);
}

/** Applies every migration the store has not seen yet; safe to call from many processes at once. */
export async function migrate(
	db: SqlDatabase,
	migrations: Migration[] = MIGRATIONS,
): Promise<number[]> {
	return db.withMigrationLock(async (locked) => {
		await locked.run(
			`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`,
		);
		const done = new Set(
			(await locked.all<{ version: number }>('SELECT version FROM schema_migrations')).map((r) =>
				Number(r.version),
			),
		);
		const applied: number[] = [];
		for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
			if (done.has(migration.version)) continue;
			await locked.transaction(async (tx) => {
				for (const statement of migration.statements) await tx.run(dialectSql(tx, statement));
				await tx.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
					migration.version,
					migration.name,
					new Date().toISOString(),
				]);
			});
			applied.push(migration.version);
		}
		return applied;
	});
}
