import type { WorkspaceStore } from '../store';
import type { SqlDatabase } from '../store/database';
import { schemaNameProblem } from '../store/schemaName';
import { clinicSummary, type ClinicSummary } from './clinicSummary';

/** The schema of a workspace kept in the database's default schema, one database per workspace. */
export const DEFAULT_SCHEMA = 'public';

/** How many clinics the agency view reads at once, leaving the rest of the pool to live traffic. */
const CLINICS_AT_ONCE = 4;

/**
 * Every schema of the database that holds a workspace store: clinics are found where their stores
 * are, so a clinic added to a running n8n is listed as soon as its store is first opened.
 */
export async function workspaceSchemas(db: SqlDatabase): Promise<string[]> {
	const rows = await db.all<{ schema_name: string }>(
		`SELECT table_schema AS schema_name FROM information_schema.tables
		 WHERE table_name = 'delivery_records' AND table_type = 'BASE TABLE' ORDER BY table_schema`,
	);
	return rows
		.map((r) => r.schema_name)
		.filter((schema) => schema === DEFAULT_SCHEMA || schemaNameProblem(schema) === undefined);
}

/**
 * Each clinic's summary, read through that clinic's own store (`open` gives the store of a schema),
 * a few clinics at a time; listed by name.
 */
export async function clinicSummaries(
	schemas: string[],
	open: (schema: string) => Promise<WorkspaceStore>,
	since: string,
	at: Date,
): Promise<ClinicSummary[]> {
	const summaries: ClinicSummary[] = [];
	const queue = [...schemas];
	const worker = async () => {
		for (let schema = queue.shift(); schema !== undefined; schema = queue.shift())
			summaries.push(await clinicSummary(await open(schema), schema, since, at));
	};
	await Promise.all(Array.from({ length: CLINICS_AT_ONCE }, worker));
	return summaries.sort((a, b) => a.name.localeCompare(b.name) || a.schema.localeCompare(b.schema));
}
