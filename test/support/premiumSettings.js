// The Workspace node's premium settings behind webhooks: `premium-set` turns premium actions on or
// off (`{ enabled }`), `premium-usage` answers with this month's count per action. The Slack suites,
// end to end and in process, gate and count Slack with them.
const { webhookWorkflow } = require('./workflows');

const WORKSPACE = {
	aesthetixWorkspaceApi: { id: 'aeWorkspace00001', name: 'Glow Med Spa workspace' },
};

const premium = (id, path, operation, extra) =>
	webhookWorkflow(id, path, {
		name: 'Premium',
		type: 'n8n-nodes-aesthetix.workspace',
		credentials: WORKSPACE,
		parameters: { resource: 'settings', operation, ...extra },
	});

const premiumWorkflows = [
	premium('aePremiumSet0001', 'premium-set', 'setPremium', {
		premiumEnabled: '={{ $json.body.enabled }}',
	}),
	premium('aePremiumUsage01', 'premium-usage', 'getPremiumUsage', { per: 'month' }),
];

/** The messages premium actions sent this month, from `premium-usage`'s answer. */
const premiumCount = (rows) => rows.reduce((n, r) => n + (r.executions ?? 0), 0);

module.exports = { premiumWorkflows, premiumCount };
