import path from 'node:path';
import { summarizeText, triage } from '../../src/logs';
import { isJobLog, isRunError, type CorpusCase } from './corpus';
import type { Prediction } from './score';

/** The held-out figures last recorded by `npm run triage:eval -- --write`; a unit test keeps them from falling. */
export const FLOOR_FILE = path.resolve(__dirname, '../../test/fixtures/logs/held-out-floor.json');

/** The name the product would read the log under (the stage a log belongs to is part of what Azure ML gives). */
function productFileName(c: CorpusCase): string {
  const kind = c.logKind.trim();
  if (kind.startsWith('image_build_log')) return 'azureml-logs/20_image_build_log.txt';
  if (kind.startsWith('std_log')) return 'user_logs/std_log.txt';
  if (kind.startsWith('driver_log')) return 'azureml-logs/70_driver_log.txt';
  if (kind.startsWith('execution_wrapper')) return 'system_logs/lifecycler/execution-wrapper.txt';
  return `${c.id}.txt`;
}

/**
 * The same engine `jobops summarize` and the bot use, on one excerpt the way the product would get it: a failed run's
 * error text as the run error of a Failed job, anything else as if it were a downloaded log.
 */
export function classifyCase(c: CorpusCase): Prediction {
  const v = isRunError(c.logKind)
    ? triage({ status: 'Failed', runError: { message: c.text }, logs: [] })
    : triage({ ...(isJobLog(c.logKind) ? { status: 'Failed' } : {}), logs: [{ file: productFileName(c), summary: summarizeText(c.text) }] });
  return { category: v.category, headline: v.headline, evidence: v.evidence, likely: v.likely };
}
