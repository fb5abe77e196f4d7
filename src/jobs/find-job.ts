import { WorkspaceConfig } from '../config';
import { Job } from '../azureml/types';
import { Deps } from '../deps';
import { UserError, isRestLike } from '../shared/errors';
import { editDistance } from './edit-distance';

/**
 * GET one job; a 404 becomes "no job named X in workspace Y" with near names from one list
 * page (cheap: one extra call, only on the error path).
 */
export async function findJob(deps: Deps, ws: WorkspaceConfig, name: string): Promise<Job> {
  try {
    return await deps.azureml.getJob(ws, name);
  } catch (err) {
    if (!isRestLike(err) || err.statusCode !== 404) throw err;
    const near = await nearNames(deps, ws, name);
    const hint = near.length ? ` Did you mean ${near.map((n) => `\`${n}\``).join(', ')}?` : ` Try \`list in ${ws.alias}\`.`;
    throw new UserError(`No job named \`${name}\` in workspace \`${ws.alias}\`.${hint}`, 'job_not_found');
  }
}

async function nearNames(deps: Deps, ws: WorkspaceConfig, name: string): Promise<string[]> {
  try {
    const page = await deps.azureml.listJobsPage(ws, {});
    const lower = name.toLowerCase();
    return page.jobs
      .map((j) => ({ n: j.name, d: j.name.toLowerCase().includes(lower) ? 0 : editDistance(lower, j.name.toLowerCase()) }))
      .filter((x) => x.d <= 3)
      .sort((a, b) => a.d - b.d)
      .slice(0, 3)
      .map((x) => x.n);
  } catch (err) {
    // Suggestions are a nicety; the not-found answer stands without them.
    deps.logger.debug({ err }, 'near-name lookup failed');
    return [];
  }
}
