import fs from 'node:fs';
import path from 'node:path';
import type { CorpusCase } from './corpus';

/** The blind second labels (`test/fixtures/logs/label-review/second-labels.tsv`): what a careful second person said. */
export const SECOND_LABELS = path.resolve(__dirname, '../../test/fixtures/logs/label-review/second-labels.tsv');

export function readSecondLabels(file = SECOND_LABELS): Map<string, string> {
  const out = new Map<string, string>();
  if (!fs.existsSync(file)) return out;
  const [head, ...rows] = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim());
  const cols = (head ?? '').split('\t');
  const id = cols.indexOf('id');
  const category = cols.indexOf('category');
  for (const row of rows) {
    const cells = row.split('\t');
    if (cells[id] && cells[category]) out.set(cells[id]!, cells[category]!);
  }
  return out;
}

/**
 * The human reference for the engine's figure: on the cases that have a second label, how often that label is the
 * final one. The second labeller saw the excerpt, its log kind and the category table only, like the engine; the
 * final labels come from the gatherer's reading of the whole thread, reviewed where the two disagreed.
 */
export function secondLabellerScore(cases: readonly CorpusCase[], second = readSecondLabels()): { n: number; correct: number } {
  const labelled = cases.filter((c) => second.has(c.id));
  return { n: labelled.length, correct: labelled.filter((c) => second.get(c.id) === c.category).length };
}
