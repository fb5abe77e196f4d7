import { TurnContext } from 'botbuilder';
import { helpCard } from '../cards/help-card';
import { Deps, Turn } from '../deps';
import { ProductionGate } from '../jobs/production-gate';
import { mayCancelAnywhere, resolveWorkspace } from '../jobs/workspace';
import { Reply, TextCommandFeature } from '../text-commands/text-command';
import { auditJob } from './audit-job';
import { requestCancel } from './cancel-job';
import { JobCommand, jobGrammar } from './job-grammar';
import { listJobs } from './list-jobs';
import { showOutputs } from './outputs-job';
import { requestRerun } from './rerun-job';
import { showJob } from './show-job';
import { startSummary } from './start-summary';
import { SummaryWatcher } from './summary-watcher';

export interface JobCommandNeeds {
  watcher: SummaryWatcher;
  /** Production cancels and reruns are asked of approvers (the approvals feature, injected). */
  gate: ProductionGate;
}

/** The job commands' text routes: grammar in job-grammar.ts, one handler per command here. */
export function jobCommands(deps: Deps, needs: JobCommandNeeds): TextCommandFeature<JobCommand> {
  return {
    grammar: jobGrammar,
    run: (context, turn, cmd) => run(deps, needs, context, turn, cmd),
    failure: (cmd) => ({ operation: cmd.kind === 'cancel' || cmd.kind === 'rerun' ? 'look up that job' : cmd.kind === 'list' ? 'list jobs' : 'read that job' }),
  };
}

async function run(deps: Deps, f: JobCommandNeeds, context: TurnContext, turn: Turn, cmd: JobCommand): Promise<Reply> {
  switch (cmd.kind) {
    case 'help':
      return helpCard({
        canCancel: mayCancelAnywhere(deps.config, turn.actor),
        isApprover: Object.values(deps.config.workspaces).some((w) => turn.actor.aadObjectId !== undefined && (w.approvers ?? []).includes(turn.actor.aadObjectId)),
        workspaces: Object.values(deps.config.workspaces).map((w) => ({ alias: w.alias, production: w.production })),
        defaultWorkspace: deps.config.defaultWorkspace,
      });
    case 'list':
      return listJobs(deps, turn, cmd);
    case 'show':
      return showJob(deps, turn, cmd.job, cmd.workspace);
    case 'summary':
      await startSummary(deps, f.watcher, context, turn, cmd.job, cmd.workspace);
      return undefined;
    case 'cancel': {
      const ws = resolveWorkspace(deps.config, cmd.workspace);
      if (!ws.production) return requestCancel(deps, turn, cmd.job, cmd.workspace, cmd.reason);
      await f.gate.requestCancel(context, turn, ws, cmd.job, cmd.reason);
      return undefined;
    }
    case 'rerun': {
      const ws = resolveWorkspace(deps.config, cmd.workspace);
      if (!ws.production) return requestRerun(deps, turn, cmd.job, cmd.workspace, cmd.reason);
      await f.gate.requestRerun(context, turn, ws, cmd.job, cmd.reason);
      return undefined;
    }
    case 'outputs':
      return showOutputs(deps, turn, cmd.job, cmd.workspace);
    case 'audit':
      return auditJob(deps, cmd.job, cmd.workspace);
  }
}
