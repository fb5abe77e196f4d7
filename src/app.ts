import { ActivityTypes } from 'botbuilder';
import { Application, TeamsAdapter, TurnState } from '@microsoft/teams-ai';
import { registerCardActions } from './actions/register-card-actions';
import { registerCommands } from './commands/register-commands';
import { SummaryWatcher } from './commands/summary-watcher';
import { Deps } from './deps';
import { tenantOf, turnOf } from './shared/turn';

/**
 * Builds the teams-ai Application and registers every feature in one visible order.
 * Nothing here talks to Azure or storage directly.
 */
export function createApp(adapter: TeamsAdapter, deps: Deps, watcher: SummaryWatcher): Application<TurnState> {
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

  registerCommands(app, deps, watcher);
  registerCardActions(app, deps, watcher);

  app.error(async (context, err) => {
    const turn = turnOf(context);
    deps.logger.error({ err, correlationId: turn.correlationId, activityId: context.activity.id }, 'unhandled error in a turn');
    if (context.activity.type === ActivityTypes.Message) {
      await context.sendActivity(`Sorry, something went wrong on my side. The team can look it up with ref ${turn.correlationId}.`);
    }
  });
  return app;
}
