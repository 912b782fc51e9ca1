// Four tiers: unit (no I/O), integration (real SQLite, PostgreSQL and SMTP on loopback), in-process
// (workflows through n8n-core's engine in the test process, against the same doubles) and end to
// end (a real n8n host with the packed package installed). README, "Tests", says which proves what.
// Each file is transpiled on its own (no type information), which costs jest's workers a fraction of
// type-checking every file they load; `npm run lint` type-checks the tests in one `tsc` pass instead.
const tsJest = ['ts-jest', { tsconfig: 'test/tsconfig.jest.json' }];

// The host-free tiers' coverage (scripts/coverage.js) is written as each test file ends.
const COVERAGE_FLUSH = '<rootDir>/test/support/coverageFlush.ts';

const project = (name, extra = {}) => ({
	displayName: name,
	testEnvironment: 'node',
	transform: { '^.+\\.ts$': tsJest },
	testMatch: [`<rootDir>/test/${name}/**/*.test.ts`],
	// The n8n hosts' folders under test-artifacts hold installed packages jest must not index.
	modulePathIgnorePatterns: ['<rootDir>/test-artifacts/'],
	...extra,
});

module.exports = {
	globalSetup: '<rootDir>/test/globalSetup.js',
	reporters: ['default', '<rootDir>/test/support/summaryReporter.js'],
	// `npm test` counts coverage with V8 from each worker's start (scripts/coverage.js, which reads
	// collectCoverageFrom and coverageThreshold from here); `jest --coverage` counts the same with
	// V8 per test file, more slowly. The in-process tier runs the built package, whose source maps
	// lead V8's coverage back to the TypeScript, so both tiers count against the same files.
	coverageProvider: 'v8',
	collectCoverageFrom: [
		'core/**/*.ts',
		'nodes/**/*.ts',
		'providers/**/*.ts',
		'credentials/**/*.ts',
		'dist/**/*.js',
	],
	coverageReporters: ['text-summary', 'json-summary'],
	// A floor, not a goal: a change may not drop the host-free tiers below it. Set a little under
	// what they cover (lines 82.6%, branches 82.3%), so a change that adds untested code shows.
	coverageThreshold: { global: { lines: 80, branches: 80 } },
	coverageDirectory: '<rootDir>/test-artifacts/coverage',
	projects: [
		project('unit', { setupFilesAfterEnv: [COVERAGE_FLUSH] }),
		project('integration', {
			globalSetup: '<rootDir>/test/integration/globalSetup.js',
			globalTeardown: '<rootDir>/test/integration/globalTeardown.js',
			setupFilesAfterEnv: [COVERAGE_FLUSH],
		}),
		// Workflows run through n8n-core's engine in the test process (test/support/inProcess.js).
		project('inprocess', { setupFilesAfterEnv: [COVERAGE_FLUSH] }),
		project('e2e', {
			globalSetup: '<rootDir>/test/e2e/globalSetup.js',
			globalTeardown: '<rootDir>/test/e2e/globalTeardown.js',
			setupFiles: ['<rootDir>/test/e2e/workerPorts.js'],
		}),
	],
};
