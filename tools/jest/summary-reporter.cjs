// Writes one small JSON per jest run into $BERTFIT_TEST_RESULTS, so .ci/run can print the
// `N passed, N failed` line CI reads (jest's own summary is not among the formats it counts).
const { mkdirSync, writeFileSync, renameSync } = require('node:fs');
const { basename, join } = require('node:path');

class SummaryReporter {
  constructor(_globalConfig, options) {
    this.kind = options?.kind || 'unit';
  }

  onRunComplete(_contexts, results) {
    const dir = process.env.BERTFIT_TEST_RESULTS;
    if (!dir) return;
    mkdirSync(dir, { recursive: true });
    const project = basename(process.cwd());
    const broken = results.testResults.filter((r) => r.testExecError || (r.failureMessage && r.numFailingTests === 0));
    const summary = {
      project,
      kind: this.kind,
      passed: results.numPassedTests,
      failed: results.numFailedTests + broken.length,
      skipped: results.numPendingTests + results.numTodoTests,
      brokenSuites: broken.map((r) => r.testFilePath),
    };
    const file = join(dir, `${project}.${this.kind}.json`);
    writeFileSync(`${file}.tmp`, JSON.stringify(summary));
    renameSync(`${file}.tmp`, file);
  }
}

module.exports = SummaryReporter;
