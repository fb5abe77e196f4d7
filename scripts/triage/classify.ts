import path from 'node:path';
import { summarizeText, triage } from '../../src/logs';
import { isRunError, type CorpusCase } from './corpus';
import type { Prediction } from './score';

/** The held-out figures last recorded by `npm run triage:eval -- --write`; a unit test keeps them from falling. */
export const FLOOR_FILE = path.resolve(__dirname, '../../test/fixtures/logs/held-out-floor.json');

/**
 * The same engine `jobops summarize` and the bot use, on one excerpt the way the product would get it: a failed run's
 * error text as the run error of a Failed job, anything else as if it were a downloaded log.
 */
export function classifyCase(c: CorpusCase): Prediction {
  const v = isRunError(c.logKind)
    ? triage({ status: 'Failed', runError: { message: c.text }, logs: [] })
    : triage({ logs: [{ file: `${c.id}.txt`, summary: summarizeText(c.text) }] });
  return { category: v.category, headline: v.headline, evidence: v.evidence, likely: v.likely };
}
