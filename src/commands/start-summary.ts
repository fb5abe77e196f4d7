import { CardFactory, MessageFactory, TurnContext } from 'botbuilder';
import { isTerminal } from '../azureml/status';
import { summaryCard } from '../cards/summary-card';
import { Deps, Turn } from '../deps';
import { summarizeJob } from '../jobs/summarize-job';
import { SummaryWatcher } from './summary-watcher';
import { resolveWorkspace } from '../jobs/workspace';

/**
 * `summary <job>`: sends the card; for a running job also registers a watch so the card updates
 * itself in place. With expectReplies there is no posted activity to update, so no watch.
 */
export async function startSummary(deps: Deps, watcher: SummaryWatcher, context: TurnContext, turn: Turn, jobName: string, alias?: string): Promise<void> {
  const ws = resolveWorkspace(deps.config, alias);
  const { job, model } = await summarizeJob(deps, ws, jobName);
  const show = deps.handles.job({ workspace: ws.alias, job: job.name, conversationId: turn.conversationId });
  const canWatch = !isTerminal(job.status) && context.activity.deliveryMode !== 'expectReplies';
  if (!canWatch) {
    const stopped = isTerminal(job.status) ? undefined : 'Press Refresh for newer lines.';
    await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(summaryCard({ ...model, stopped, handles: { show, refresh: show } }))));
    return;
  }
  const ttlMs = deps.config.summary.watchMinutes * 60_000;
  const watchId = await deps.handles.create<'watch'>({
    kind: 'watch', workspace: ws.alias, job: job.name, state: 'active', showHandle: show, conversationId: turn.conversationId, ttlMs,
  });
  const untilUtc = new Date(deps.now().getTime() + ttlMs);
  const card = summaryCard({ ...model, live: { stopHandle: watchId, everySeconds: deps.config.summary.refreshSeconds, untilUtc }, handles: { show, refresh: show } });
  const sent = await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
  const stored = await deps.handles.get(watchId);
  if (!sent?.id || !stored || stored.value.kind !== 'watch') return;
  const reference = TurnContext.getConversationReference(context.activity) as unknown as Record<string, unknown>;
  await deps.handles.put(watchId, { ...stored.value, activityId: sent.id, reference }, stored.etag);
  await watcher.add(watchId);
}
