import { ActivityTypes, CardFactory, MessageFactory, TurnContext } from 'botbuilder';
import { Application, TurnState } from '@microsoft/teams-ai';
import { helpCard } from '../cards/help-card';
import { AdaptiveCardV15 } from '../cards/types';
import { Deps, Turn } from '../deps';
import { commandText, turnOf } from '../shared/turn';
import { toUserMessage } from '../shared/to-user-message';
import { auditJob } from './audit-job';
import { requestCancel } from './cancel-job';
import { listJobs } from './list-jobs';
import { Command, parse } from './parse';
import { showJob } from './show-job';
import { SummaryWatcher } from './summary-watcher';
import { startSummary } from './start-summary';
import { mayCancelAnywhere } from './workspace';

const READ = 'Microsoft.MachineLearningServices/workspaces/jobs/read';

/** Text commands: one route for every message; the parser decides, handlers return cards. */
export function registerCommands(app: Application<TurnState>, deps: Deps, watcher: SummaryWatcher): void {
  app.activity(ActivityTypes.Message, async (context) => {
    const turn = turnOf(context);
    const parsed = parse(commandText(context));
    if (!parsed.ok) {
      await context.sendActivity(parsed.error);
      return;
    }
    const cmd = parsed.command;
    try {
      const card = await run(deps, watcher, context, turn, cmd);
      if (card) await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
    } catch (err) {
      deps.logger.warn({ err, correlationId: turn.correlationId, command: cmd.kind }, 'command failed');
      const workspaceAlias = 'workspace' in cmd ? (cmd.workspace ?? deps.config.defaultWorkspace) : undefined;
      const operation = cmd.kind === 'cancel' ? 'look up that job' : cmd.kind === 'list' ? 'list jobs' : 'read that job';
      await context.sendActivity(toUserMessage(err, { operation, permission: READ, workspaceAlias, correlationId: turn.correlationId }));
    }
  });
}

async function run(deps: Deps, watcher: SummaryWatcher, context: TurnContext, turn: Turn, cmd: Command): Promise<AdaptiveCardV15 | undefined> {
  switch (cmd.kind) {
    case 'help':
      return helpCard({
        canCancel: mayCancelAnywhere(deps.config, turn.actor),
        workspaces: Object.values(deps.config.workspaces).map((w) => ({ alias: w.alias, production: w.production })),
        defaultWorkspace: deps.config.defaultWorkspace,
      });
    case 'list':
      return listJobs(deps, turn, cmd);
    case 'show':
      return showJob(deps, turn, cmd.job, cmd.workspace);
    case 'summary':
      await startSummary(deps, watcher, context, turn, cmd.job, cmd.workspace);
      return undefined;
    case 'cancel':
      return requestCancel(deps, turn, cmd.job, cmd.workspace, cmd.reason);
    case 'audit':
      return auditJob(deps, cmd.job, cmd.workspace);
  }
}
