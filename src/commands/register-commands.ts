import { ActivityTypes, CardFactory, MessageFactory, TurnContext } from 'botbuilder';
import type { Application } from '@microsoft/teams-ai/lib/Application';
import type { TurnState } from '@microsoft/teams-ai/lib/TurnState';
import { helpCard } from '../cards/help-card';
import { AdaptiveCardV15 } from '../cards/types';
import { Deps, Turn } from '../deps';
import { commandText, turnOf } from '../shared/turn';
import { toUserMessage } from '../shared/to-user-message';
import { ApprovalService } from '../approvals/approval-service';
import { requestProductionCancel, requestProductionRerun, requestPromotion, setApprovalChannel } from '../approvals/request-actions';
import { requestRerun } from './rerun-job';
import { showOutputs } from './outputs-job';
import { auditJob } from './audit-job';
import { runNotificationCommand } from '../notifications/subscription-commands';
import { requestCancel } from './cancel-job';
import { listJobs } from './list-jobs';
import { Command, parse } from './parse';
import { showJob } from './show-job';
import { SummaryWatcher } from './summary-watcher';
import { startSummary } from './start-summary';
import { mayCancelAnywhere, resolveWorkspace } from '../jobs/workspace';
import { compareRuns } from '../compare/compare-runs';

export interface CommandFeatures {
  watcher: SummaryWatcher;
  approvals: ApprovalService;
}

const READ = 'Microsoft.MachineLearningServices/workspaces/jobs/read';

/** Text commands: one route for every message; the parser decides, handlers return cards. */
export function registerCommands(app: Application<TurnState>, deps: Deps, features: CommandFeatures): void {
  app.activity(ActivityTypes.Message, async (context) => {
    // Action.Submit fallbacks arrive as messages with a value; their routes are registered first.
    if ((context.activity.value as { verb?: unknown } | undefined)?.verb !== undefined && !context.activity.text) return;
    const text = commandText(context);
    // A job card someone shared with the message extension (in the chat with JobOps too) is not a command.
    if (!text && context.activity.attachments?.some((a) => a.contentType === CardFactory.contentTypes.adaptiveCard)) return;
    const turn = turnOf(context);
    const parsed = parse(text);
    if (!parsed.ok) {
      await context.sendActivity(parsed.error);
      return;
    }
    const cmd = parsed.command;
    const t0 = performance.now();
    try {
      const card = await run(deps, features, context, turn, cmd);
      if (card) await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
      deps.telemetry?.reply(cmd.kind, performance.now() - t0, true);
    } catch (err) {
      deps.telemetry?.reply(cmd.kind, performance.now() - t0, false);
      deps.logger.warn({ err, correlationId: turn.correlationId, command: cmd.kind }, 'command failed');
      const workspaceAlias = 'workspace' in cmd ? (cmd.workspace ?? deps.config.defaultWorkspace) : undefined;
      const operation = cmd.kind === 'cancel' || cmd.kind === 'promote' || cmd.kind === 'rerun' ? 'look up that job' : cmd.kind === 'list' ? 'list jobs' : 'read that job';
      await context.sendActivity(toUserMessage(err, { operation, permission: READ, workspaceAlias, correlationId: turn.correlationId }));
    }
  });
}

async function run(deps: Deps, f: CommandFeatures, context: TurnContext, turn: Turn, cmd: Command): Promise<AdaptiveCardV15 | undefined> {
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
      await requestProductionCancel(deps, f.approvals, context, turn, ws, cmd.job, cmd.reason);
      return undefined;
    }
    case 'rerun': {
      const ws = resolveWorkspace(deps.config, cmd.workspace);
      if (!ws.production) return requestRerun(deps, turn, cmd.job, cmd.workspace, cmd.reason);
      await requestProductionRerun(deps, f.approvals, context, turn, ws, cmd.job, cmd.reason);
      return undefined;
    }
    case 'outputs':
      return showOutputs(deps, turn, cmd.job, cmd.workspace);
    case 'promote':
      await requestPromotion(deps, f.approvals, context, turn, cmd);
      return undefined;
    case 'subscribe':
    case 'subscriptions':
    case 'unsubscribe':
    case 'mute':
    case 'unmute': {
      const reply = await runNotificationCommand(deps, context, turn, cmd);
      if (typeof reply === 'string') {
        await context.sendActivity(reply);
        return undefined;
      }
      return reply;
    }
    case 'approvals-here':
      await context.sendActivity(await setApprovalChannel(deps, context, turn, cmd.workspace));
      return undefined;
    case 'audit':
      return auditJob(deps, cmd.job, cmd.workspace);
    case 'compare':
      return compareRuns(deps, cmd.jobs[0], cmd.jobs[1], cmd.workspace);
  }
}
