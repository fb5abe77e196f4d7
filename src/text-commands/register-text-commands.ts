import { ActivityTypes, CardFactory, MessageFactory } from 'botbuilder';
import type { Application } from '@microsoft/teams-ai/lib/Application';
import type { TurnState } from '@microsoft/teams-ai/lib/TurnState';
import { Deps } from '../deps';
import { commandText, turnOf } from '../shared/turn';
import { toUserMessage } from '../shared/to-user-message';
import { parseCommandAt } from './parse-command';
import { TextCommandFeature } from './text-command';

const READ = 'Microsoft.MachineLearningServices/workspaces/jobs/read';

/**
 * Text commands: one route for every message. Each feature brings its own grammar and handler; the first grammar
 * that knows the verb parses it, and that feature answers. Errors are translated once, here.
 */
export function registerTextCommands(app: Application<TurnState>, deps: Deps, features: readonly TextCommandFeature[]): void {
  const grammars = features.map((f) => f.grammar);
  app.activity(ActivityTypes.Message, async (context) => {
    // Action.Submit fallbacks arrive as messages with a value; their routes are registered first.
    if ((context.activity.value as { verb?: unknown } | undefined)?.verb !== undefined && !context.activity.text) return;
    const text = commandText(context);
    // A job card someone shared with the message extension (in the chat with JobOps too) is not a command.
    if (!text && context.activity.attachments?.some((a) => a.contentType === CardFactory.contentTypes.adaptiveCard)) return;
    const turn = turnOf(context);
    const { result: parsed, grammar } = parseCommandAt(grammars, text);
    if (!parsed.ok) {
      await context.sendActivity(parsed.error);
      return;
    }
    const cmd = parsed.command;
    const feature = features[grammar!]!;
    const t0 = performance.now();
    try {
      const reply = await feature.run(context, turn, cmd);
      if (typeof reply === 'string') await context.sendActivity(reply);
      else if (reply) await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(reply)));
      deps.telemetry?.reply(cmd.kind, performance.now() - t0, true);
    } catch (err) {
      deps.telemetry?.reply(cmd.kind, performance.now() - t0, false);
      deps.logger.warn({ err, correlationId: turn.correlationId, command: cmd.kind }, 'command failed');
      const named = (cmd as { workspace?: unknown }).workspace;
      const workspaceAlias = 'workspace' in cmd ? (typeof named === 'string' ? named : deps.config.defaultWorkspace) : undefined;
      const wording = feature.failure?.(cmd) ?? { operation: 'read that job' };
      await context.sendActivity(toUserMessage(err, { operation: wording.operation, permission: wording.permission ?? READ, workspaceAlias, correlationId: turn.correlationId }));
    }
  });
}
