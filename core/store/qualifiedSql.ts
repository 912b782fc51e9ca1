/**
 * Every table the store's migrations make, in a workspace's schema or the agency view's. A statement
 * for a workspace with a schema names its tables with that schema (`"glow"."contacts"`), so one
 * connection serves every workspace of a database without a `SET search_path` between them.
 */
export const STORE_TABLES = [
	'agency_sessions',
	'consent_counts',
	'consent_events',
	'contacts',
	'conversation_messages',
	'deferred_items',
	'delivery_events',
	'delivery_records',
	'early_delivery_reports',
	'execution_origins',
	'inbound_deliveries',
	'inbox_password_links',
	'inbox_sessions',
	'inbox_throttle',
	'manual_tasks',
	'notification_sends',
	'notification_windows',
	'notifications',
	'premium_executions',
	'schema_migrations',
	'settings',
	'snapshot_items',
	'snapshot_loads',
	'team_users',
	'template_copies',
	'template_sync',
	'templates',
	'tracked_links',
	'voice_calls',
	'voicemail_audio',
	'webhook_receipts',
	'webhook_tokens',
] as const;

// A quoted string or identifier is passed over whole; a table's name elsewhere, as a word of its own
// and not already qualified, is where the schema goes.
const TOKENS = new RegExp(
	`('(?:[^']|'')*'|"(?:[^"]|"")*")|(?<![\\w."$])(${STORE_TABLES.join('|')})(?![\\w"$])`,
	'g',
);

/** The statement cut where each table name starts: text, table, text, table, ..., text. */
const splits = new Map<string, string[]>();

function split(sql: string): string[] {
	let parts = splits.get(sql);
	if (!parts) {
		parts = [];
		let last = 0;
		for (const match of sql.matchAll(TOKENS)) {
			if (match[1] !== undefined) continue;
			parts.push(sql.slice(last, match.index), match[2]);
			last = match.index! + match[2].length;
		}
		parts.push(sql.slice(last));
		// Bounded: a few statements are built per call (IN lists of varying length).
		if (splits.size >= 500) splits.clear();
		splits.set(sql, parts);
	}
	return parts;
}

/** The statement with each of the store's tables named in `schema` (a name schemaNameProblem accepts). */
export function qualified(sql: string, schema: string): string {
	const parts = split(sql);
	if (parts.length === 1) return sql;
	let text = parts[0];
	for (let i = 1; i < parts.length; i += 2) text += `"${schema}".${parts[i]}${parts[i + 1]}`;
	return text;
}
