import { takeCoverage } from 'node:v8';

// Under scripts/coverage.js V8 counts from each worker's start and writes the counts when the
// process exits, but jest kills a worker that has not exited half a second after it was told to
// end, and a killed worker writes nothing. So each test file hands over its counts as it ends:
// V8 then writes only what ran since the last hand-over, and the report adds them up.
if (process.env.NODE_V8_COVERAGE) afterAll(() => takeCoverage());
