// Three suites: unit (no I/O), integration (real SQLite, PostgreSQL and SMTP on loopback) and
// end to end (a real n8n host with the packed package installed).
const tsJest = ['ts-jest', { tsconfig: 'test/tsconfig.json', diagnostics: { warnOnly: false } }];

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
	projects: [
		project('unit'),
		project('integration', {
			globalSetup: '<rootDir>/test/integration/globalSetup.js',
			globalTeardown: '<rootDir>/test/integration/globalTeardown.js',
		}),
		// Workflows run through n8n-core's engine in the test process (test/support/inProcess.js).
		project('inprocess'),
		project('e2e', { globalSetup: '<rootDir>/test/e2e/globalSetup.js' }),
	],
};
