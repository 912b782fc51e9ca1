import type { SqlDatabase, SqlValue } from './database';
import type { Mentions, Replacement } from './mentions';

/** What stands in for an address that was erased. */
export const ERASED = 'erased';

/** Columns of one table, rewritten where they mention a person; JSON columns are rewritten inside. */
export interface MentionColumns {
	table: string;
	columns: string[];
	json?: string[];
	/** Only rows that match (a SQL condition). */
	where?: string;
}

/** How a row is named when the table has no `id`. */
const ROW_KEY: Record<string, string> = { inbox_throttle: 'key', notification_sends: 'recipient' };

/**
 * The ways one erasure forgets a person inside its transaction: deleting rows, rewriting mentions,
 * anonymizing sends. It tallies what it changed, per kind of record, for the erasure's report.
 */
export class Forgetting {
	readonly removed: Record<string, number> = {};

	constructor(
		private readonly tx: SqlDatabase,
		private readonly mentions: Mentions,
	) {}

	private tally(kind: string, changes: number): void {
		if (changes) this.removed[kind] = (this.removed[kind] ?? 0) + changes;
	}

	/** Runs a statement and counts the rows it changed as `kind`. */
	async run(kind: string, sql: string, params: SqlValue[]): Promise<void> {
		this.tally(kind, (await this.tx.run(sql, params)).changes);
	}

	/** Keys of the rows whose column mentions the person: narrowed in SQL, decided on the text. */
	async rowsMentioning(table: string, column: string, where = '1 = 1'): Promise<SqlValue[]> {
		const { sql, params } = this.mentions.candidates(column);
		const rows = await this.tx.all<{ key: SqlValue; value: string | null }>(
			`SELECT ${ROW_KEY[table] ?? 'id'} AS key, ${column} AS value FROM ${table} WHERE ${where} AND ${sql}`,
			params,
		);
		return rows.filter((r) => r.value !== null && this.mentions.in(r.value)).map((r) => r.key);
	}

	async deleteMentioning(table: string, column: string): Promise<void> {
		for (const key of await this.rowsMentioning(table, column))
			await this.run(table, `DELETE FROM ${table} WHERE ${ROW_KEY[table] ?? 'id'} = ?`, [key]);
	}

	/**
	 * Sends to the person become anonymous: no contact, no address, no provider payload, no address
	 * in the idempotency key, no reason quoting them, no links made for them. The status and the
	 * event times stay, so the action's statistics keep their counts.
	 */
	async anonymizeSends(ids: SqlValue[]): Promise<void> {
		for (const id of new Set(ids.map(Number))) {
			await this.run('tracked_links', 'DELETE FROM tracked_links WHERE delivery_id = ?', [id]);
			await this.run(
				'delivery_event_reasons',
				'UPDATE delivery_events SET reason = NULL WHERE delivery_id = ? AND reason IS NOT NULL',
				[id],
			);
			await this.run(
				'delivery_records_anonymized',
				`UPDATE delivery_records SET contact_id = NULL, recipient = ?, result = '{}', error = NULL, idempotency_key = ? WHERE id = ?`,
				[ERASED, `${ERASED}:${id}`, id],
			);
		}
	}

	/** Replaces the person's mentions in these columns, keeping the rows. */
	async rewrite(target: MentionColumns, by: Replacement): Promise<void> {
		const json = target.json ?? [];
		const columns = [...target.columns, ...json];
		const narrowed = columns.map((c) => this.mentions.candidates(c));
		const rows = await this.tx.all<Record<string, unknown>>(
			`SELECT id, ${columns.join(', ')} FROM ${target.table}
			 WHERE ${target.where ?? '1 = 1'} AND (${narrowed.map((c) => c.sql).join(' OR ')})`,
			narrowed.flatMap((c) => c.params),
		);
		for (const row of rows) {
			const changed = new Map<string, string>();
			for (const column of columns) {
				const value = row[column];
				if (typeof value !== 'string' || !this.mentions.in(value)) continue;
				changed.set(
					column,
					json.includes(column)
						? JSON.stringify(this.mentions.replaceInJson(parseJson(value), by))
						: this.mentions.replace(value, by),
				);
			}
			if (!changed.size) continue;
			await this.run(
				`${target.table}_anonymized`,
				`UPDATE ${target.table} SET ${[...changed.keys()].map((c) => `${c} = ?`).join(', ')} WHERE id = ?`,
				[...changed.values(), row.id as SqlValue],
			);
		}
	}
}

/** A JSON column's value; text that is not JSON is rewritten as text. */
function parseJson(value: string): unknown {
	try {
		return JSON.parse(value) as unknown;
	} catch {
		return value;
	}
}
