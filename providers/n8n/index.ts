export { N8nPublicApi, N8nApiError, type N8nApiConfig, type N8nApiFailure } from './publicApi';
export type * from './types';
