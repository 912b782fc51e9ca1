#!/usr/bin/env node
// Runs the host-free tiers with V8 counting from each process's start (NODE_V8_COVERAGE), then
// reports their coverage against jest.config.js's collectCoverageFrom and coverageThreshold.
//
// `jest --coverage` with V8 starts and takes precise coverage around every test file, and each start
// makes V8 compile every function of the worker anew with counters: on this project that doubled the
// host-free tiers' time (74 s -> 130 to 170 s on two cores). Counting from the process's start costs
// almost nothing; each test file hands over what ran as it ends (test/support/coverageFlush.ts), and
// the counts are mapped back through the same transforms and source maps jest's own V8 coverage
// uses, so the figures mean what they meant. The modules read here are jest's own dependencies.
//
// Usage: node scripts/coverage.js <jest arguments...>
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { fileURLToPath } = require('node:url');

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'test-artifacts', 'coverage');
const RAW = path.join(OUT, 'v8');

async function main() {
	fs.rmSync(RAW, { recursive: true, force: true });
	fs.mkdirSync(RAW, { recursive: true });
	const jest = spawnSync(
		process.execPath,
		[require.resolve('jest/bin/jest'), ...process.argv.slice(2)],
		{ cwd: ROOT, stdio: 'inherit', env: { ...process.env, NODE_V8_COVERAGE: RAW } },
	);
	if (jest.status !== 0) process.exit(jest.status ?? 1);
	const belowFloor = await report();
	process.exit(belowFloor ? 1 : 0);
}

/** Prints the summary, writes coverage-summary.json; true when a figure is under the floor. */
async function report() {
	const { readConfigs } = require('jest-config');
	const { createScriptTransformer } = require('@jest/transform');
	const { mergeProcessCovs } = require('@bcoe/v8-coverage');
	const v8toIstanbul = require('v8-to-istanbul');
	const libCoverage = require('istanbul-lib-coverage');
	const libReport = require('istanbul-lib-report');
	const reports = require('istanbul-reports');
	const micromatch = require('micromatch');

	const { globalConfig, configs } = await readConfigs({ $0: 'jest', _: [] }, [ROOT]);
	const config = configs.find((c) => c.displayName?.name === 'unit') ?? configs[0];
	const transformer = await createScriptTransformer(config);
	const counted = (file) =>
		file.startsWith(`${ROOT}/`) &&
		!file.includes('/node_modules/') &&
		micromatch.isMatch(path.relative(ROOT, file), globalConfig.collectCoverageFrom);

	const processes = fs
		.readdirSync(RAW)
		.flatMap((name) => {
			try {
				return [JSON.parse(fs.readFileSync(path.join(RAW, name), 'utf8'))];
			} catch {
				// A worker jest killed while it wrote what ran after its last test file (its tests' counts
				// were handed over as each file ended: test/support/coverageFlush.ts).
				process.stdout.write(`Coverage: ${name} was cut short and is left out.\n`);
				return [];
			}
		})
		.map(({ result }) => ({
			result: result
				.filter((script) => script.url.startsWith('file://'))
				.filter((script) => counted(fileURLToPath(script.url))),
		}));
	const merged = mergeProcessCovs(processes);

	// What jest's runtime puts before a module's code (jest-runtime's constructModuleWrapperStart).
	const jestWrapper = `({"Object.<anonymous>":function(${[
		'module',
		'exports',
		'require',
		'__dirname',
		'__filename',
		config.injectGlobals ? 'jest' : undefined,
		...config.sandboxInjectedGlobals,
	]
		.filter(Boolean)
		.join(',')}){`;

	const map = libCoverage.createCoverageMap({});
	for (const script of merged.result) {
		const file = fileURLToPath(script.url);
		const original = fs.readFileSync(file, 'utf8');
		const transformed = transformer.transform(file, { instrument: false }, original);
		// A module loaded through jest's runtime runs inside its wrapper; one Node loaded itself (a
		// dist/ file n8n's loader required) runs as written.
		const length = Math.max(...script.functions.flatMap((f) => f.ranges.map((r) => r.endOffset)));
		const wrapped = length > transformed.code.length;
		const sourceMap =
			transformed.sourceMapPath && fs.existsSync(transformed.sourceMapPath)
				? JSON.parse(fs.readFileSync(transformed.sourceMapPath, 'utf8'))
				: undefined;
		const converter = v8toIstanbul(
			file,
			wrapped ? jestWrapper.length : 0,
			sourceMap
				? {
						originalSource: original,
						source: transformed.code,
						sourceMap: { sourcemap: { file, ...sourceMap } },
					}
				: { source: transformed.code },
		);
		await converter.load();
		converter.applyCoverage(script.functions);
		map.merge(converter.toIstanbul());
	}
	await untested(map, counted, new Set(merged.result.map((s) => fileURLToPath(s.url))));

	const context = libReport.createContext({ coverageMap: map, dir: OUT });
	reports.create('text-summary').execute(context);
	reports.create('json-summary').execute(context);

	const summary = map.getCoverageSummary();
	const floor = globalConfig.coverageThreshold?.global ?? {};
	let below = false;
	for (const [metric, minimum] of Object.entries(floor)) {
		const pct = summary[metric].pct;
		if (pct < minimum) {
			process.stderr.write(
				`Coverage of ${metric} is ${pct}%, under the floor of ${minimum}% (jest.config.js).\n`,
			);
			below = true;
		}
	}
	return below;
}

/**
 * Files of collectCoverageFrom that no process ran count as not covered, as jest counts them: the
 * whole file one range run zero times (a built file's through its source map, onto its TypeScript).
 */
async function untested(map, counted, ran) {
	const v8toIstanbul = require('v8-to-istanbul');
	const files = walk(ROOT);
	for (const file of files.filter(counted)) {
		if (ran.has(file)) continue;
		const source = fs.readFileSync(file, 'utf8');
		const converter = v8toIstanbul(file, 0, { source });
		await converter.load();
		converter.applyCoverage([
			{
				functionName: '(empty-report)',
				isBlockCoverage: true,
				ranges: [{ count: 0, startOffset: 0, endOffset: Buffer.byteLength(source) }],
			},
		]);
		map.merge(converter.toIstanbul());
	}
}

/** Every file under `dir` but installed packages, test artifacts and git's own. */
function walk(dir) {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		if (!entry.isDirectory()) return [full];
		return ['node_modules', 'test-artifacts', '.git'].includes(entry.name) ? [] : walk(full);
	});
}

main().catch((error) => {
	process.stderr.write(`${error.stack}\n`);
	process.exit(1);
});
