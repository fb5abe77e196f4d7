import './bot/lazy-teams-ai-install';
import { ActivityTypes, TurnContext } from 'botbuilder';
import { Application } from '@microsoft/teams-ai/lib/Application';
import type { TeamsAdapter } from '@microsoft/teams-ai/lib/TeamsAdapter';
import type { TurnState } from '@microsoft/teams-ai/lib/TurnState';
import { registerCardActions } from './actions/register-card-actions';
import { approvalCommands, productionGate } from './approvals/approval-commands';
import { ApprovalService } from './approvals/approval-service';
import { registerApprovals } from './approvals/register-approvals';
import { jobCommands } from './commands/job-commands';
import { SummaryWatcher } from './commands/summary-watcher';
import { compareCommand } from './compare/compare-command';
import { Deps } from './deps';
import { GRAMMARS } from './grammars';
import { registerMessageExtensions } from './message-extensions/register-message-extensions';
import { notificationCommands } from './notifications/subscription-commands';
import { registerTextCommands } from './text-commands/register-text-commands';
import { TextCommandFeature } from './text-commands/text-command';
import { tenantOf, turnOf } from './shared/turn';

/**
 * Builds the teams-ai Application and registers every feature in one visible order.
 * Nothing here talks to Azure or storage directly.
 */
export function createApp(adapter: TeamsAdapter, deps: Deps, watcher: SummaryWatcher, approvals: ApprovalService): Application<TurnState> {
  const app = new Application<TurnState>({
    adapter,
    botAppId: deps.config.bot.id,
    removeRecipientMention: true,
    // Replies are fast (one Azure call); a typing indicator would double outbound traffic.
    startTypingTimer: false,
    longRunningMessages: false,
  });

  // R1.4: only the configured tenant may use the bot. Messages are ignored, invokes get 403.
  app.turn('beforeTurn', async (context) => {
    const allowed = deps.config.tenantId;
    if (!allowed) return true;
    const tenant = tenantOf(context);
    if (tenant === allowed) return true;
    const turn = turnOf(context);
    deps.logger.warn({ tenant, type: context.activity.type, correlationId: turn.correlationId }, 'activity from another tenant ignored');
    await deps.audit.record({ action: 'tenant.rejected', actor: turn.actor, correlationId: turn.correlationId, outcome: 'ignored', detail: { tenant: String(tenant ?? 'none'), type: context.activity.type } });
    if (context.activity.type === ActivityTypes.Invoke) {
      await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 403, body: { message: 'This tenant may not use this bot.' } } });
    }
    return false;
  });

  // Remember where we met whom (conversation references, Teams ids) for proactive messages and approvals.
  app.turn('beforeTurn', async (context) => {
    const turn = turnOf(context);
    await deps.conversations
      // The raw name, not turn.actor's 'someone' placeholder: install events carry none, and that must not stick.
      .remember(TurnContext.getConversationReference(context.activity), { ...turn.actor, name: context.activity.from?.name }, context.activity.conversation?.conversationType)
      .catch((err: unknown) => deps.logger.warn({ err: { message: (err as Error).message } }, 'could not store the conversation reference'));
    return true;
  });

  // Approvals and card actions first: their Action.Submit fallbacks are messages that the command route must not see.
  registerApprovals(app, deps, approvals);
  // Each feature brings its own text commands; production cancels and reruns reach approvals through the gate.
  const gate = productionGate(deps, approvals);
  const features = [jobCommands(deps, { watcher, gate }), compareCommand(deps), approvalCommands(deps, approvals), notificationCommands(deps)] as TextCommandFeature[];
  // The grammar that tests, fuzzing and the manifest check (grammars.ts) must be the one the bot answers with.
  if (features.length !== GRAMMARS.length || features.some((f, i) => f.grammar !== GRAMMARS[i])) throw new Error('text command features and grammars.ts disagree');
  registerCardActions(app, deps, watcher, gate);
  registerTextCommands(app, deps, features);
  registerMessageExtensions(app, deps);

  app.error(async (context, err) => {
    const turn = turnOf(context);
    deps.logger.error({ err, correlationId: turn.correlationId, activityId: context.activity.id }, 'unhandled error in a turn');
    if (context.activity.type === ActivityTypes.Message) {
      await context.sendActivity(`Sorry, something went wrong on my side. The team can look it up with ref ${turn.correlationId}.`);
    }
  });
  return app;
}
