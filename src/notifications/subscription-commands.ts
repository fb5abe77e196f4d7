import { TurnContext } from 'botbuilder';
import { messageCard } from '../cards/message-card';
import { AdaptiveCardV15 } from '../cards/types';
import { findJob } from '../jobs/find-job';
import { TextCommandFeature } from '../text-commands/text-command';
import { NotificationCommand, notificationGrammar } from './notification-grammar';
import { mayCancel, resolveWorkspace } from '../jobs/workspace';
import { keyOf } from '../conversations/conversation-store';
import { Deps, Turn } from '../deps';
import { UserError, isRestLike } from '../shared/errors';
import { channelRoot } from '../shared/turn';
import { Subscription } from './subscription-store';

/** subscribe / subscriptions / unsubscribe / mute / unmute, for the conversation they are typed in. */
export function notificationCommands(deps: Deps): TextCommandFeature<NotificationCommand> {
  return { grammar: notificationGrammar, run: (context, turn, cmd) => runNotificationCommand(deps, context, turn, cmd) };
}

async function runNotificationCommand(deps: Deps, context: TurnContext, turn: Turn, cmd: NotificationCommand): Promise<AdaptiveCardV15 | string> {
  switch (cmd.kind) {
    case 'subscribe': {
      const ws = resolveWorkspace(deps.config, cmd.workspace);
      // Same people who may act on a workspace's jobs may route its notices (operators).
      if (!mayCancel(ws, turn.actor)) throw new UserError(`Only operators of \`${ws.alias}\` may subscribe a conversation to it.`, 'not_operator');
      // In a channel, notices start their own threads at the channel root rather than replying in this one.
      const reference = channelRoot(TurnContext.getConversationReference(context.activity)) as unknown as Record<string, unknown>;
      const sub = await deps.subscriptions.add({
        conversationKey: keyOf(turn.conversationId), reference, workspace: ws.alias, mode: cmd.mode, filters: cmd.filters, stuck: cmd.stuck,
        createdBy: turn.actor.name, createdAt: deps.now().toISOString(),
      });
      await deps.audit.record({ action: 'subscription.added', actor: turn.actor, workspace: ws.alias, correlationId: turn.correlationId, detail: { id: sub.id, mode: sub.mode } });
      const polled = ws.poll ? ' (polled)' : '';
      return `Subscribed: ${describe(sub)}${polled}. Id \`${sub.id}\` — \`unsubscribe ${sub.id}\` to stop.`;
    }
    case 'subscriptions': {
      const subs = (await deps.subscriptions.forConversation(turn.conversationId)).map((s) => s.value);
      if (!subs.length) return 'This conversation has no subscriptions. Try `subscribe dev failures`.';
      const lines = subs.map((s) => `\`${s.id}\` · ${describe(s)} · ${s.health === 'active' ? '✅ active' : `⚠️ stale: ${s.staleReason ?? 'Teams refused delivery'}`}`);
      return messageCard({ title: `Subscriptions here (${subs.length})`, text: lines.join('\n\n') });
    }
    case 'unsubscribe': {
      const n = await deps.subscriptions.remove(turn.conversationId, cmd.target);
      if (!n) throw new UserError('Nothing to unsubscribe: see `subscriptions` for this conversation\'s ids.', 'no_subscription');
      await deps.audit.record({ action: 'subscription.removed', actor: turn.actor, correlationId: turn.correlationId, detail: { count: n } });
      return `Removed ${n} subscription${n === 1 ? '' : 's'}.`;
    }
    case 'mute': {
      const ws = resolveWorkspace(deps.config, cmd.workspace);
      const kind = cmd.as ?? (await isJob(deps, ws, cmd.name) ? 'job' : 'experiment');
      const until = new Date(deps.now().getTime() + cmd.hours * 3_600_000);
      await deps.mutes.mute(turn.conversationId, { kind, name: cmd.name, workspace: ws.alias, until: until.toISOString(), by: turn.actor.name });
      await deps.audit.record({ action: 'notice.muted', actor: turn.actor, workspace: ws.alias, correlationId: turn.correlationId, detail: { kind, name: cmd.name, hours: cmd.hours } });
      return `Muted ${kind} \`${cmd.name}\` in \`${ws.alias}\` here until ${until.toISOString().slice(0, 16).replace('T', ' ')} UTC.`;
    }
    case 'unmute': {
      const ws = resolveWorkspace(deps.config, cmd.workspace);
      const n = await deps.mutes.unmute(turn.conversationId, ws.alias, cmd.name);
      return n ? `Unmuted \`${cmd.name}\` in \`${ws.alias}\`.` : `\`${cmd.name}\` was not muted here.`;
    }
  }
}

async function isJob(deps: Deps, ws: Parameters<typeof findJob>[1], name: string): Promise<boolean> {
  try {
    await deps.azureml.getJob(ws, name);
    return true;
  } catch (err) {
    if (isRestLike(err) && err.statusCode === 404) return false;
    throw err;
  }
}

function describe(s: Subscription): string {
  const f: string[] = [];
  if (s.filters.experiment) f.push(`experiment=${s.filters.experiment}`);
  if (s.filters.type) f.push(`type=${s.filters.type}`);
  if (s.filters.tag) f.push(`tag=${s.filters.tag.key}${s.filters.tag.value !== undefined ? `=${s.filters.tag.value}` : ''}`);
  if (s.mode === 'stuck') f.push(`queued>${s.stuck?.queuedMinutes ?? '—'}m`, `running>${s.stuck?.runningHours ?? '—'}h`);
  return `\`${s.workspace}\` ${s.mode}${f.length ? ` (${f.join(', ')})` : ''}`;
}
