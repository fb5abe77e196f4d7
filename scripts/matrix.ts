/**
 * `npm run matrix`: checks that every test named in docs/security-matrix.md exists and passed in
 * the last `npm test` run (jest's JSON results in test/artifacts/jest-results.json), so the
 * document cannot drift from the code. Rows marked GAP are listed, never silently dropped.
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const DOC = path.join(ROOT, 'docs/security-matrix.md');
const RESULTS = path.join(ROOT, 'test/artifacts/jest-results.json');

interface AssertionResult { fullName: string; status: string }
interface FileResult { name: string; assertionResults: AssertionResult[] }

export interface Reference { row: string; file: string; test: string }

/** Table rows look like `| T3 | … | `test/x.test.ts` › T3: … <br> … | … |`; each `file › name` is one reference. */
export function parseMatrix(markdown: string): { refs: Reference[]; gaps: string[]; rows: string[] } {
  const refs: Reference[] = [];
  const gaps: string[] = [];
  const rows: string[] = [];
  for (const line of markdown.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    const id = cells[1];
    if (!id || !/^(T\d+|R\d(\.\d)?)$/.test(id)) continue;
    rows.push(id);
    const testsCell = cells[3] ?? '';
    if (/\bGAP\b/.test(testsCell)) gaps.push(`${id}: ${testsCell.replace(/\bGAP\b:?/, '').trim()}`);
    for (const m of testsCell.matchAll(/`([^`]+\.test\.ts)`\s*›\s*([^<`]+?)(?=\s*(<br>|$|`))/g)) {
      refs.push({ row: id, file: m[1]!, test: m[2]!.trim() });
    }
  }
  return { refs, gaps, rows };
}

function main(): number {
  if (!fs.existsSync(RESULTS)) {
    console.error('No test results: run `npm test` first (it writes test/artifacts/jest-results.json).');
    return 2;
  }
  const results = JSON.parse(fs.readFileSync(RESULTS, 'utf8')) as { testResults: FileResult[] };
  const { refs, gaps, rows } = parseMatrix(fs.readFileSync(DOC, 'utf8'));
  const problems: string[] = [];
  for (const r of refs) {
    const file = results.testResults.find((f) => path.relative(ROOT, f.name) === r.file);
    if (!file) {
      problems.push(`${r.row}: ${r.file} did not run`);
      continue;
    }
    const hits = file.assertionResults.filter((a) => a.fullName.includes(r.test));
    if (!hits.length) problems.push(`${r.row}: no test named "${r.test}" in ${r.file}`);
    else if (hits.some((a) => a.status !== 'passed')) problems.push(`${r.row}: "${r.test}" did not pass (${hits.map((h) => h.status).join(', ')})`);
  }
  const covered = new Set(refs.map((r) => r.row));
  const uncovered = rows.filter((id) => !covered.has(id) && !gaps.some((g) => g.startsWith(`${id}:`)));
  for (const id of uncovered) problems.push(`${id}: no test named and not marked GAP`);
  console.log(`Security matrix: ${rows.length} rows, ${refs.length} test references, ${gaps.length} gaps.`);
  for (const g of gaps) console.log(`  GAP ${g}`);
  for (const p of problems) console.error(`  ✗ ${p}`);
  console.log(problems.length ? `${problems.length} problem(s).` : 'Every named test exists and passed in the last run.');
  return problems.length ? 1 : 0;
}

if (require.main === module) process.exitCode = main();
