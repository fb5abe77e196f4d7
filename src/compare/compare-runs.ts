import { compareCard } from '../cards/compare-card';
import { messageCard } from '../cards/message-card';
import { AdaptiveCardV15 } from '../cards/types';
import { resolveWorkspace } from '../jobs/workspace';
import { Deps } from '../deps';
import { UserError } from '../shared/errors';
import { compareView } from './compare-view';
import { LAST_GOOD_PAGES, findLastGood } from './last-good';
import { loadEvidence } from '../evidence/run-evidence';

/**
 * `compare <a> <b> [in <ws>]`: both runs read in parallel. P2 = per side 1 job GET + its metric reads (run-evidence.ts).
 */
export async function compareRuns(deps: Deps, jobA: string, jobB: string, alias: string | undefined): Promise<AdaptiveCardV15> {
  const ws = resolveWorkspace(deps.config, alias);
  if (jobA === jobB) throw new UserError(`Those are the same job; name two different ones, for example \`compare ${jobA} <other-job>\`.`, 'same_job');
  const [a, b] = await Promise.all([loadEvidence(deps, ws, jobA), loadEvidence(deps, ws, jobB)]);
  return compareCard(compareView(a, b, `Compare ${a.job.name} ↔ ${b.job.name}`));
}

/**
 * The "Compare with last good run" button: this job (B) against the newest Completed job of its experiment (A).
 * P2 = 1 job GET + ≤ 5 list pages + the metric reads of both runs.
 */
export async function compareWithLastGood(deps: Deps, alias: string, jobName: string): Promise<AdaptiveCardV15> {
  const ws = resolveWorkspace(deps.config, alias);
  const b = await loadEvidence(deps, ws, jobName);
  const good = await findLastGood(deps, ws, b.job);
  if (!good) {
    return messageCard({
      title: 'No last good run',
      text: `No other Completed job of experiment \`${b.job.experiment}\` in \`${ws.alias}\` among the newest ${LAST_GOOD_PAGES} pages of jobs. Say \`compare ${b.job.name} <job> in ${ws.alias}\` to pick one.`,
    });
  }
  const a = await loadEvidence(deps, ws, good.name);
  return compareCard(compareView(a, b, `${b.job.name} vs last good run ${a.job.name}`));
}
