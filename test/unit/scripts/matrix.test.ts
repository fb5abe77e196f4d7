import fs from 'node:fs';
import path from 'node:path';
import { EXPECTED_ROWS, checkMatrix, parseMatrix } from '../../../scripts/matrix';
import type { FaultResults } from '../../../test/faults/results';

/** parseMatrix is what keeps docs/security-matrix.md honest: a reference it misreads is a test nobody checks. */
const table = (...rows: string[]): string => ['| # | Case | Tests | Asserts |', '|---|---|---|---|', ...rows].join('\n');

describe('parseMatrix', () => {
  it('reads one reference per `file` › name, separated by <br>', () => {
    const m = parseMatrix(table('| T3 | bad keys | `test/a.test.ts` › T3: unknown key<br>`test/b.test.ts` › T3: alg:none → 401 | 401 |'));
    expect(m.rows).toEqual(['T3']);
    expect(m.refs).toEqual([
      { row: 'T3', file: 'test/a.test.ts', test: 'T3: unknown key' },
      { row: 'T3', file: 'test/b.test.ts', test: 'T3: alg:none → 401' },
    ]);
    expect(m.gaps).toEqual([]);
    expect(m.malformed).toEqual([]);
  });

  it('keeps names with <, >, backticks, quotes and escaped pipes whole', () => {
    const m = parseMatrix(table('| R2.5 | audit | `test/a.test.ts` › `audit <job> in prod` shows "x" > y<br>`test/b.test.ts` › a \\| b<br/>`test/c.test.ts` › last | … |'));
    expect(m.refs.map((r) => r.test)).toEqual(['`audit <job> in prod` shows "x" > y', 'a | b', 'last']);
  });

  it('lists GAP rows with their reason, with or without bold, and still reads references beside them', () => {
    const m = parseMatrix(table(
      '| T22 | soak | **GAP**: `npm run soak` is not part of npm test | … |',
      '| T17 | kill | `test/r.test.ts` › restart<br>GAP: kill -9 runs are npm run faults | … |',
    ));
    expect(m.gaps).toEqual(['T22: `npm run soak` is not part of npm test', 'T17: kill -9 runs are npm run faults']);
    expect(m.refs).toEqual([{ row: 'T17', file: 'test/r.test.ts', test: 'restart' }]);
    expect(m.malformed).toEqual([]);
  });

  it('reports a part that is neither a reference nor a GAP instead of dropping it', () => {
    const m = parseMatrix(table('| T1 | x | test/a.test.ts › no backticks<br>`test/a.test.ts` ›   <br>`test/a.ts` › not a test file | … |'));
    expect(m.refs).toEqual([]);
    expect(m.malformed).toHaveLength(3);
  });

  it('ignores header, separator, prose and rows whose first cell is not a case id; handles CRLF', () => {
    const m = parseMatrix(['# Title', 'Some | prose with pipes', table('| X1 | not an id | `test/a.test.ts` › x | … |', '| R6 | roles | `test/i.test.ts` › R6 set | … |')].join('\r\n'));
    expect(m.rows).toEqual(['R6']);
    expect(m.refs).toEqual([{ row: 'R6', file: 'test/i.test.ts', test: 'R6 set' }]);
  });

  it('an empty tests cell yields a row with no reference (main() then reports it uncovered)', () => {
    const m = parseMatrix(table('| T9 | forged |  | … |'));
    expect(m.rows).toEqual(['T9']);
    expect(m.refs).toEqual([]);
    expect(m.gaps).toEqual([]);
  });

  it('the project matrix has exactly one row for every case and requirement, and no malformed reference', () => {
    const m = parseMatrix(fs.readFileSync(path.resolve(__dirname, '../../../docs/security-matrix.md'), 'utf8'));
    expect([...m.rows].sort()).toEqual([...EXPECTED_ROWS].sort());
    expect(m.malformed).toEqual([]);
    // Every reference names a test file that exists in the repository.
    const missing = [...new Set(m.refs.map((r) => r.file))].filter((f) => !fs.existsSync(path.resolve(__dirname, '../../..', f)));
    expect(missing).toEqual([]);
    // Every fault reference names a run that a fault script reports (the name up to its settings in parentheses).
    // The fault runs report through report(); the full soak (T22) records itself with recordFaultRun().
    const faultSources = [...fs.readdirSync(path.resolve(__dirname, '../../faults')).map((f) => path.resolve(__dirname, '../../faults', f)), path.resolve(__dirname, '../../soak/soak.ts')]
      .map((f) => fs.readFileSync(f, 'utf8')).join('\n');
    const unknownRuns = [...new Set(m.faultRefs.map((r) => r.run))].filter((run) => {
      const name = run.replace(/\s*\(.*$/, '');
      return !faultSources.includes(`report(\`${name}`) && !faultSources.includes(`report('${run}'`) && !faultSources.includes(`recordFaultRun(\`${name}`);
    });
    expect(unknownRuns).toEqual([]);
  });

  it('reads `fault: run › check` references apart from jest references, and they cover a row', () => {
    const m = parseMatrix(table('| T17 | kill | `test/r.test.ts` › restart<br>fault: T17 kill -9 › outbox killed mid-drain: every notice exactly once<br>fault:T18 storage outage (30 s)›frozen: answers | … |'));
    expect(m.refs).toEqual([{ row: 'T17', file: 'test/r.test.ts', test: 'restart' }]);
    expect(m.faultRefs).toEqual([
      { row: 'T17', run: 'T17 kill -9', check: 'outbox killed mid-drain: every notice exactly once' },
      { row: 'T17', run: 'T18 storage outage (30 s)', check: 'frozen: answers' },
    ]);
    expect(m.malformed).toEqual([]);
  });
});

describe('checkMatrix with fault-run references', () => {
  const ROOT = path.resolve(__dirname, '../../..');
  // A matrix with every expected row: T17 carries a jest and a fault reference, the others a GAP.
  const markdown = table(...EXPECTED_ROWS.map((id) => (id === 'T17'
    ? '| T17 | kill | `test/r.test.ts` › restart<br>fault: T17 kill -9 › outbox killed mid-drain | … |'
    : `| ${id} | x | GAP: not here | … |`)));
  const jest = { testResults: [{ name: path.join(ROOT, 'test/r.test.ts'), assertionResults: [{ fullName: 'restart works', status: 'passed' }] }] };
  const faults = (pass: boolean, name = 'outbox killed mid-drain: every notice exactly once'): FaultResults => ({
    schema: 1,
    updatedAt: '2026-01-01T00:00:00.000Z',
    runs: { 'T17 kill -9': { run: 'T17 kill -9', pass, startedAt: '2026-01-01T00:00:00.000Z', finishedAt: '2026-01-01T00:05:00.000Z', commit: 'abc1234', dirty: false, node: 'v20', machine: 'm', checks: [{ name, pass, detail: pass ? '36/36' : '35/36 delivered', at: '2026-01-01T00:05:00.000Z' }] } },
  });

  it('without a fault record: listed as not run in this environment, no problem in the jest-only mode', () => {
    const r = checkMatrix({ markdown, jest, faults: undefined, withFaults: false });
    expect(r.problems).toEqual([]);
    expect(r.lines.join('\n')).toMatch(/not run in this environment[^]*T17 kill -9: 1 check\(s\) for T17/);
  });

  it('without a fault record, --with-faults makes each fault reference a problem', () => {
    const r = checkMatrix({ markdown, jest, faults: undefined, withFaults: true });
    expect(r.problems).toEqual([expect.stringMatching(/^fault run "T17 kill -9" not run in this environment.*: T17$/)]);
  });

  it('a recorded, passed check satisfies the reference in both modes', () => {
    for (const withFaults of [false, true]) expect(checkMatrix({ markdown, jest, faults: faults(true), withFaults }).problems).toEqual([]);
  });

  it('a failed check, a missing check or a missing run is a problem when a record exists', () => {
    expect(checkMatrix({ markdown, jest, faults: faults(false), withFaults: false }).problems).toEqual([expect.stringMatching(/T17: fault check "outbox killed mid-drain" failed .*35\/36/)]);
    expect(checkMatrix({ markdown, jest, faults: faults(true, 'something else'), withFaults: false }).problems).toEqual([expect.stringMatching(/no check named "outbox killed mid-drain"/)]);
  });

  it('a record without this run counts as not run here: listed in the jest-only mode, a problem with --with-faults', () => {
    const other: FaultResults = { ...faults(true), runs: { 'T18 storage outage (30 s)': { ...faults(true).runs['T17 kill -9']!, run: 'T18 storage outage (30 s)' } } };
    const plain = checkMatrix({ markdown, jest, faults: other, withFaults: false });
    expect(plain.problems).toEqual([]);
    expect(plain.lines.join('\n')).toMatch(/not run in this environment \(test\/artifacts\/faults-results\.json;[^]*T17 kill -9/);
    expect(checkMatrix({ markdown, jest, faults: other, withFaults: true }).problems).toEqual([expect.stringMatching(/^fault run "T17 kill -9" not run in this environment/)]);
  });

  it('the jest references are still checked beside the fault ones', () => {
    const failed = { testResults: [{ ...jest.testResults[0]!, assertionResults: [{ fullName: 'restart works', status: 'failed' }] }] };
    expect(checkMatrix({ markdown, jest: failed, faults: faults(true), withFaults: true }).problems).toEqual([expect.stringMatching(/"restart" did not pass/)]);
  });
});
