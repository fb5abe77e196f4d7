import type { FailureCategory } from './categories';
import { makeHeadline } from './headline';
import type { Analysis, Hit } from './analyzer';
import { WEIGHTS } from './rules';
import { familyOf } from './keyword-families';

export interface Verdict {
  category: FailureCategory;
  headline: string;
  evidence: string[];
  /** The winning line is only a wrapper or a vague signal: the cause is probably further back. */
  weak: boolean;
  /** Some failure signal was seen at all (healthy logs have none). */
  failed: boolean;
  /** The rule that decided (`out-of-memory`, `exception-line`, …), for the verdict's record of its signals. */
  signal?: string;
}

const MAX_EVIDENCE = 5;
const SAME_CATEGORY_EXTRA = 2;

function categoryOf(hit: Hit, inBuild: boolean): FailureCategory | null {
  if (inBuild && hit.rule.inBuild) return hit.rule.inBuild;
  return hit.rule.category;
}

function weightOf(hit: Hit, inBuild: boolean): number {
  // A conda/pip error inside a docker build is an image build failure, and weighs like one.
  return inBuild && hit.rule.inBuild ? Math.min(hit.weight, WEIGHTS.image - 1) : hit.weight;
}

/**
 * Picks the root cause: the heaviest hit wins, later ones win ties (the last
 * crash is the one that ended the run; chained exceptions are demoted by the
 * analyzer so their first link wins). Evidence is the cause, more lines of the
 * same category, then the wrappers and failure markers that support it.
 */
export function decide(analysis: Analysis): Verdict {
  const { hits, inBuild } = analysis;
  let best: Hit | undefined;
  for (const hit of hits) {
    if (categoryOf(hit, inBuild) === null) continue;
    if (!best || beats(hit, best, inBuild)) best = hit;
  }
  const failed = hits.length > 0;
  if (!best) {
    const markers = hits.slice(-MAX_EVIDENCE).map((h) => h.line);
    // The last telling failure line ended the run; its words suggest the category, weakly.
    // A heading ("Error:") says it with the line under it.
    const said = (h: Hit): string => `${(h.text ?? h.line).trimEnd()}${h.continuation ? ` ${h.continuation.trim()}` : ''}`;
    const telling = [...hits].reverse().find((h) => said(h).trim().length >= 20) ?? hits[hits.length - 1];
    return {
      category: telling ? familyOf(said(telling)) : 'unknown',
      headline: telling ? makeHeadline(said(telling)) : '',
      evidence: dedupe(telling ? [telling.line, ...(telling.continuation ? [telling.continuation] : []), ...markers] : markers).slice(0, MAX_EVIDENCE),
      weak: failed,
      failed,
      ...(telling ? { signal: `${telling.rule.id} + keywords` } : {}),
    };
  }
  const category = categoryOf(best, inBuild) ?? 'unknown';
  // A bare code ("ErrorCode:AuthorizationPermissionMismatch") decides the category; a line of the same category
  // that says it in words heads the verdict, and the code follows it.
  if (best.bare) {
    const worded = hits.filter((h) => h !== best && !h.bare && !h.rule.wrapper && categoryOf(h, inBuild) === category);
    const lead = worded.reduce<Hit | undefined>((a, h) => (!a || weightOf(h, inBuild) >= weightOf(a, inBuild) ? h : a), undefined);
    if (lead) best = { ...lead, related: best.line };
  }
  const evidence = [best.line, ...(best.continuation ? [best.continuation] : []), ...(best.related ? [best.related] : [])];
  const said = best.text ?? best.line;
  const others = hits.filter((h) => h.line !== best!.line && !h.rule.wrapper && categoryOf(h, inBuild) === category);
  // The heaviest other lines of the cause's category (on a tie the later one, nearer the end of the run).
  const sameCategory = others
    .map((h, i) => ({ h, i }))
    .sort((a, b) => weightOf(b.h, inBuild) - weightOf(a.h, inBuild) || b.i - a.i)
    .slice(0, SAME_CATEGORY_EXTRA)
    .sort((a, b) => a.i - b.i)
    .map((x) => x.h);
  const wrappers = hits.filter((h) => h.rule.wrapper && h !== best).slice(-2);
  const markers = hits.filter((h) => h.rule.category === null).slice(-2);
  for (const h of [...sameCategory, ...wrappers, ...markers]) evidence.push(h.line);
  return {
    category,
    headline: makeHeadline(best.continuation ? `${said.trimEnd()} ${best.continuation.trim().replace(/^-\s+/, '')}` : said, best.rule.headlineFrom),
    evidence: dedupe(evidence).slice(0, MAX_EVIDENCE),
    weak: weightOf(best, inBuild) < WEIGHTS.exception,
    failed: true,
    signal: best.rule.id,
  };
}

/**
 * Heavier wins. On a tie the first report of a specific cause is usually the
 * most precise one, but for plain tracebacks the last one is what ended the run.
 */
function beats(hit: Hit, best: Hit, inBuild: boolean): boolean {
  const a = weightOf(hit, inBuild);
  const b = weightOf(best, inBuild);
  if (a !== b) return a > b;
  // Error codes nest general to specific (innerError, details): the last, innermost one decides.
  if (hit.rule.id === 'error-code' && best.rule.id === 'error-code') return true;
  return hit.rule.id === 'traceback-exception' && best.rule.id === 'traceback-exception';
}

function dedupe(lines: string[]): string[] {
  return [...new Set(lines)];
}
