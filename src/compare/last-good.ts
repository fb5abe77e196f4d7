import { WorkspaceConfig } from '../config';
import { Job } from '../azureml/types';
import { Deps } from '../deps';

/** Pages of the job list read to find a last good run; the answer says when none was found within them. */
export const LAST_GOOD_PAGES = 5;

/**
 * The newest Completed job of the same experiment, other than `job` itself. ARM has no status or experiment filter
 * and lists newest first, so this pages until a page holds a match: P2 = 1 list call per page read (≤ 5).
 */
export async function findLastGood(deps: Deps, ws: WorkspaceConfig, job: Job): Promise<Job | undefined> {
  let next: string | undefined;
  for (let page = 0; page < LAST_GOOD_PAGES; page++) {
    const r = await deps.azureml.listJobsPage(ws, {}, next);
    const matches = r.jobs.filter((j) => j.status === 'Completed' && j.experiment === job.experiment && j.name !== job.name && !j.archived);
    if (matches.length) return matches.reduce((newest, j) => ((j.createdAt?.getTime() ?? 0) > (newest.createdAt?.getTime() ?? 0) ? j : newest));
    if (!r.next) return undefined;
    next = r.next;
  }
  return undefined;
}
