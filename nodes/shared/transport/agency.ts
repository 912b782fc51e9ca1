import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';
import { openAgencyStore } from '../../../core/agency/openAgencyStore';
import { DEFAULT_SCHEMA, workspaceSchemas } from '../../../core/agency/clinics';
import { ownerProblem, type AgencyOwner } from '../../../core/agency/ownerAuth';
import { openStore, type PostgresStoreConfig, type WorkspaceStore } from '../../../core/store';
import { storeConfig } from './workspace';

export interface AgencyConfig {
	/** The shared database, without a schema: the agency view reads every clinic's schema in it. */
	database: PostgresStoreConfig;
	owner: AgencyOwner;
}

export function agencyConfig(credential: ICredentialDataDecryptedObject): AgencyConfig {
	return {
		database: storeConfig({
			...credential,
			storeType: 'postgres',
			pgSchema: '',
		}) as PostgresStoreConfig,
		owner: {
			email: String(credential.ownerEmail ?? ''),
			password: String(credential.ownerPassword ?? ''),
		},
	};
}

/** A clinic's store in the agency's database: its own schema, or the default one. */
export function clinicStore(
	database: PostgresStoreConfig,
	schema: string,
): Promise<WorkspaceStore> {
	return openStore(schema === DEFAULT_SCHEMA ? database : { ...database, schema });
}

/** The Aesthetix Agency credential test: the owner can sign in, and the database answers. */
export async function testAgencyCredential(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const { database, owner } = agencyConfig(credential.data ?? {});
	const problem = ownerProblem(owner);
	if (problem) return { status: 'Error', message: problem };
	try {
		const agency = await openAgencyStore(database);
		const clinics = (await workspaceSchemas(agency.db)).length;
		return {
			status: 'OK',
			message: `The agency view sees ${clinics} clinic${clinics === 1 ? '' : 's'} in this database`,
		};
	} catch (error) {
		return {
			status: 'Error',
			message: `The database could not be opened: ${(error as Error).message}`,
		};
	}
}
