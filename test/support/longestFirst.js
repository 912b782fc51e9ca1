// Jest starts the suites it knows to be longest first, so that no worker is left with a long suite
// once the others are done; it knows that from its cache of the last run's times. Without that cache
// (a fresh clone, CI) it goes by file size, which put the editor suite, the longest, last: one
// worker ran it alone for two minutes at the end. These are the longest suites' times on the 2-core
// machine (seconds, npm test beside the other worker), for a run without the cache.
const path = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

const SECONDS = {
	'e2e/editor': 138,
	'e2e/queueMode': 92,
	'e2e/editorFields': 69,
	'e2e/manualActions': 65,
	'e2e/conversations': 57,
	'e2e/callingHours': 52,
	'e2e/emailStatistics': 50,
	'e2e/call': 49,
	'e2e/templates': 44,
	'e2e/outputSchemas': 39,
	'e2e/retry': 39,
	'e2e/inbox': 39,
	'e2e/agency': 37,
	'integration/inboxAuth': 35,
	'integration/store': 19,
};

/**
 * Jest's own order (a suite that failed last time first, then the longest), with these times for
 * suites the cache does not know, and file size after that.
 */
class LongestFirst extends Sequencer {
	sort(tests) {
		const time = (test) => {
			const known = this.time(test);
			if (known != null) return known;
			const name = path.relative(path.join(test.context.config.rootDir, 'test'), test.path);
			return (SECONDS[name.replace(/\.test\.ts$/, '')] ?? 0) * 1000;
		};
		const size = (test) => test.context.hasteFS.getSize(test.path) ?? 0;
		const order = tests.map((test) => ({
			test,
			failed: this.hasFailed(test),
			time: time(test),
			size: size(test),
		}));
		order.sort((a, b) => Number(b.failed) - Number(a.failed) || b.time - a.time || b.size - a.size);
		return order.map(({ test }) => test);
	}
}

module.exports = LongestFirst;
