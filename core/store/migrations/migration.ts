/**
 * Versioned schema, one list for both databases. `{{id}}` is the dialect's auto-increment key;
 * timestamps are ISO-8601 text and booleans 0/1 so that rows read the same on SQLite and PostgreSQL.
 */
export interface Migration {
	version: number;
	name: string;
	statements: string[];
}
