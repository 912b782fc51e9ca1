/** The schema the agency view keeps its own rows in, beside the clinics' schemas. */
export const AGENCY_SCHEMA = 'aesthetix_agency';

/**
 * Why a schema name cannot be used, or undefined when it can. Names are plain lower-case
 * identifiers, so they never need quoting rules beyond double quotes and always mean one schema.
 * PostgreSQL reserves `pg_` names; a schema named like the database user would come first on the
 * search path of every workspace without a schema (PostgreSQL's `"$user"`), moving their data.
 */
export function schemaNameProblem(schema: string, user?: string): string | undefined {
	if (!/^[a-z_][a-z0-9_]*$/.test(schema))
		return 'must be lower-case letters, digits and underscores, starting with a letter or underscore, such as glow_med_spa';
	if (schema.length > 63) return 'is longer than the 63 characters PostgreSQL allows';
	if (schema.startsWith('pg_') || schema === 'information_schema')
		return 'is a name PostgreSQL keeps for itself';
	if (user !== undefined && schema === user)
		return `is the database user's own name: PostgreSQL would search it first for workspaces without a schema; choose another`;
	return undefined;
}

/** As schemaNameProblem, for a workspace: the agency view's own schema is not one. */
export function workspaceSchemaProblem(schema: string, user?: string): string | undefined {
	if (schema === AGENCY_SCHEMA) return "is the agency view's own schema; choose another";
	return schemaNameProblem(schema, user);
}
