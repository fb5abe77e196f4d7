// A jest reporter that ends `npm test` with one line when browser tests were skipped, so a green run
// without Chromium cannot be mistaken for one in which the cards were rendered and the Playground driven.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

/**
 * Put on the title of a browser suite that was skipped for lack of Chromium (test/helpers/browser.ts does it for
 * every browser suite), so the list of what was not checked comes from the results, not from a list kept here.
 */
const NEEDS_CHROMIUM = '[needs chromium]';

/**
 * The line to print, or null when nothing browser-based was skipped.
 * @param {{ testResults: { testFilePath: string, testResults: { status: string, ancestorTitles: string[] }[] }[] }} results jest's aggregated results
 * @param {string} [rootDir] to show test files relative to
 */
function skipSummary(results, rootDir = process.cwd()) {
  const skipped = [];
  let tests = 0;
  for (const suite of results.testResults) {
    const titles = new Set();
    for (const t of suite.testResults) {
      const tagged = t.ancestorTitles.find((a) => a.endsWith(` ${NEEDS_CHROMIUM}`));
      if (!tagged || t.status === 'passed' || t.status === 'failed') continue;
      titles.add(tagged.slice(0, -NEEDS_CHROMIUM.length - 1));
      tests += 1;
    }
    const file = path.relative(rootDir, suite.testFilePath).split(path.sep).join('/');
    for (const title of titles) skipped.push(`${title} (${file})`);
  }
  if (skipped.length === 0) return null;
  return `NOT CHECKED: ${tests} browser test(s) skipped: ${skipped.join('; ')}; /usr/bin/chromium is missing. Enable with: sudo apt-get install -y chromium (Debian's package; .ci/run does this).`;
}

class SkippedBrowserReporter {
  constructor(globalConfig) {
    this.rootDir = (globalConfig && globalConfig.rootDir) || process.cwd();
    this.line = null;
    this.waiting = false;
  }

  onRunComplete(_contexts, results) {
    this.line = skipSummary(results, this.rootDir);
    // Jest writes more after the reporters ("Test results written to: …" with --outputFile), so the line waits
    // for the process to exit; stderr, like the rest of jest's report. writeSync: nothing asynchronous runs at exit.
    if (this.waiting) return;
    this.waiting = true;
    process.once('exit', () => {
      if (this.line) fs.writeSync(2, `\n${this.line}\n`);
    });
  }
}

module.exports = SkippedBrowserReporter;
module.exports.skipSummary = skipSummary;
module.exports.NEEDS_CHROMIUM = NEEDS_CHROMIUM;
