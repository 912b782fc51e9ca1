export { openStore, closeAllStores, defaultSqliteFile, type StoreConfig } from './openStore';
export { WorkspaceStore } from './workspaceStore';
export { isDnd } from './contacts';
export * from './types';
