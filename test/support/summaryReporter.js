// Ends the run with one plain line, "N passed, N failed, N skipped", that CI and people can read.
class SummaryReporter {
	onRunComplete(_contexts, results) {
		// A suite that could not run (a type error, a failing beforeAll) counts as a failure too.
		const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
		process.stdout.write(
			`\n${results.numPassedTests} passed, ${failed} failed, ${results.numPendingTests + results.numTodoTests} skipped\n`,
		);
	}
}

module.exports = SummaryReporter;
