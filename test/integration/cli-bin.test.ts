import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../helpers/test-bot';

const FIXTURES = path.resolve(ROOT, 'test/fixtures/logs/public-dev/cases');
const BIN = path.join(ROOT, 'bin/jobops.js');

/** The installed `jobops` bin over the compiled CLI (npm test builds before jest runs). */
describe('jobops summarize (the bin)', () => {
  beforeAll(() => {
    if (!fs.existsSync(path.join(ROOT, 'dist/src/cli/main.js'))) throw new Error('dist/ is missing: run `npm run build` (npm test does) first');
  });

  it('prints one JSON object with category, headline and verbatim evidence', () => {
    const file = path.join(FIXTURES, '041.txt');
    const out = execFileSync(process.execPath, [BIN, 'summarize', file, '--json'], { encoding: 'utf8' });
    const parsed = JSON.parse(out) as { category: string; headline: string; evidence: string[] };
    expect(parsed.category).toBe('out_of_memory');
    expect(parsed.headline.length).toBeGreaterThan(0);
    const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
    for (const e of parsed.evidence) expect(lines).toContain(e);
  });

  it('exits 2 with a one-line message for a missing file', () => {
    let status = 0;
    let stderr = '';
    try {
      execFileSync(process.execPath, [BIN, 'summarize', '/nonexistent/x.log'], { encoding: 'utf8', stdio: 'pipe' });
    } catch (err) {
      status = (err as { status: number }).status;
      stderr = String((err as { stderr: string }).stderr);
    }
    expect(status).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
