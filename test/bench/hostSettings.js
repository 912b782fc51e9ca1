// n8n settings the benchmarks give every n8n process they start, chosen with BENCH_EXPRESSION_ISOLATES:
// `lazy` (the default here, and what docs/operations/endpoint-speed.md recommends) or `eager` (n8n's
// own default). Eager, n8n 2.x starts an expression isolate for every webhook request to a node other
// than its own Webhook node and throws it away after the answer, whether or not the request evaluates
// an expression: for the Workspace Endpoint, which evaluates none, that was most of a callback's CPU.
// Lazy (N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true), the isolate is started only for the first expression
// a request evaluates. n8n 1.x has no isolates and ignores the setting.
const ISOLATES = process.env.BENCH_EXPRESSION_ISOLATES || 'lazy';
if (!['lazy', 'eager'].includes(ISOLATES))
	throw new Error(`BENCH_EXPRESSION_ISOLATES must be lazy or eager, not "${ISOLATES}"`);

/** n8n's other expression-engine settings (N8N_EXPRESSION_ENGINE_*) given to the benchmark, passed on as they are. */
const PASSED_ON = Object.fromEntries(
	Object.entries(process.env).filter(([name]) => name.startsWith('N8N_EXPRESSION_ENGINE_')),
);

/** Environment for an n8n process of a benchmark. */
function hostSettings() {
	return { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: String(ISOLATES === 'lazy'), ...PASSED_ON };
}

module.exports = { ISOLATES, PASSED_ON, hostSettings };
