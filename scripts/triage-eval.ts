/**
 * `npm run triage:eval`: scores the failure triage on the real-log corpus, dev and held-out parts apart.
 * Per-case results are printed for the dev part only; the held-out part is reported as figures, so that rules
 * are never tuned on it. `--write` records the figures in docs/triage.md and the held-out floor that
 * test/unit/logs/triage-held-out.test.ts keeps from falling. `--dev-only` never loads, scores or prints the
 * held-out part (for work on the rules: its figures must not be seen until the work is judged).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { loadCorpus } from './triage/corpus';
import { classifyCase, FLOOR_FILE } from './triage/classify';
import { pct, score, scoresMarkdown, type Scores } from './triage/score';
import { readSecondLabels, secondLabellerScore } from './triage/second-labels';

const ROOT = path.resolve(__dirname, '..');
const DOC = path.join(ROOT, 'docs/triage.md');
const BEGIN = '<!-- triage:eval begin -->';
const END = '<!-- triage:eval end -->';

function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

function line(name: string, s: Scores): string {
  return `${name}: category ${s.correct}/${s.n} (${pct(s.correct, s.n)}), root cause ${s.rootCauseHits}/${s.failures} (${pct(s.rootCauseHits, s.failures)}), unknown ${s.unknownOnFailures}/${s.failures}, verbatim ${s.verbatim}/${s.n}, firm ${s.firm.correct}/${s.firm.n}, likely ${s.likely.correct}/${s.likely.n}`;
}

function main(): void {
  const args = new Set(process.argv.slice(2));
  const devOnly = args.has('--dev-only');
  if (devOnly && args.has('--write')) throw new Error('--write records held-out figures; it cannot be used with --dev-only');
  const { cases, problems } = loadCorpus(undefined, devOnly ? 'dev' : undefined);
  for (const p of problems) console.error(`corpus problem: ${p}`);
  if (problems.length) process.exitCode = 1;
  const dev = score(cases.filter((c) => c.part === 'dev'), classifyCase);
  if (args.has('--misses')) {
    for (const r of dev.results) {
      if (r.want !== r.got || !r.rootCauseFound || !r.verbatim) {
        console.log(`dev miss ${r.id}: want ${r.want}, got ${r.got}${r.rootCauseFound ? '' : ', root cause not in evidence'}${r.verbatim ? '' : ', EVIDENCE NOT VERBATIM'} | ${r.headline}`);
      }
    }
  }
  console.log(line('dev     ', dev));
  if (devOnly) return;
  const heldCases = cases.filter((c) => c.part === 'held-out');
  const held = score(heldCases, classifyCase);
  console.log(line('held-out', held));
  const second = readSecondLabels();
  const human = secondLabellerScore(heldCases, second);
  const engineOnSame = held.results.filter((r) => second.has(r.id) && r.want === r.got).length;
  const humanLine = `A careful second person who saw only what the engine sees (the excerpt, its log kind, the category table; not the thread or the first label) gives the final category on ${human.correct}/${human.n} (${pct(human.correct, human.n)}) of the held-out cases that have a second label; the engine, on the same cases: ${engineOnSame}/${human.n} (${pct(engineOnSame, human.n)}).`;
  console.log(humanLine);
  // The freshest test: held-out cases gathered from new sources while the rules were being changed, by someone
  // who did not write them, and never looked at by anyone who did.
  const batches = [...new Set(cases.map((c) => c.batch).filter((b): b is string => !!b))].sort();
  const fresh = batches.map((b) => ({ b, s: score(cases.filter((c) => c.part === 'held-out' && c.batch === b), classifyCase) }));
  for (const f of fresh) console.log(line(`held-out, batch ${f.b}`, f.s));
  if (!args.has('--write')) return;
  const date = new Date().toISOString().slice(0, 10);
  const block = [
    BEGIN,
    `Measured ${date} at commit ${commit()} by \`npm run triage:eval -- --write\` (${cases.length} cases: ${dev.n} dev, ${held.n} held-out).`,
    '',
    scoresMarkdown('Held-out part', held),
    '',
    humanLine,
    '',
    ...fresh.flatMap((f) => [scoresMarkdown(`Held-out cases of batch ${f.b} only (new sources, gathered while the rules changed, never seen by their writers)`, f.s), '']),
    scoresMarkdown('Dev part (the rules were written looking at these)', dev),
    END,
  ].join('\n');
  const doc = fs.existsSync(DOC) ? fs.readFileSync(DOC, 'utf8') : `# Failure triage\n\n${BEGIN}\n${END}\n`;
  const at = doc.indexOf(BEGIN);
  const to = doc.indexOf(END);
  const next = at >= 0 && to > at ? doc.slice(0, at) + block + doc.slice(to + END.length) : `${doc.trimEnd()}\n\n${block}\n`;
  fs.writeFileSync(DOC, next);
  const floor = { date, commit: commit(), n: held.n, correct: held.correct, failures: held.failures, rootCauseHits: held.rootCauseHits, unknownOnFailures: held.unknownOnFailures, verbatim: held.verbatim };
  fs.writeFileSync(FLOOR_FILE, `${JSON.stringify(floor, null, 2)}\n`);
  console.log(`wrote ${path.relative(ROOT, DOC)} and ${path.relative(ROOT, FLOOR_FILE)}`);
}

main();
