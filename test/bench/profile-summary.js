// Where a V8 CPU profile's time went: by part of the stack (this package, its store driver, n8n's
// expression isolates, n8n's database, HTTP, Node itself), the functions with the most time of their
// own, and the functions with the most time including what they called.
// `node test/bench/profile-summary.js <file.cpuprofile> [rows]`, or require it and call summarize().
const fs = require('node:fs');

const PARTS = [
	[/n8n-nodes-aesthetix\/node_modules\/pg/, 'store driver (pg)'],
	[/n8n-nodes-aesthetix\/dist\/core\/store/, 'package: store'],
	[/n8n-nodes-aesthetix\/dist\/core\/inbox/, 'package: inbox'],
	[/n8n-nodes-aesthetix\/dist/, 'package: other'],
	[/n8n-nodes-aesthetix\/node_modules/, 'package: dependencies'],
	[/expression-runtime|isolated-vm/, 'n8n: expression isolates'],
	[/typeorm|@n8n\/db|sqlite3|node_modules\/pg\//, 'n8n: its own database'],
	[/express|body-parser|raw-body|finalhandler|send\/|router\//, 'HTTP (express)'],
	[/n8n-workflow/, 'n8n-workflow'],
	[/n8n-core/, 'n8n-core'],
	[/node_modules\/n8n\/|@n8n\//, 'n8n: server'],
	[/node_modules/, 'n8n: other dependencies'],
	[/^node:|^internal|^$/, 'Node'],
];

/**
 * The part of the stack a sample belongs to. Native functions (isolated-vm's, the sqlite driver's)
 * have no script of their own: they count for the nearest caller that has one.
 */
function part(node, parentOf) {
	const { url, functionName } = node.callFrame;
	if (!url && /^\(.*\)$/.test(functionName)) return functionName;
	let n = node;
	while (n && !n.callFrame.url) n = parentOf(n);
	if (!n) return 'Node';
	for (const [pattern, name] of PARTS) if (pattern.test(n.callFrame.url)) return name;
	return 'other';
}

function label(node) {
	const { url, functionName, lineNumber } = node.callFrame;
	const file = url ? url.replace(/^.*node_modules\//, '').replace(/^file:\/\//, '') : '';
	return `${functionName || '(anonymous)'}${file ? ` ${file}:${lineNumber + 1}` : ''}`;
}

function summarize(profile, rows = 15) {
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const parent = new Map();
	for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
	const self = new Map();
	const inclusive = new Map();
	const parts = new Map();
	let total = 0;
	profile.samples.forEach((id, i) => {
		const ms = (profile.timeDeltas[i] ?? 0) / 1000;
		total += ms;
		const leaf = byId.get(id);
		const leafLabel = label(leaf);
		self.set(leafLabel, (self.get(leafLabel) ?? 0) + ms);
		const leafPart = part(leaf, (n) => byId.get(parent.get(n.id)));
		parts.set(leafPart, (parts.get(leafPart) ?? 0) + ms);
		const seen = new Set();
		for (let n = leaf; n; n = byId.get(parent.get(n.id))) {
			const l = label(n);
			if (seen.has(l)) continue;
			seen.add(l);
			inclusive.set(l, (inclusive.get(l) ?? 0) + ms);
		}
	});
	const top = (map, filter = () => true) =>
		[...map]
			.filter(([l]) => filter(l))
			.sort((a, b) => b[1] - a[1])
			.slice(0, rows)
			.map(([l, ms]) => ({ function: l, ms: Math.round(ms), share: ms / total }));
	return {
		totalMs: Math.round(total),
		parts: top(parts).map(({ function: p, ...rest }) => ({ part: p, ...rest })),
		self: top(self, (l) => !/^\((idle|program|garbage collector|root)\)/.test(l)),
		inclusive: top(
			inclusive,
			(l) => !/^\((root|idle)\)|^(processTicksAndRejections|listOnTimeout|processTimers) /.test(l),
		),
	};
}

function print(summary, log = (l) => process.stdout.write(`${l}\n`)) {
	const pct = (s) => `${(s * 100).toFixed(1).padStart(5)}%`;
	log(`  sampled ${summary.totalMs} ms`);
	log('  by part of the stack (own time):');
	for (const r of summary.parts)
		log(`    ${pct(r.share)} ${String(r.ms).padStart(6)} ms  ${r.part}`);
	log('  most own time:');
	for (const r of summary.self)
		log(`    ${pct(r.share)} ${String(r.ms).padStart(6)} ms  ${r.function}`);
	log('  most time including callees:');
	for (const r of summary.inclusive)
		log(`    ${pct(r.share)} ${String(r.ms).padStart(6)} ms  ${r.function}`);
}

if (require.main === module) {
	const [file, rows] = process.argv.slice(2);
	if (!file) {
		process.stderr.write('usage: node test/bench/profile-summary.js <file.cpuprofile> [rows]\n');
		process.exit(2);
	}
	print(summarize(JSON.parse(fs.readFileSync(file, 'utf8')), Number(rows) || 25));
}

module.exports = { summarize, print };
