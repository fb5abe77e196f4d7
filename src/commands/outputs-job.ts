import { outputsCard } from '../cards/outputs-card';
import { AdaptiveCardV15 } from '../cards/types';
import { Deps, Turn } from '../deps';
import { findJob } from '../jobs/find-job';
import { jobOutputs } from '../jobs/job-outputs';
import { resolveWorkspace } from '../jobs/workspace';

/** `outputs <job> [in <ws>]`: one ARM GET; the URIs and commands are built from the job's definition. */
export async function showOutputs(deps: Deps, turn: Turn, jobName: string, alias: string | undefined): Promise<AdaptiveCardV15> {
  const ws = resolveWorkspace(deps.config, alias);
  const job = await findJob(deps, ws, jobName);
  const o = jobOutputs(ws, job);
  const show = deps.handles.job({ workspace: ws.alias, job: job.name, conversationId: turn.conversationId });
  return outputsCard({
    workspaceAlias: ws.alias, job: job.name, status: job.status, studioUrl: o.studioUrl, items: [...o.outputs, ...o.logs],
    downloadAll: o.downloadAll, downloadOne: o.outputs[0]?.download, showHandle: show,
  });
}
