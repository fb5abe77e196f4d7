import fs from 'node:fs';
import { loadCorpus } from '../../../scripts/triage/corpus';
import { classifyCase, FLOOR_FILE } from '../../../scripts/triage/classify';
import { score } from '../../../scripts/triage/score';

/**
 * The held-out part of the real-log corpus may only get better: its figures may not fall below what
 * `npm run triage:eval -- --write` last recorded. Rates, not counts, so that adding cases is not a failure.
 */
describe('triage on the held-out part of the real-log corpus', () => {
  const { cases, problems } = loadCorpus();
  const floor = JSON.parse(fs.readFileSync(FLOOR_FILE, 'utf8')) as { n: number; correct: number; failures: number; rootCauseHits: number; unknownOnFailures: number; verbatim: number };
  const held = score(cases.filter((c) => c.part === 'held-out'), classifyCase);
  const EPS = 1e-9;

  it('the corpus is well formed (labels, verbatim root causes, no repeats) and large enough', () => {
    expect(problems).toEqual([]);
    expect(cases.length).toBeGreaterThanOrEqual(150);
    expect(held.n / cases.length).toBeGreaterThanOrEqual(0.4);
  });

  it('category accuracy does not fall', () => {
    expect(held.correct / held.n).toBeGreaterThanOrEqual(floor.correct / floor.n - EPS);
  });

  it('the root-cause line stays among the evidence as often', () => {
    expect(held.rootCauseHits / held.failures).toBeGreaterThanOrEqual(floor.rootCauseHits / floor.failures - EPS);
  });

  it('unknown does not grow among logs that show a failure', () => {
    expect(held.unknownOnFailures / held.failures).toBeLessThanOrEqual(floor.unknownOnFailures / floor.failures + EPS);
  });

  it('evidence is always verbatim', () => {
    expect(held.verbatim).toBe(held.n);
  });
});
