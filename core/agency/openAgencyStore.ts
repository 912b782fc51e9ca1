import { migrate } from '../store/migrations';
import { openOnce, postgresDatabase, storeKey, type PostgresStoreConfig } from '../store/openStore';
import { AGENCY_MIGRATIONS, AGENCY_SCHEMA, AgencyStore } from './agencyStore';

/**
 * The agency view's own schema in the clinics' database, on the pool their workspaces share in
 * this process; opened and migrated once per process.
 */
export function openAgencyStore(database: PostgresStoreConfig): Promise<AgencyStore> {
	const config = { ...database, schema: AGENCY_SCHEMA };
	return openOnce(`agency:${storeKey(config)}`, async () => {
		const db = postgresDatabase(config);
		try {
			await migrate(db, AGENCY_MIGRATIONS);
		} catch (error) {
			await db.close().catch(() => undefined);
			throw error;
		}
		return new AgencyStore(db);
	});
}
