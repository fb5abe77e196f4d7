import fs from 'node:fs';
import path from 'node:path';
import { EXPECTED_ROWS, parseMatrix } from '../../../scripts/matrix';

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
  });
});
