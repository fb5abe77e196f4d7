// A jest reporter that ends `npm test` with one line when the browser tests were skipped, so a green run
// without Chromium cannot be mistaken for one in which the cards were rendered and the Playground driven.
'use strict';
const path = require('node:path');

/** Browser-only suites and what they check; the reporter names the ones whose tests were skipped. */
const BROWSER_SUITES = [
  { file: path.join('test', 'render', 'render-cards.test.ts'), what: 'card rendering (test/render)' },
  { file: path.join('test', 'e2e', 'browser.test.ts'), what: 'Playground in the browser (test/e2e/browser)' },
];

/**
 * The line to print, or null when nothing browser-based was skipped.
 * @param {{ testResults: { testFilePath: string, testResults: { status: string }[] }[] }} results jest's aggregated results
 */
function skipSummary(results) {
  const skipped = [];
  let tests = 0;
  for (const suite of BROWSER_SUITES) {
    const found = results.testResults.find((r) => r.testFilePath.endsWith(suite.file));
    if (!found) continue;
    const pending = found.testResults.filter((t) => t.status === 'pending' || t.status === 'skipped').length;
    if (pending > 0) {
      skipped.push(suite.what);
      tests += pending;
    }
  }
  if (skipped.length === 0) return null;
  return `NOT CHECKED: ${tests} browser test(s) skipped: ${skipped.join(', ')}; /usr/bin/chromium is missing. Enable with: sudo apt-get install -y chromium (Debian's package; .ci/run does this).`;
}

class SkippedBrowserReporter {
  onRunComplete(_contexts, results) {
    const line = skipSummary(results);
    if (line) process.stderr.write(`\n${line}\n`);
  }
}

module.exports = SkippedBrowserReporter;
module.exports.skipSummary = skipSummary;
