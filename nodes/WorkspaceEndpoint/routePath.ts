import type { WEBHOOK_RESOLVERS } from 'n8n-workflow';

/**
 * The key under which n8n 2.41 and later find a webhook field's native resolver: a symbol of the
 * global registry, so older n8n (which lacks the export and ignores the key) loads the node as before.
 */
const RESOLVERS = Symbol.for('n8n.webhookDescriptionResolvers') as typeof WEBHOOK_RESOLVERS;

/**
 * The path of one endpoint route under the node's Path. n8n works out every route of the node on
 * every request it serves, before the node sees it: written only as an expression, each of the
 * forty routes costs an evaluation in n8n's expression isolate, more than the request's own work. The
 * resolver beside the expression lets n8n compute the same path natively while the Path is plain
 * text, as it does for its own Webhook node; a Path written as an expression still goes through it.
 */
export function routePath(suffix: string) {
	const template = `={{ $parameter["path"] }}/${suffix}`;
	return {
		path: template,
		[RESOLVERS]: {
			path: {
				template,
				resolve: (parameters: Record<string, unknown>) =>
					`${String(parameters.path ?? '')}/${suffix}`,
			},
		},
	};
}
