/**
 * `npm run matrix`: checks that every test named in docs/security-matrix.md exists and passed in
 * the last `npm test` run (jest's JSON results in test/artifacts/jest-results.json), so the
 * document cannot drift from the code. Rows marked GAP are listed, never silently dropped.
 *
 * `fault:` references name a check of a fault run (`npm run faults`, test/faults/), which is not part of `npm test`;
 * they are checked against test/artifacts/faults-results.json, the record those runs write in this environment.
 * Without that file (a fresh clone, CI running only `npm test`) they are listed as not run here and do not fail;
 * `npm run matrix -- --with-faults` requires them to be recorded and passed.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FaultResults } from '../test/faults/results';

const ROOT = path.resolve(__dirname, '..');
const DOC = path.join(ROOT, 'docs/security-matrix.md');
const RESULTS = path.join(ROOT, 'test/artifacts/jest-results.json');
const FAULT_RESULTS = path.join(ROOT, 'test/artifacts/faults-results.json');

interface AssertionResult { fullName: string; status: string }
interface FileResult { name: string; assertionResults: AssertionResult[] }

export interface Reference { row: string; file: string; test: string }
/** `fault: <run name> › <part of a check name>`: the run name exactly as the run reports it (its settings included). */
export interface FaultReference { row: string; run: string; check: string }

export interface ParsedMatrix {
  refs: Reference[];
  faultRefs: FaultReference[];
  gaps: string[];
  rows: string[];
  /** Parts of a tests cell that are neither a reference nor a GAP note: a typo must not silently drop a test. */
  malformed: string[];
}

/** Every case and requirement of security.md: a row that disappears from the document is a problem too. */
export const EXPECTED_ROWS: readonly string[] = [
  ...Array.from({ length: 22 }, (_, i) => `T${i + 1}`),
  'R1.1', 'R1.2', 'R1.3', 'R1.4', 'R1.5',
  'R2.1', 'R2.2', 'R2.3', 'R2.4', 'R2.5', 'R2.6',
  'R3.1', 'R3.2', 'R3.3', 'R3.4',
  'R4.1', 'R4.2', 'R4.3', 'R4.4', 'R4.5',
  'R5.1', 'R5.2', 'R5.3', 'R5.4',
  'R6',
];

/** Markdown cells: split on unescaped pipes only, so a test name may contain `\|`. */
function cellsOf(line: string): string[] {
  return line.split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, '|'));
}

/**
 * Table rows look like `| T3 | … | `test/x.test.ts` › T3: … <br> … | … |`; each `file › name` is one
 * reference. The tests cell is split on `<br>` first, so a name may itself contain `<`, `>` or backticks.
 */
export function parseMatrix(markdown: string): ParsedMatrix {
  const out: ParsedMatrix = { refs: [], faultRefs: [], gaps: [], rows: [], malformed: [] };
  for (const line of markdown.split(/\r?\n/)) {
    if (!line.trim().startsWith('|')) continue;
    const cells = cellsOf(line);
    const id = cells[1];
    if (!id || !/^(T\d+|R\d(\.\d)?)$/.test(id)) continue;
    out.rows.push(id);
    const testsCell = cells[3] ?? '';
    for (const part of testsCell.split(/<br\s*\/?>/i).map((p) => p.trim()).filter(Boolean)) {
      const gap = /^\*{0,2}GAP\b\*{0,2}:?\s*(.*)$/.exec(part);
      if (gap) {
        out.gaps.push(`${id}: ${gap[1]!.trim()}`);
        continue;
      }
      const fault = /^fault:\s*([^›]+?)\s*›\s*(.+)$/.exec(part);
      if (fault) {
        out.faultRefs.push({ row: id, run: fault[1]!, check: fault[2]!.trim() });
        continue;
      }
      const ref = /^`([^`]+\.test\.ts)`\s*›\s*(.+)$/.exec(part);
      if (ref && ref[2]!.trim()) out.refs.push({ row: id, file: ref[1]!, test: ref[2]!.trim() });
      else out.malformed.push(`${id}: ${part}`);
    }
  }
  return out;
}

export interface CheckInput {
  markdown: string;
  jest: { testResults: FileResult[] };
  /** The fault runs' record, or undefined when none was written in this environment. */
  faults: FaultResults | undefined;
  /** `--with-faults`: a fault reference that is not recorded as passed is a problem, also without a record. */
  withFaults: boolean;
}

export interface CheckOutput {
  /** Report lines (stdout) and problems (stderr, one per failed expectation); exit code 1 when there are problems. */
  lines: string[];
  problems: string[];
}

export function checkMatrix(input: CheckInput): CheckOutput {
  const { refs, faultRefs, gaps, rows, malformed } = parseMatrix(input.markdown);
  const lines: string[] = [];
  const problems: string[] = [];
  for (const m of malformed) problems.push(`not a \`file\` › name reference, a fault: reference or a GAP: ${m}`);
  for (const id of EXPECTED_ROWS) if (!rows.includes(id)) problems.push(`${id}: no row in the matrix`);
  for (const id of new Set(rows.filter((r, i) => rows.indexOf(r) !== i))) problems.push(`${id}: more than one row`);
  for (const r of refs) {
    const file = input.jest.testResults.find((f) => path.relative(ROOT, f.name) === r.file);
    if (!file) {
      problems.push(`${r.row}: ${r.file} did not run`);
      continue;
    }
    const hits = file.assertionResults.filter((a) => a.fullName.includes(r.test));
    if (!hits.length) problems.push(`${r.row}: no test named "${r.test}" in ${r.file}`);
    else if (hits.some((a) => a.status !== 'passed')) problems.push(`${r.row}: "${r.test}" did not pass (${hits.map((h) => h.status).join(', ')})`);
  }
  const covered = new Set([...refs, ...faultRefs].map((r) => r.row));
  const uncovered = rows.filter((id) => !covered.has(id) && !gaps.some((g) => g.startsWith(`${id}:`)));
  for (const id of uncovered) problems.push(`${id}: no test named and not marked GAP`);

  lines.push(`Security matrix: ${rows.length} rows, ${refs.length} test references, ${faultRefs.length} fault-run references, ${gaps.length} gaps.`);
  for (const g of gaps) lines.push(`  GAP ${g}`);
  // A run never recorded here is "not run in this environment": listed, and a problem only with --with-faults.
  // A recorded run is checked in both modes: the latest recording must have the check, and it must have passed.
  const runs = input.faults?.runs ?? {};
  const notRun = [...new Set(faultRefs.map((f) => f.run))].filter((run) => !runs[run]);
  const source = input.faults ? 'test/artifacts/faults-results.json' : 'no test/artifacts/faults-results.json';
  if (notRun.length) {
    const note = `not run in this environment (${source}; \`npm run faults\` records them)`;
    if (input.withFaults) for (const run of notRun) problems.push(`fault run "${run}" ${note}: ${faultRefs.filter((f) => f.run === run).map((f) => f.row).filter((r, i, a) => a.indexOf(r) === i).join(', ')}`);
    else {
      lines.push(`  Fault runs ${note}; not checked, --with-faults requires them:`);
      for (const run of notRun) lines.push(`    ${run}: ${faultRefs.filter((f) => f.run === run).length} check(s) for ${[...new Set(faultRefs.filter((f) => f.run === run).map((f) => f.row))].join(', ')}`);
    }
  }
  for (const run of [...new Set(faultRefs.map((f) => f.run))].filter((r) => runs[r])) {
    const rec = runs[run]!;
    lines.push(`  Fault run "${run}": ${rec.pass ? 'passed' : 'FAILED'} ${rec.finishedAt}, commit ${rec.commit}${rec.dirty ? ' (src/ modified)' : ''}`);
  }
  for (const f of faultRefs) {
    const rec = runs[f.run];
    if (!rec) continue;
    const hits = rec.checks.filter((c) => c.name.includes(f.check));
    if (!hits.length) problems.push(`${f.row}: no check named "${f.check}" in fault run "${f.run}" (${rec.finishedAt})`);
    else if (hits.some((c) => !c.pass)) problems.push(`${f.row}: fault check "${f.check}" failed in the run of ${rec.finishedAt}: ${hits.filter((c) => !c.pass).map((c) => c.detail).join(' | ').replace(/\s+/g, ' ').slice(0, 300)}`);
  }
  const faultNote = faultRefs.length > 0 && notRun.length < new Set(faultRefs.map((f) => f.run)).size ? ', and every named fault check in the latest recorded runs' : '';
  lines.push(problems.length ? `${problems.length} problem(s).` : `Every named test exists and passed in the last run${faultNote}.`);
  return { lines, problems };
}

function main(argv: string[]): number {
  const withFaults = argv.includes('--with-faults');
  if (!fs.existsSync(RESULTS)) {
    console.error('No test results: run `npm test` first (it writes test/artifacts/jest-results.json).');
    return 2;
  }
  const { lines, problems } = checkMatrix({
    markdown: fs.readFileSync(DOC, 'utf8'),
    jest: JSON.parse(fs.readFileSync(RESULTS, 'utf8')) as { testResults: FileResult[] },
    faults: fs.existsSync(FAULT_RESULTS) ? (JSON.parse(fs.readFileSync(FAULT_RESULTS, 'utf8')) as FaultResults) : undefined,
    withFaults,
  });
  const last = lines.pop();
  for (const l of lines) console.log(l);
  for (const p of problems) console.error(`  ✗ ${p}`);
  console.log(last);
  return problems.length ? 1 : 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
