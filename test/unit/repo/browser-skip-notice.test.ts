import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { skippedTitle } from '../../helpers/browser';
import { ROOT, trackedFiles } from '../../helpers/repo-files';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { skipSummary } = require('../../helpers/skipped-browser-reporter.js') as { skipSummary: (r: unknown, rootDir?: string) => string | null };

const REPORTER = path.join(ROOT, 'test/helpers/skipped-browser-reporter.js');

type Status = 'passed' | 'pending';
const suite = (file: string, tests: [string, Status][]) => ({
  testFilePath: path.join(ROOT, file),
  testResults: tests.map(([describe, status]) => ({ status, ancestorTitles: [describe] })),
});
/** What jest reports when the three browser suites ran without Chromium. */
const WITHOUT_CHROMIUM = {
  testResults: [
    suite('test/render/render-cards.test.ts', [['card fixtures', 'passed'], [skippedTitle('cards in the renderer'), 'pending'], [skippedTitle('cards in the renderer'), 'pending']]),
    suite('test/e2e/browser.test.ts', [[skippedTitle('the Playground UI'), 'pending']]),
    suite('test/e2e/browser-message-extension.test.ts', [[skippedTitle('the message extension in the Playground UI'), 'pending']]),
    suite('test/unit/a.test.ts', [['something else', 'pending']]),
  ],
};

describe('the end of npm test says when the browser tests were skipped', () => {
  test('one line naming every skipped browser suite and how to enable it', () => {
    const line = skipSummary(WITHOUT_CHROMIUM, ROOT);
    expect(line).toMatch(/^NOT CHECKED: 4 browser test\(s\) skipped: .*apt-get install -y chromium/);
    expect(line).toContain('cards in the renderer (test/render/render-cards.test.ts)');
    expect(line).toContain('the Playground UI (test/e2e/browser.test.ts)');
    expect(line).toContain('the message extension in the Playground UI (test/e2e/browser-message-extension.test.ts)');
    expect(line).not.toContain('something else');
    expect(line).not.toContain('\n');
  });

  test('silent when the browser tests ran', () => {
    expect(skipSummary({ testResults: [suite('test/e2e/browser.test.ts', [['the Playground UI', 'passed']])] }, ROOT)).toBeNull();
  });

  test('every test that uses a browser is declared with describeInBrowser, so its skip is reported', () => {
    const files = trackedFiles().filter((f) => f.startsWith('test/') && f.endsWith('.test.ts'));
    // A test drives a browser through playwright, directly or through the card page.
    const browserTests = files.filter((f) => /from '(playwright-core|\.\/card-page)'/.test(fs.readFileSync(path.join(ROOT, f), 'utf8')));
    expect(browserTests).toEqual(expect.arrayContaining(['test/render/render-cards.test.ts', 'test/e2e/browser.test.ts', 'test/e2e/browser-message-extension.test.ts']));
    const undeclared = browserTests.filter((f) => !fs.readFileSync(path.join(ROOT, f), 'utf8').includes('describeInBrowser('));
    expect(undeclared).toEqual([]);
  });

  test('jest.config.js registers the reporter', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const config = require(path.join(ROOT, 'jest.config.js')) as { reporters: unknown[] };
    expect(config.reporters).toContain('default');
    const ours = config.reporters.filter((r): r is string => typeof r === 'string' && r.startsWith('<rootDir>/'));
    expect(ours.map((r) => path.join(ROOT, r.slice('<rootDir>/'.length)))).toContain(REPORTER);
  });

  test('the line comes last, after what jest writes once the reporters are done', () => {
    // The reporter as jest drives it, then jest's own last line (npm test writes --json to a file).
    const script = `
      const Reporter = require(${JSON.stringify(REPORTER)});
      new Reporter({ rootDir: ${JSON.stringify(ROOT)} }).onRunComplete(new Set(), ${JSON.stringify(WITHOUT_CHROMIUM)});
      process.stderr.write('Test results written to: test/artifacts/jest-results.json\\n');`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toBe('Test results written to: test/artifacts/jest-results.json');
    expect(lines[lines.length - 1]).toMatch(/^NOT CHECKED: 4 browser test\(s\) skipped/);
  });
});
