export {
	openStore,
	closeAllStores,
	defaultSqliteFile,
	postgresSsl,
	type PostgresSslMode,
	type PostgresStoreConfig,
	type StoreConfig,
} from './openStore';
export { WorkspaceStore } from './workspaceStore';
export { isDnd } from './contacts';
export * from './types';
