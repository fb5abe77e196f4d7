import { FAILURE_CATEGORIES, type FailureCategory } from '../../src/logs/categories';
import type { CorpusCase } from './corpus';

/** What the engine said about one case: the same fields a card and `jobops summarize --json` show. */
export interface Prediction {
  category: FailureCategory;
  headline: string;
  evidence: string[];
  /** The card would say "Likely:": only weak signals agreed. */
  likely?: boolean;
}

export interface CaseResult {
  id: string;
  want: FailureCategory;
  got: FailureCategory;
  rootCauseFound: boolean;
  verbatim: boolean;
  headline: string;
  likely: boolean;
}

export interface Scores {
  n: number;
  correct: number;
  /** Cases whose labelled root-cause fragment sits in one of the evidence lines. */
  rootCauseHits: number;
  /** Cases that show a failure (label not `unknown`) but got `unknown`. */
  unknownOnFailures: number;
  failures: number;
  /** Cases whose every evidence line is a line of the log, unchanged. */
  verbatim: number;
  /** How often a firm verdict and a "likely" one are right: what a reader of the card should expect of each. */
  firm: { n: number; correct: number };
  likely: { n: number; correct: number };
  perCategory: Record<string, { tp: number; fp: number; fn: number }>;
  /** confusion[want][got] */
  confusion: Record<string, Record<string, number>>;
  results: CaseResult[];
}

export function scoreCase(c: CorpusCase, p: Prediction): CaseResult {
  const lines = new Set(c.text.split('\n').map((l) => l.replace(/\r$/, '')));
  return {
    id: c.id,
    want: c.category,
    got: p.category,
    rootCauseFound: p.evidence.some((e) => e.includes(c.rootCause)),
    verbatim: p.evidence.every((e) => lines.has(e)),
    headline: p.headline,
    likely: p.likely === true,
  };
}

export function score(cases: CorpusCase[], classify: (c: CorpusCase) => Prediction): Scores {
  const results = cases.map((c) => scoreCase(c, classify(c)));
  const perCategory: Scores['perCategory'] = {};
  const confusion: Scores['confusion'] = {};
  for (const cat of FAILURE_CATEGORIES) perCategory[cat] = { tp: 0, fp: 0, fn: 0 };
  for (const r of results) {
    confusion[r.want] ??= {};
    confusion[r.want]![r.got] = (confusion[r.want]![r.got] ?? 0) + 1;
    if (r.want === r.got) perCategory[r.want]!.tp += 1;
    else {
      perCategory[r.got]!.fp += 1;
      perCategory[r.want]!.fn += 1;
    }
  }
  const failures = results.filter((r) => r.want !== 'unknown');
  return {
    n: results.length,
    correct: results.filter((r) => r.want === r.got).length,
    rootCauseHits: failures.filter((r) => r.rootCauseFound).length,
    unknownOnFailures: failures.filter((r) => r.got === 'unknown').length,
    failures: failures.length,
    verbatim: results.filter((r) => r.verbatim).length,
    firm: tally(results.filter((r) => !r.likely && r.got !== 'unknown')),
    likely: tally(results.filter((r) => r.likely)),
    perCategory,
    confusion,
    results,
  };
}

function tally(rs: CaseResult[]): { n: number; correct: number } {
  return { n: rs.length, correct: rs.filter((r) => r.want === r.got).length };
}

export const pct = (a: number, b: number): string => (b === 0 ? 'n/a' : `${((100 * a) / b).toFixed(1)}%`);

/** The figures as Markdown: totals, per-category precision and recall, the confusion matrix. Never per-case text. */
export function scoresMarkdown(title: string, s: Scores): string {
  const out: string[] = [];
  out.push(`### ${title} (${s.n} cases)`, '');
  out.push('| measure | value |', '|---|---|');
  out.push(`| category right | ${s.correct}/${s.n} (${pct(s.correct, s.n)}) |`);
  out.push(`| root-cause line among the evidence | ${s.rootCauseHits}/${s.failures} (${pct(s.rootCauseHits, s.failures)}) |`);
  out.push(`| \`unknown\` among logs that show a failure | ${s.unknownOnFailures}/${s.failures} (${pct(s.unknownOnFailures, s.failures)}) |`);
  out.push(`| evidence verbatim | ${s.verbatim}/${s.n} (${pct(s.verbatim, s.n)}) |`);
  out.push(`| category right when the verdict is firm | ${s.firm.correct}/${s.firm.n} (${pct(s.firm.correct, s.firm.n)}) |`);
  out.push(`| category right when the card says "Likely" | ${s.likely.correct}/${s.likely.n} (${pct(s.likely.correct, s.likely.n)}) |`, '');
  out.push('| category | precision | recall | support |', '|---|---|---|---|');
  for (const cat of FAILURE_CATEGORIES) {
    const { tp, fp, fn } = s.perCategory[cat]!;
    if (tp + fp + fn === 0) continue;
    out.push(`| ${cat} | ${pct(tp, tp + fp)} | ${pct(tp, tp + fn)} | ${tp + fn} |`);
  }
  out.push('', 'Confusion (rows: label, columns: verdict; abbreviations are the categories\' initials):', '');
  const cats = FAILURE_CATEGORIES.filter((c) => s.confusion[c] || Object.values(s.confusion).some((row) => row[c]));
  const abbr = (c: string): string => c.split('_').map((w) => w[0]).join('');
  out.push(`| label \\ verdict | ${cats.map(abbr).join(' | ')} |`, `|---|${cats.map(() => '---').join('|')}|`);
  for (const want of cats) out.push(`| ${want} | ${cats.map((got) => s.confusion[want]?.[got] ?? 0).join(' | ')} |`);
  return out.join('\n');
}
