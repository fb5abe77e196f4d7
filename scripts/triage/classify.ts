import path from 'node:path';
import { summarizeText } from '../../src/logs';
import type { CorpusCase } from './corpus';
import type { Prediction } from './score';

/** The held-out figures last recorded by `npm run triage:eval -- --write`; a unit test keeps them from falling. */
export const FLOOR_FILE = path.resolve(__dirname, '../../test/fixtures/logs/real/held-out-floor.json');

/** The same engine `jobops summarize` and the bot use, on one excerpt as if it were a downloaded log. */
export function classifyCase(c: CorpusCase): Prediction {
  const s = summarizeText(c.text);
  return { category: s.category, headline: s.headline, evidence: s.evidence };
}
